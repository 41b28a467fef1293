/**
 * `npm run bench:buildings`: LoD1.2 buildings (`tiling buildings`) on the sample (`tiling sample`,
 * 1 km² by default: its 2024 footprints, DSM and DTM): buildings/s on one worker thread and on all
 * cores, where one building's time goes (heights, GLB), and bytes per building (all files, and the
 * GLB of the densest leaf tile alone), against the published anchor of pg2b3dm: 46 M IGN buildings
 * in 3 h 21 min (the figure quoted in issue 15 for pg2b3dm on the BD TOPO of France; its machine and
 * core count are not given; NOT measured here). Not a test: it prints a table.
 *
 * Usage: tsx bench/buildings.bench.ts [--sample <dir>] [--size-m 1000] [--tmp <dir>] [--keep]
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildingsReport, runBuildings } from '../tiling/buildings';
import { LocalJobEngine } from '../tiling/engine';
import { writeSample } from '../tiling/sample';

const NAME = 'bench:buildings';
const CORES = availableParallelism();
/** pg2b3dm's published run (issue 15): 46 M buildings in 3 h 21 min. Not measured here. */
const ANCHOR_BUILDINGS = 46e6;
const ANCHOR_SECONDS = 3 * 3600 + 21 * 60;
const ANCHOR_RATE = ANCHOR_BUILDINGS / ANCHOR_SECONDS;

const { values } = parseArgs({
  options: {
    sample: { type: 'string' },
    'size-m': { type: 'string' },
    tmp: { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const work = values.tmp ? resolve(values.tmp) : mkdtempSync(join(tmpdir(), 'bench-buildings-'));
mkdirSync(work, { recursive: true });

async function main(): Promise<void> {
  let sample = values.sample ? resolve(values.sample) : join(work, 'sample');
  if (!values.sample || !existsSync(join(sample, 'sample.json'))) {
    sample = join(work, 'sample');
    const t = performance.now();
    await writeSample({ outDir: sample, sizeMetres: Number(values['size-m'] ?? 1000), seed: 1 });
    console.error(`${NAME}: sample written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const year = 2024;
  const run = async (
    workers: number,
    out: string,
    levels: { minZoom: number; maxZoom: number } = { minZoom: 15, maxZoom: 17 },
  ): Promise<BuildingsReport> => {
    rmSync(out, { recursive: true, force: true });
    const engine = new LocalJobEngine({ workers });
    try {
      return await runBuildings({
        footprints: join(sample, 'buildings', `batiment-${year}.geojson`),
        dsm: [join(sample, 'dsm', String(year))],
        dtm: [join(sample, 'dem')],
        outDir: out,
        geoidGrid: null,
        engine,
        // Job tiles of z15 (about 780 m) by default, so that every core has work on a 1 km² sample.
        options: levels,
      });
    } finally {
      await engine.close();
    }
  };
  // Warm-up (module loading, meshoptimizer's WebAssembly), then the measured runs.
  await run(0, join(work, 'warm'));
  const main0 = await run(0, join(work, 'main'));
  const one = await run(1, join(work, 'one'));
  const all = await run(CORES, join(work, 'all'));
  // Leaves of z15 (about 780 m): tiles as full as a town's z16 ones.
  const dense = await run(1, join(work, 'dense'), { minZoom: 13, maxZoom: 15 });
  // The densest leaf tile: what a building costs once a tile's fixed overhead is shared.
  let densest = { path: '', bytes: 0, buildings: 0 };
  const leafDir = join(work, 'dense', '15');
  for (const x of readdirSync(leafDir))
    for (const f of readdirSync(join(leafDir, x))) {
      if (!f.endsWith('.glb')) continue;
      const p = join(leafDir, x, f);
      const bytes = readFileSync(p);
      const jsonLength = bytes.readUInt32LE(12);
      const json = JSON.parse(bytes.subarray(20, 20 + jsonLength).toString());
      const n = json.extensions.EXT_structural_metadata.propertyTables[0].count as number;
      if (n > densest.buildings) densest = { path: p, bytes: statSync(p).size, buildings: n };
    }
  // On the wire: meshopt output is meant to be gzipped (or brotli'd) by the server as well.
  let gzipped = 0;
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (n === '.tiling' || n === 'report.json') continue;
      if (statSync(p).isDirectory()) walk(p);
      else gzipped += gzipSync(readFileSync(p), { level: 9 }).length;
    }
  };
  walk(join(work, 'one'));
  const rate1 = one.runBuildings / one.seconds;
  const rateAll = all.runBuildings / all.seconds;
  const rows = [
    ['buildings (2024 sample)', String(one.buildings)],
    [
      'tiles (GLB), levels',
      `${one.tiles}, z${one.levels[0]}..z${one.levels[1]} (${one.perLevel.join(' / ')})`,
    ],
    ['buildings/s, main thread, warm (the kernel)', (main0.runBuildings / main0.seconds).toFixed(0)],
    ['buildings/s, 1 worker thread', rate1.toFixed(0)],
    [
      `buildings/s, ${CORES} worker threads`,
      `${rateAll.toFixed(0)} (${(rateAll / CORES).toFixed(0)} per core)`,
    ],
    [
      'bytes per building, all files',
      `${one.bytesPerBuilding} B (${(one.bytes / 1024).toFixed(1)} KiB in all)`,
    ],
    ['bytes per building, all files gzipped (HTTP)', `${Math.round(gzipped / one.buildings)} B`],
    ['bytes per building, z15 leaves (all files)', `${dense.bytesPerBuilding} B`],
    [
      'bytes per building, densest z15 leaf GLB',
      `${Math.round(densest.bytes / densest.buildings)} B (${densest.buildings} buildings, ${(densest.bytes / 1024).toFixed(1)} KiB)`,
    ],
    ['mean quality (RMS DSM - roof)', `${one.meanQuality} m`],
    [
      'pg2b3dm anchor (published, NOT measured here)',
      `46 M buildings in 3 h 21 min = ${ANCHOR_RATE.toFixed(0)} buildings/s on its whole machine (cores not given)`,
    ],
    [
      'ratio, ours per core / anchor whole machine',
      `${(main0.runBuildings / main0.seconds / ANCHOR_RATE).toFixed(3)} (warm main thread), ${(rate1 / ANCHOR_RATE).toFixed(3)} (1 worker), ${(rateAll / CORES / ANCHOR_RATE).toFixed(3)} (per core of ${CORES})`,
    ],
  ];
  const w = Math.max(...rows.map((r) => (r[0] as string).length));
  console.log(`\n${NAME}: LoD1.2 buildings on the sample (${CORES} cores here)\n`);
  for (const [k, v] of rows) console.log(`  ${(k as string).padEnd(w)}  ${v}`);
  console.log(
    "\n  The sample's houses are small (about 90 m², 20 vertices each) and its tiles hold few buildings;\n  a dense city shares each GLB's fixed part (about 2 KB of JSON and schema) among more buildings.",
  );
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    if (!values.keep && !values.tmp) rmSync(work, { recursive: true, force: true });
  });
