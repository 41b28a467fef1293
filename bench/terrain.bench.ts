/**
 * `npm run bench:terrain`: quantized-mesh terrain (`tiling terrain`) on the sample DEM: tiles/s on
 * one thread and on all cores, where one tile's time goes (DEM sampling, RTIN + encoding, gzip), and
 * bytes per tile, against the published anchor of ctb-tile (Cesium Terrain Builder, ~150 tiles/s
 * on one thread: a figure from its users, NOT measured here; C++ over GDAL, heightmap-derived
 * meshes). Not a test: it prints a table.
 *
 * Usage: tsx bench/terrain.bench.ts [--dem <file|dir>] [--tmp <dir>] [--keep]
 * Default DEM: twin/sample/dem (made by `npm run demo`); without it, a synthetic 1 km DEM at 1 m.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateSync, gzipSync } from 'node:zlib';
import { constantGeoid, listDemFiles, readDemRaster } from '../tiling/dem';
import { encodeFloat32GeoTiff } from '../tiling/encode/geotiff';
import { LocalJobEngine } from '../tiling/engine';
import { createCrsTransform } from '../tiling/reproject';
import { encodeTerrainTile, levelMaximumGeometricError, runTerrain, setupTerrain } from '../tiling/terrain';
import { sampleTileHeights } from '../tiling/tiles3d/job';

const NAME = 'bench:terrain';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORES = availableParallelism();
/** ctb-tile's throughput as published by its users (one thread): not measured here. */
const CTB_TILES_PER_SECOND = 150;

const { values } = parseArgs({
  options: { dem: { type: 'string' }, tmp: { type: 'string' }, keep: { type: 'boolean' } },
});
const work = values.tmp ? resolve(values.tmp) : mkdtempSync(join(tmpdir(), 'bench-terrain-'));
mkdirSync(work, { recursive: true });

function syntheticDem(path: string): void {
  const side = 1000;
  const v = new Float32Array(side * side);
  for (let j = 0; j < side; j++)
    for (let i = 0; i < side; i++)
      v[j * side + i] = 30 + 12 * Math.sin(i / 90) * Math.cos(j / 120) + 0.4 * Math.sin(i * 1.7 + j * 0.3);
  const bytes = encodeFloat32GeoTiff(
    v,
    side,
    side,
    { epsg: 2154, originX: 708000, originY: 7059000, pixelSizeX: 1, pixelSizeY: 1 },
    { tileSize: 256, compress: (b) => deflateSync(b) },
  );
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

let demInput = values.dem ?? join(ROOT, 'twin', 'sample', 'dem');
let demLabel = values.dem ?? 'twin/sample/dem (the demo sample)';
if (!existsSync(demInput)) {
  demInput = join(work, 'dem', 'synthetic.tif');
  demLabel = 'synthetic 1 km DEM at 1 m (no twin/sample/dem: run npm run demo for the sample)';
  syntheticDem(demInput);
}
const demFiles = await listDemFiles([demInput]);

async function timedRun(workers: number, out: string) {
  const engine = new LocalJobEngine({ workers });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const r = await runTerrain({ demFiles, outDir: out, geoidGrid: null, engine });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { r, seconds, mainCpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    await engine.close();
  }
}

const one = await timedRun(0, join(work, 'one'));
const all = await timedRun(CORES, join(work, 'all'));

// Where one tile's time goes (this thread, every tile of the plan once).
const setup = await setupTerrain(demFiles, null, {});
const crs = createCrsTransform(setup.epsg);
const rasters = await Promise.all(setup.dems.map((d) => readDemRaster(d.id)));
const ctx = {
  crs,
  dems: setup.dems,
  loadDem: async (i: number) => rasters[i] as (typeof rasters)[number],
  geoid: constantGeoid(45),
};
let tSample = 0;
let tEncode = 0;
let tGzip = 0;
let n = 0;
let raw = 0;
let gz = 0;
const finest = { tiles: 0, raw: 0, gz: 0, triangles: 0 };
for (let z = 0; z <= setup.options.maxZoom; z++)
  for (const t of setup.plan.cover.tiles(z)) {
    const a = performance.now();
    const heights = await sampleTileHeights(t, ctx, setup.options.gridSize);
    const b = performance.now();
    if (!heights) continue;
    const e = encodeTerrainTile(t, setup.options.gridSize, heights, levelMaximumGeometricError(z));
    const c = performance.now();
    const g = gzipSync(e.bytes, { level: 9 });
    const d = performance.now();
    tSample += b - a;
    tEncode += c - b;
    tGzip += d - c;
    n++;
    raw += e.bytes.length;
    gz += g.length;
    if (z === setup.options.maxZoom) {
      finest.tiles++;
      finest.raw += e.bytes.length;
      finest.gz += g.length;
      finest.triangles += e.triangles;
    }
  }

const perCoreOne = one.r.runTiles / one.seconds;
const perCoreAll = all.r.runTiles / all.seconds / CORES;
const ms = (t: number) => (t / n).toFixed(2);
const lines = [
  `${NAME}: ${demFiles.length} DEM file(s) from ${demLabel}; levels 0..${setup.options.maxZoom}, ${setup.plan.tiles} tiles, grid ${setup.options.gridSize}, ${CORES} core(s) (shared with whatever else runs)`,
  '',
  '| run | tiles | seconds | tiles/s | tiles/s per core | vs ctb-tile 150 tiles/s (published, not measured here) | bytes per tile as written |',
  '|---|---:|---:|---:|---:|---:|---:|',
  `| 1 thread (main) | ${one.r.runTiles} | ${one.seconds.toFixed(2)} | ${perCoreOne.toFixed(0)} | ${perCoreOne.toFixed(0)} | ${(perCoreOne / CTB_TILES_PER_SECOND).toFixed(2)}x | ${(one.r.bytes / one.r.tiles).toFixed(0)} |`,
  `| ${CORES} worker threads | ${all.r.runTiles} | ${all.seconds.toFixed(2)} | ${(all.r.runTiles / all.seconds).toFixed(0)} | ${perCoreAll.toFixed(0)} | ${(perCoreAll / CTB_TILES_PER_SECOND).toFixed(2)}x | ${(all.r.bytes / all.r.tiles).toFixed(0)} |`,
  '',
  `per tile (1 thread, ${n} tiles): DEM sampling + geoid ${ms(tSample)} ms, RTIN + quantized-mesh encoding ${ms(tEncode)} ms, gzip ${ms(tGzip)} ms; the rest of a run is reading the DEM, writing files and starting workers`,
  `bytes per tile: ${(gz / n).toFixed(0)} B gzipped (${(raw / n).toFixed(0)} B raw, gzip saves ${(100 * (1 - gz / raw)).toFixed(0)} %); finest level z${setup.options.maxZoom}: ${(finest.gz / finest.tiles).toFixed(0)} B gzipped, ${(finest.triangles / finest.tiles).toFixed(0)} triangles per tile`,
  `mesh error per level: CesiumJS's geometric error, ${levelMaximumGeometricError(setup.options.maxZoom).toFixed(3)} m at z${setup.options.maxZoom}`,
];
console.log(lines.join('\n'));
if (!values.keep && !values.tmp) rmSync(work, { recursive: true, force: true });
