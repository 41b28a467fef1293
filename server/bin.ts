#!/usr/bin/env -S node --import tsx
/**
 * `npm run serve`: the twin's server. Options (all optional):
 *   --port 5173 --host 127.0.0.1 --dist dist --twin twin --db <twin>/review.sqlite
 *   --tokens <file.json>     reviewers' tokens ([{"name", "token"}]); or REVIEW_TOKENS=name=token,...
 *   --changes <file.geojson> change detections to review (repeatable; added once, by id)
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from './app';
import { ConfigError, createTokenCheck, parseTokenList, type Reviewer, readTokenFile } from './auth';
import { ItemsError, itemsFromGeojson } from './review/items';
import { ReviewStore } from './review/store';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5173' },
      host: { type: 'string', default: '127.0.0.1' },
      dist: { type: 'string', default: 'dist' },
      twin: { type: 'string', default: 'twin' },
      db: { type: 'string' },
      tokens: { type: 'string' },
      changes: { type: 'string', multiple: true },
      sync: { type: 'string', default: 'normal' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`--port must be 0..65535, got "${values.port}"`);
  if (values.sync !== 'normal' && values.sync !== 'full')
    throw new ConfigError(`--sync must be normal or full, got "${values.sync}"`);
  const twin = resolve(values.twin);
  const reviewers: Reviewer[] = values.tokens ? readTokenFile(values.tokens) : [];
  if (process.env.REVIEW_TOKENS)
    reviewers.push(...parseTokenList(process.env.REVIEW_TOKENS, 'REVIEW_TOKENS'));
  const store = ReviewStore.open(values.db ?? join(twin, 'review.sqlite'), { synchronous: values.sync });
  let added = 0;
  for (const file of values.changes ?? []) {
    let fc: unknown;
    try {
      fc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ItemsError(`${file}: ${(e as Error).message}`);
    }
    added += store.importItems(itemsFromGeojson(fc, basename(file).replace(/\.geojson$/i, ''), file));
  }
  const app = await buildServer({
    distDir: values.dist,
    twinDir: twin,
    store,
    reviewerOf: createTokenCheck(reviewers),
  });
  const stop = async () => {
    await app.close();
    store.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const address = await app.listen({ port, host: values.host });
  console.log(
    `hdf-twin server: ${address}/ (twin ${twin}, ${store.list({ limit: 1 }).total} detections to review${added ? `, ${added} new` : ''}, ${reviewers.length} reviewer token(s))`,
  );
  return 0;
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof ItemsError) console.error(`hdf-twin server: ${e.message}`);
  else console.error(e);
  process.exitCode = 1;
});
