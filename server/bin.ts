#!/usr/bin/env -S node --import tsx
/**
 * `npm run serve`: the twin's server. Options (all optional):
 *   --port 5173 --host 127.0.0.1 --dist dist --twin twin --db <twin>/review.sqlite
 *   --tokens <file.json>     reviewers' tokens ([{"name", "token"}]); or REVIEW_TOKENS=name=token,...
 *   --changes <file.geojson> change detections to review (repeatable; added once, by id)
 *   Technicians' console (docs/console.md): --queue redis://host:port, --console-root name=dir
 *   (repeatable), --console-out <dir> (default <twin>/chantiers), --technician-tokens <file.json>
 *   or TECHNICIAN_TOKENS=name=token,..., --console-lock-ms, --console-stalled-ms, --console-max-workers
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { buildServer } from './app';
import { ConfigError, createTokenCheck, parseTokenList, type Reviewer, readTokenFile } from './auth';
import type { InputRoot } from './console/roots';
import type { ConsoleRoutesOptions } from './console/routes';
import { ConsoleRunner } from './console/runner';
import { ItemsError, itemsFromGeojson } from './review/items';

/** A bad console flag (the message names it). */
class ConsoleConfigError extends ConfigError {}

import { ReviewStore } from './review/store';

/** The console's runner and routes from the flags (server/console). */
async function setupConsole(
  values: Record<string, string | boolean | string[] | undefined>,
  twin: string,
  technicianOf: (token: string) => string | null,
  reviewerOf: (token: string) => string | null,
): Promise<{ routes: ConsoleRoutesOptions; close: () => Promise<void> }> {
  const int = (name: string, min: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min)
      throw new ConsoleConfigError(`--${name} must be an integer >= ${min}, got "${values[name]}"`);
    return n;
  };
  const roots: InputRoot[] = ((values['console-root'] as string[] | undefined) ?? []).map((entry) => {
    const eq = entry.indexOf('=');
    const dir = resolve(eq > 0 ? entry.slice(eq + 1) : entry);
    const name = eq > 0 ? entry.slice(0, eq) : basename(dir);
    if (!existsSync(dir)) throw new ConsoleConfigError(`--console-root ${entry}: ${dir} does not exist`);
    return { name, dir };
  });
  const queueUrl = typeof values.queue === 'string' ? values.queue : null;
  if (queueUrl && !/^rediss?:\/\/[^/]+/.test(queueUrl))
    throw new ConsoleConfigError(`--queue must be redis://host:port, got "${queueUrl}"`);
  const redisOptions = { maxRetriesPerRequest: null, retryStrategy: (t: number) => Math.min(100 * t, 2000) };
  const redis = queueUrl ? new Redis(queueUrl, redisOptions) : null;
  const subscriber = queueUrl ? new Redis(queueUrl, redisOptions) : null;
  redis?.on('error', () => {});
  subscriber?.on('error', () => {});
  const runner = new ConsoleRunner(
    {
      queueUrl,
      roots,
      outRoot: resolve(
        typeof values['console-out'] === 'string' ? values['console-out'] : join(twin, 'chantiers'),
      ),
      twinDir: twin,
      tilingCli: resolve(String(values['tiling-cli'])),
      lockMs: int('console-lock-ms', 100),
      stalledMs: int('console-stalled-ms', 100),
      maxWorkers: int('console-max-workers', 1),
    },
    redis,
  );
  return {
    routes: { runner, access: { technicianOf, reviewerOf }, subscriber },
    close: async () => {
      await runner.close();
      redis?.disconnect();
      subscriber?.disconnect();
    },
  };
}

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
      queue: { type: 'string' },
      'console-root': { type: 'string', multiple: true },
      'console-out': { type: 'string' },
      'technician-tokens': { type: 'string' },
      'console-lock-ms': { type: 'string', default: '30000' },
      'console-stalled-ms': { type: 'string', default: '15000' },
      'console-max-workers': { type: 'string', default: '8' },
      'tiling-cli': { type: 'string', default: 'tiling/cli/bin.ts' },
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
  const technicians: Reviewer[] = values['technician-tokens']
    ? readTokenFile(values['technician-tokens'])
    : [];
  if (process.env.TECHNICIAN_TOKENS)
    technicians.push(...parseTokenList(process.env.TECHNICIAN_TOKENS, 'TECHNICIAN_TOKENS'));
  const reviewerOf = createTokenCheck(reviewers);
  const consoleSetup = await setupConsole(values, twin, createTokenCheck(technicians), reviewerOf);
  const app = await buildServer({
    distDir: values.dist,
    twinDir: twin,
    store,
    reviewerOf,
    console: consoleSetup.routes,
  });
  const stop = async () => {
    await app.close();
    await consoleSetup.close();
    store.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const address = await app.listen({ port, host: values.host });
  console.log(
    `hdf-twin server: ${address}/ (twin ${twin}, ${store.list({ limit: 1 }).total} detections to review${added ? `, ${added} new` : ''}, ${reviewers.length} reviewer token(s), ${technicians.length} technician token(s), console ${values.queue ? `on ${values.queue}` : 'local runs only'})`,
  );
  return 0;
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof ItemsError) console.error(`hdf-twin server: ${e.message}`);
  else console.error(e);
  process.exitCode = 1;
});
