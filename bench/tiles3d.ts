/**
 * The 3D section of `npm run bench:tiling`: what `--3d` adds over the imagery pyramid alone, on
 * the same dalles and zooms: extra wall time (target: under 30 % more), extra bytes, and the mesh
 * stage's own speed (3D tiles per second, from <3d-out>/report.json). Run by tiling.bench.ts
 * after its pyramid-only run; usable alone: tsx bench/tiles3d.ts <dalles list> <dem dir> <zoom> <pyramid seconds> <pyramid bytes>.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'tiling/cli/bin.ts');

/** Figures of the 3D section. */
export interface Tiles3dBenchResult {
  /** Wall seconds of `tiling run --3d` (pyramid + 3D) and of the pyramid alone. */
  totalSeconds: number;
  pyramidSeconds: number;
  /** (total - pyramid) / pyramid. */
  extraTimeRatio: number;
  tiles3d: number;
  bytes3d: number;
  /** bytes3d / pyramid bytes. */
  extraBytesRatio: number;
  /** Mesh stage alone: 3D tiles per second (all cores) and its seconds. */
  meshTilesPerSecond: number;
  meshSeconds: number;
  triangles: number;
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (name === '.tiling' || name === 'report.json') continue;
    const p = join(dir, name);
    const s = statSync(p);
    n += s.isDirectory() ? folderBytes(p) : s.size;
  }
  return n;
}

/** Runs `tiling run --3d` into `work/ours-3d` and compares with the pyramid-only run. */
export function benchTiles3d(o: {
  listFile: string;
  demDir: string;
  zoom: string;
  work: string;
  pyramidSeconds: number;
  pyramidBytes: number;
}): Tiles3dBenchResult {
  const out = join(o.work, 'ours-3d', 'ortho');
  rmSync(join(o.work, 'ours-3d'), { recursive: true, force: true });
  const [min, max] = o.zoom.split('-');
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      'run',
      o.listFile,
      '--out',
      out,
      '--min-zoom',
      String(min),
      '--max-zoom',
      String(max),
      '--3d',
      '--dem',
      o.demDir,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
  );
  const totalSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(
      `bench:tiling 3d: tiling run --3d exited with ${r.status}:\n${(r.stderr + r.stdout).slice(-3000)}`,
    );
  const dir3d = join(o.work, 'ours-3d', '3d');
  const report = JSON.parse(readFileSync(join(dir3d, 'report.json'), 'utf8')) as {
    tiles: number;
    seconds: number;
    triangles: number;
  };
  const bytes3d = folderBytes(dir3d);
  return {
    totalSeconds,
    pyramidSeconds: o.pyramidSeconds,
    extraTimeRatio: (totalSeconds - o.pyramidSeconds) / o.pyramidSeconds,
    tiles3d: report.tiles,
    bytes3d,
    extraBytesRatio: bytes3d / o.pyramidBytes,
    meshTilesPerSecond: report.seconds > 0 ? report.tiles / report.seconds : 0,
    meshSeconds: report.seconds,
    triangles: report.triangles,
  };
}

/** The section's lines for the printed report. */
export function formatTiles3dBench(b: Tiles3dBenchResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  return [
    '3D tiles (tiling run --3d, same dalles and zooms):',
    `  time: ${b.totalSeconds.toFixed(1)} s vs ${b.pyramidSeconds.toFixed(1)} s pyramid alone: +${pct(b.extraTimeRatio)} (target < 30 %)`,
    `  bytes: ${(b.bytes3d / 2 ** 20).toFixed(0)} MiB of 3D tiles = ${pct(b.extraBytesRatio)} of the pyramid (textures are the imagery tiles' own bytes)`,
    `  mesh stage: ${b.tiles3d} 3D tiles in ${b.meshSeconds.toFixed(1)} s = ${b.meshTilesPerSecond.toFixed(0)} tiles/s, ${b.triangles} triangles`,
  ].join('\n');
}

/** The DEM folder beside sample dalles (`tiling sample` writes <sample>/dem), or null. */
export function sampleDemDir(sampleDir: string): string | null {
  const dem = join(sampleDir, 'dem');
  return existsSync(dem) ? dem : null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [listFile, demDir, zoom, seconds, bytes] = process.argv.slice(2);
  if (!listFile || !demDir || !zoom || !seconds || !bytes) {
    console.error(
      'usage: tsx bench/tiles3d.ts <dalles list> <dem dir> <zoom min-max> <pyramid seconds> <pyramid bytes>',
    );
    process.exit(2);
  }
  const work = join(dirname(resolve(listFile)), 'bench-3d');
  console.log(
    formatTiles3dBench(
      benchTiles3d({
        listFile,
        demDir,
        zoom,
        work,
        pyramidSeconds: Number(seconds),
        pyramidBytes: Number(bytes),
      }),
    ),
  );
}
