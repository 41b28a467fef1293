/**
 * `npm run bench:packed`: the ortho pyramid of the sample written one file per tile and packed
 * (`tiling run --packed`: one PMTiles archive per job), same dalles, same workers: objects (files
 * a store would hold: tiles or archives, plus metadata), bytes and wall time of each run, then the
 * objects, bytes and PUT rate extrapolated to a Hauts-de-France vintage (tiling/ortho/scale.ts).
 * Not a test: it prints a table (docs/packed.md quotes it).
 *
 * Usage: tsx bench/packed.bench.ts [--size-m 400] [--workers 1] [--job-span 3] [--keep] [--tmp <dir>]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { estimateRegion, HDF_AREA } from '../tiling/ortho/scale';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'tiling/cli/bin.ts');

const { values } = parseArgs({
  options: {
    'size-m': { type: 'string', default: '400' },
    workers: { type: 'string', default: '1' },
    'job-span': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    tmp: { type: 'string' },
  },
});

function tiling(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench:packed: tiling ${args.join(' ')} failed:\n${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

/** Files and bytes of an output folder as a store holds them (run state left out). */
function objectsOf(dir: string): { objects: number; bytes: number; archives: number } {
  let objects = 0;
  let bytes = 0;
  let archives = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === '.tiling') continue;
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else {
        objects++;
        bytes += s.size;
        if (name.endsWith('.pmtiles')) archives++;
      }
    }
  };
  walk(dir);
  return { objects, bytes, archives };
}

const tmp = values.tmp ? resolve(values.tmp) : mkdtempSync(join(tmpdir(), 'bench-packed-'));
try {
  const size = Number(values['size-m']);
  tiling(['sample', '--out', join(tmp, 'sample'), '--size-m', String(size)]);
  const dalles = join(tmp, 'sample', 'ortho', '2021');
  const common = ['--workers', String(values.workers), '--job-span', String(values['job-span'])];
  const runs = (['folder', 'packed'] as const).map((layout) => {
    const out = join(tmp, layout, 'ortho');
    rmSync(out, { recursive: true, force: true });
    const seconds = tiling([
      'run',
      dalles,
      '--out',
      out,
      ...common,
      ...(layout === 'packed' ? ['--packed'] : []),
    ]);
    return { layout, seconds, ...objectsOf(out) };
  });
  const [folder, packed] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  console.log(`sample ${size} m, ${values.workers} worker(s), --job-span ${values['job-span']}\n`);
  console.log('layout    objects      bytes    seconds');
  for (const r of runs)
    console.log(
      `${r.layout.padEnd(8)} ${fmt(r.objects).padStart(8)} ${mb(r.bytes).padStart(10)} ${r.seconds.toFixed(1).padStart(10)}`,
    );
  const region = estimateRegion({ region: HDF_AREA, jobZoomSpan: Number(values['job-span']) });
  const jobs = region.jobs.source + region.jobs.children;
  // A vintage: every job of the region touches data, so one archive per job, + index and metadata.
  const packedObjects = jobs + 4;
  const bytesRatio = packed.bytes / folder.bytes;
  const regionSeconds = (w: number) => (region.tiles / region.throughput.tilesPerCoreSecond) * (1 / w);
  console.log(
    `\nper object: folder ${fmt(folder.objects)} objects for ${fmt(folder.objects - 3)} tiles; packed ${fmt(packed.archives)} archives (${(
      (folder.objects - 3) / Math.max(1, packed.archives)
    ).toFixed(
      1,
    )} tiles each), bytes x${bytesRatio.toFixed(4)}, time x${(packed.seconds / folder.seconds).toFixed(2)}`,
  );
  console.log(`\n${HDF_AREA.name}, one vintage (estimate, --job-span ${values['job-span']}):`);
  console.log(`  folder: ${fmt(region.objects)} objects, ${(region.bytes / 1e12).toFixed(2)} TB`);
  console.log(
    `  packed: ${fmt(packedObjects)} objects, ${((region.bytes * bytesRatio) / 1e12).toFixed(2)} TB (${(region.tiles / jobs).toFixed(0)} tiles per archive)`,
  );
  for (const w of [64, 256, 1024])
    console.log(
      `  ${String(w).padStart(5)} workers: ${fmt(region.tiles / regionSeconds(w))} PUT/s one file per tile, ${fmt(packedObjects / regionSeconds(w))} PUT/s packed`,
    );
} finally {
  if (!values.keep) rmSync(tmp, { recursive: true, force: true });
  else console.log(`\nkept ${tmp}`);
}
