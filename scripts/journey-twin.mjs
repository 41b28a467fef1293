#!/usr/bin/env node
// The twin of the browser journeys (test/browser/journeys/): made by the real demo pipeline
// (scripts/demo.mjs --no-serve) on a 400 m sample, so the journeys meet what `npm run demo` gives a
// user, not fixtures. Rebuilt from scratch when missing or stale: a stamp in the folder records a
// hash of what the pipeline is made of (tiling/, scripts/, data/ if any, package-lock.json);
// any change there makes the twin again (about 40 s on two cores).
//   node scripts/journey-twin.mjs [--check]     (--check: exit 1 if missing or stale, write nothing)
// Folder: JOURNEY_TWIN, else <E2E_TMP or .tmp>/journey-twin (the same rule as playwright.config.ts).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Side of the sample, metres: 8 dalles per vintage, 5 detections, both vintages (docs/sample.md). */
export const JOURNEY_SIZE_M = 400;
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const STAMP = 'journey-stamp.json';

/** The journeys' twin folder (absolute). */
export function journeyTwinDir(env = process.env) {
  return resolve(ROOT, env.JOURNEY_TWIN ?? join(env.E2E_TMP ?? '.tmp', 'journey-twin'));
}

function files(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Hash of the pipeline's inputs: the code and data the demo reads to make the twin. */
export function pipelineHash() {
  const h = createHash('sha256');
  h.update(`size ${JOURNEY_SIZE_M}\n`);
  const all = ['tiling', 'scripts', 'data'].flatMap((d) => files(join(ROOT, d)));
  all.push(join(ROOT, 'package-lock.json'));
  for (const f of all.sort()) {
    if (!statSync(f, { throwIfNoEntry: false })) continue;
    h.update(`${relative(ROOT, f)}\n`);
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

/** Whether the twin in `dir` is complete and made by the current pipeline. */
export function journeyTwinFresh(dir = journeyTwinDir(), hash = pipelineHash()) {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, STAMP), 'utf8'));
    return stamp.hash === hash && existsSync(join(dir, 'catalog.json'));
  } catch {
    return false;
  }
}

function main() {
  const dir = journeyTwinDir();
  const hash = pipelineHash();
  const rel = relative(ROOT, dir) || '.';
  if (journeyTwinFresh(dir, hash)) {
    console.log(`journey twin: ${rel} is up to date`);
    return;
  }
  if (process.argv.includes('--check')) {
    console.error(`journey twin: ${rel} is missing or stale; run node scripts/journey-twin.mjs`);
    process.exit(1);
  }
  console.log(`journey twin: making ${rel} with scripts/demo.mjs (sample ${JOURNEY_SIZE_M} m)…`);
  const started = Date.now();
  // Made beside, then swapped in: a failed make leaves the previous twin as it was.
  const next = `${dir}.new`;
  rmSync(next, { recursive: true, force: true });
  const r = spawnSync(
    process.execPath,
    ['scripts/demo.mjs', '--no-serve', '--size-m', String(JOURNEY_SIZE_M), '--twin', next],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    console.error(`journey twin: scripts/demo.mjs failed (exit ${r.status ?? r.signal}); see above.`);
    process.exit(1);
  }
  writeFileSync(join(next, STAMP), `${JSON.stringify({ hash, sizeMetres: JOURNEY_SIZE_M }, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(next, dir);
  console.log(`journey twin: ${rel} made in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
