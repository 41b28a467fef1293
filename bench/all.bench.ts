/**
 * `npm run bench`: issue 17's figures in one run, one summary at the end:
 * 1. `bench:tiling` in full (ours against gdal2tiles and against the codec bound, tiles/s per core,
 *    peak RSS at 1x and 4x, tile-jpeg against sharp, the JPEG codecs' cost per tile);
 * 2. `bench:jp2` short (`--repeat 1`): the JPEG 2000 decoders side by side, cost per vintage;
 * 3. `bench:coordinator` short (`--jobs 20000`, streamed and held): the coordinator's jobs/s;
 * 4. `tiling plan --area hdf --vintages 3` calibrated on the bench's 1x sample dalles: the region
 *    estimate, and the same estimate at the whole-pyramid throughput measured in step 1.
 * Each part keeps its own npm script; this only runs them one after the other (their own output
 * shown as it comes) and reads back their JSON. Not a test.
 *
 * Usage: tsx bench/all.bench.ts [--size-m 400] [--no-4x] [--jobs 20000] [--jp2-repeat 1]
 *                               [--vintages 3] [--tmp <dir>] [--keep] [--json <file>]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { estimateRegion, HDF_AREA } from '../tiling/ortho/scale';

const NAME = 'bench';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'tiling/cli/bin.ts');
/** Source pixels of one vintage of the region at 5 cm (docs/scale.md, as bench/jp2.bench.ts). */
const VINTAGE_PX = 12.7e12;

const { values } = parseArgs({
  options: {
    'size-m': { type: 'string', default: '400' },
    'no-4x': { type: 'boolean', default: false },
    jobs: { type: 'string', default: '20000' },
    'jp2-repeat': { type: 'string', default: '1' },
    vintages: { type: 'string', default: '3' },
    tmp: { type: 'string', default: tmpdir() },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

/** Runs one part with its output shown; returns its wall seconds, or fails naming the part. */
function part(name: string, args: string[], nodeFlags: string[] = []): number {
  console.log(`\n${NAME}: ===== ${name} =====`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`${name} exited with ${r.status ?? r.signal}`);
  return (performance.now() - t0) / 1000;
}

/** Runs a command and returns its stdout (for `tiling plan --json`). */
function output(args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${args.slice(0, 3).join(' ')} exited with ${r.status ?? r.signal}`);
  return r.stdout;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const f0 = (n: number | null | undefined) =>
  n === null || n === undefined ? '-' : Math.round(n).toLocaleString('en-US');
const f1 = (n: number | null | undefined) => (n === null || n === undefined ? '-' : n.toFixed(1));
const f2 = (n: number | null | undefined) => (n === null || n === undefined ? '-' : n.toFixed(2));
const mib = (b: number | null | undefined) =>
  b === null || b === undefined ? '-' : `${(b / 2 ** 20).toFixed(0)} MiB`;
const x = (a: number | null | undefined, b: number | null | undefined) =>
  a && b ? `${(a / b).toFixed(2)}x` : '-';

interface RunJson {
  wallSeconds: number;
  cpuSeconds: number | null;
  peakTreeRssBytes: number;
  peakTreePssBytes: number;
  tiles: number;
  bytes: number;
  report?: { jpegEncoders: string[] } | null;
}
interface PerCore {
  byWall: number;
  byRunClock?: number | null;
  byCpu: number | null;
  byCpuAfterStartup?: number | null;
}
interface CodecJson {
  name: string;
  optimized: { cpuMsPerTile: number } | null;
  plain: { cpuMsPerTile: number } | null;
}
interface TilingJson {
  cores: number;
  list1x: string;
  work: string;
  sourcePixels: number;
  zoom: string;
  startup: { wallSeconds: number; cpuSeconds: number | null };
  ours: RunJson;
  oursSharp: RunJson;
  gdal2tiles: RunJson;
  ours4x: RunJson | null;
  bound: { cpuSeconds: number; decodeSeconds: number; encodeSeconds: number };
  codecs: CodecJson[];
  tilesPerSecondPerCore: {
    ours: PerCore;
    oursSharp: PerCore;
    ours4x: PerCore | null;
    gdal2tiles: PerCore;
    bound: PerCore;
    bound4x: PerCore | null;
  };
}
interface Jp2Json {
  rows: { name: string; gdal: number; grok: number | null; areaPx: number }[];
}
interface CoordJson {
  mode: string;
  jobs: number;
  jobsPerSecond: number;
  completePerSecond: number;
  cpuMicrosPerJob: { coordinator: number; redis: number; workers: number };
}
interface RegionJson {
  tiles: number;
  total: { tiles: number; bytes: number; coreHours: number };
  perWorkers: { workers: number; seconds: number }[];
  throughput: { tilesPerCoreSecond: number; bytesPerTile: number; measuredOn: string };
}

function main(): void {
  const tmp = resolve(values.tmp);
  mkdirSync(tmp, { recursive: true });
  const work = mkdtempSync(join(tmp, 'bench-all-'));
  const load0 = loadavg();
  const t0 = performance.now();
  const seconds: Record<string, number> = {};
  try {
    console.log(
      `${NAME}: ${availableParallelism()} cores, load average ${load0.map((l) => l.toFixed(2)).join(' ')}; work dir ${work}`,
    );
    const tilingFile = join(work, 'tiling.json');
    seconds.tiling = part('bench:tiling', [
      'bench/tiling.bench.ts',
      '--size-m',
      values['size-m'],
      ...(values['no-4x'] ? ['--no-4x'] : []),
      '--tmp',
      work,
      '--keep',
      '--json',
      tilingFile,
    ]);
    const t = readJson<TilingJson>(tilingFile);

    const jp2File = join(work, 'jp2.json');
    seconds.jp2 = part('bench:jp2 (short)', [
      'bench/jp2.bench.ts',
      '--repeat',
      values['jp2-repeat'],
      '--tmp',
      work,
      '--json',
      jp2File,
    ]);
    const jp2 = readJson<Jp2Json>(jp2File);

    const coords: CoordJson[] = [];
    for (const mode of ['stream', 'array'] as const) {
      const file = join(work, `coordinator-${mode}.json`);
      seconds[`coordinator ${mode}`] = part(
        `bench:coordinator (short, ${mode === 'stream' ? 'streamed' : 'held'})`,
        [
          'bench/coordinator.bench.ts',
          '--jobs',
          values.jobs,
          ...(mode === 'stream' ? ['--stream'] : []),
          '--json',
          file,
        ],
        ['--expose-gc'],
      );
      coords.push(readJson<CoordJson>(file));
    }

    console.log(`\n${NAME}: ===== tiling plan --area hdf (calibrated on the bench's 1x sample) =====`);
    const tp = performance.now();
    const planArgs = [CLI, 'plan', '--area', 'hdf', '--vintages', values.vintages];
    const calibrated = JSON.parse(
      output([...planArgs, '--json', t.list1x, '--out', join(work, 'plan-out')]),
    ) as RegionJson;
    console.log(output([...planArgs, t.list1x, '--out', join(work, 'plan-out')]));
    seconds.plan = (performance.now() - tp) / 1000;
    const vintages = Number(values.vintages);
    // The same region at the whole pyramid's measured throughput (step 1: CPU time of `tiling run`
    // less one process start-up, which a long-lived worker pays once; worker threads' start still
    // in), from the 4x run when there is one (the larger run, closer to a region's steady state).
    const big =
      t.ours4x && t.tilesPerSecondPerCore.ours4x
        ? t.tilesPerSecondPerCore.ours4x
        : t.tilesPerSecondPerCore.ours;
    const bigRun = t.ours4x ?? t.ours;
    const measuredRate = big.byCpuAfterStartup ?? big.byCpu;
    const measured = measuredRate
      ? (estimateRegion(
          {
            region: HDF_AREA,
            vintages,
            tilesPerCoreSecond: measuredRate,
            bytesPerTile: bigRun.tiles > 0 ? bigRun.bytes / bigRun.tiles : 15_000,
          },
          `bench:tiling, CPU of tiling run at ${t.ours4x ? '4x' : '1x'} less start-up`,
        ) as RegionJson)
      : null;

    // ----------------------------------------------------------------------------------------
    const pc = t.tilesPerSecondPerCore;
    const lines: string[] = [];
    const load1 = loadavg();
    lines.push(
      `\n${NAME}: summary (${t.cores} cores; load average ${load0[0]?.toFixed(2)} at the start, ${load1.map((l) => l.toFixed(2)).join(' ')} at the end; ${f0((performance.now() - t0) / 1000)} s in all)`,
    );
    lines.push('');
    lines.push(
      `tiling, sample ${values['size-m']} m (${f0(t.sourcePixels / 1e6)} Mpx, zooms ${t.zoom}, ${t.ours.tiles} tiles); tiles/s per core:`,
    );
    lines.push('                          by CPU  CPU-start-up  run clock   wall   peak RSS   peak PSS');
    const row = (name: string, p: PerCore | null, r: RunJson | null) =>
      p
        ? `  ${name.padEnd(24)}${f0(p.byCpu).padStart(6)}${f0(p.byCpuAfterStartup).padStart(14)}${f0(p.byRunClock).padStart(11)}${f0(p.byWall).padStart(7)}${(r ? mib(r.peakTreeRssBytes) : '').padStart(11)}${(r ? mib(r.peakTreePssBytes) : '').padStart(11)}`
        : null;
    for (const l of [
      row('ours (tile-jpeg)', pc.ours, t.ours),
      row('ours (sharp JPEG)', pc.oursSharp, t.oursSharp),
      row('ours at 4x', pc.ours4x, t.ours4x),
      row('gdal2tiles.py (PNG)', pc.gdal2tiles, t.gdal2tiles),
      row('bound: decode + encode', pc.bound, null),
      row('bound at 4x', pc.bound4x, null),
    ])
      if (l) lines.push(l);
    lines.push(
      `  whole pyramid: ${f0(pc.ours.byCpu)} tiles/s per core (CPU; goal >= 260) — ours/gdal2tiles ${x(t.gdal2tiles.wallSeconds, t.ours.wallSeconds)} wall, ${x(t.gdal2tiles.cpuSeconds, t.ours.cpuSeconds)} CPU; ours/bound ${x(t.ours.cpuSeconds, t.bound.cpuSeconds)} CPU`,
    );
    lines.push(
      `  peak RSS 4x / 1x: ${t.ours4x ? x(t.ours4x.peakTreeRssBytes, t.ours.peakTreeRssBytes) : '-'}; start-up (tiling run --help): ${f2(t.startup.wallSeconds)} s wall, ${f2(t.startup.cpuSeconds)} CPU-s`,
    );
    lines.push(
      `  our run with sharp JPEG / with tile-jpeg: ${x(t.oursSharp.cpuSeconds, t.ours.cpuSeconds)} CPU, ${x(t.oursSharp.wallSeconds, t.ours.wallSeconds)} wall (JPEG by ${t.ours.report?.jpegEncoders.join('+') || '?'} / ${t.oursSharp.report?.jpegEncoders.join('+') || '?'})`,
    );
    const codec = (prefix: string) => t.codecs.find((c) => c.name.startsWith(prefix));
    const tj = codec('tile-jpeg');
    const sh = codec('sharp');
    const lj = codec('libjpeg');
    const png = codec('PNG');
    lines.push(
      `  JPEG q85 per 256 px tile, ms CPU (optimised / plain): tile-jpeg ${f2(tj?.optimized?.cpuMsPerTile)} / ${f2(tj?.plain?.cpuMsPerTile)}, sharp ${f2(sh?.optimized?.cpuMsPerTile)} / ${f2(sh?.plain?.cpuMsPerTile)}, libjpeg-turbo alone ${f2(lj?.optimized?.cpuMsPerTile)} / ${f2(lj?.plain?.cpuMsPerTile)}; PNG edge tile ${f2(png?.optimized?.cpuMsPerTile)}`,
    );
    lines.push(
      `  ratios: sharp/tile-jpeg ${x(sh?.optimized?.cpuMsPerTile, tj?.optimized?.cpuMsPerTile)}, tile-jpeg/libjpeg ${x(tj?.optimized?.cpuMsPerTile, lj?.optimized?.cpuMsPerTile)}, optimised/plain (libjpeg) ${x(lj?.optimized?.cpuMsPerTile, lj?.plain?.cpuMsPerTile)}`,
    );
    lines.push('');
    lines.push(
      `JPEG 2000 decode (one thread, CPU, best of ${values['jp2-repeat']}), per vintage (12.7 Tpx):`,
    );
    for (const r of jp2.rows) {
      const rate = (cpu: number | null) => (cpu ? `${f1(r.areaPx / cpu / 1e6)} Mpx/s` : '-');
      const ch = (cpu: number | null) => (cpu ? `${f0(((VINTAGE_PX / r.areaPx) * cpu) / 3600)} core-h` : '-');
      lines.push(
        `  ${r.name.padEnd(24)} GDAL ${rate(r.gdal).padStart(11)} ${ch(r.gdal).padStart(12)}   Grok ${rate(r.grok).padStart(11)} ${ch(r.grok).padStart(12)}`,
      );
    }
    lines.push('');
    lines.push(`coordinator (${values.jobs} no-op jobs, 2 workers):`);
    for (const c of coords)
      lines.push(
        `  ${(c.mode === 'stream' ? 'streamed' : 'held').padEnd(9)} ${f0(c.jobsPerSecond)} jobs/s overall, ${f0(c.completePerSecond)} sustained; CPU per job: coordinator ${f0(c.cpuMicrosPerJob.coordinator)} µs (${f0(1e6 / c.cpuMicrosPerJob.coordinator)} jobs/s per core), Redis ${f0(c.cpuMicrosPerJob.redis)} µs`,
      );
    lines.push('');
    const region = (name: string, e: RegionJson) =>
      `  ${name}: ${f0(e.throughput.tilesPerCoreSecond)} tiles/s per core, ${f1(e.throughput.bytesPerTile / 1000)} kB/tile -> ${f0(e.total.tiles / 1e6)} M tiles, ${f1(e.total.bytes / 1e12)} TB, ${f0(e.total.coreHours)} core-h for ${vintages} vintage(s) (${f0(e.total.coreHours / vintages)} per vintage); wall ${e.perWorkers.map((w) => `${f1(w.seconds / 3600)} h on ${w.workers}`).join(', ')}`;
    lines.push(
      `region (tiling plan --area hdf --vintages ${vintages}), pyramid only, JPEG 2000 decoding not included:`,
    );
    lines.push(region('calibration run (1 thread, in memory)', calibrated));
    if (measured)
      lines.push(region(`tiling run ${t.ours4x ? 'at 4x' : 'at 1x'}, CPU less start-up`, measured));
    const grokWindows = jp2.rows.find((r) => r.name.startsWith("tiler's"));
    if (grokWindows?.grok)
      lines.push(
        `  + JPEG 2000 decoding through the tiler's windows (Grok): ${f0(((VINTAGE_PX / grokWindows.areaPx) * grokWindows.grok) / 3600)} core-h per vintage`,
      );
    lines.push('');
    lines.push(
      `parts: ${Object.entries(seconds)
        .map(([k, v]) => `${k} ${f0(v)} s`)
        .join(', ')}`,
    );
    console.log(lines.join('\n'));
    if (values.json)
      writeFileSync(
        values.json,
        `${JSON.stringify({ loadAverage: { start: load0, end: load1 }, tiling: t, jp2, coordinator: coords, region: { calibrated, measured }, seconds }, null, 2)}\n`,
      );
  } finally {
    if (values.keep) console.log(`${NAME}: kept ${work}`);
    else if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  console.error(`${NAME}: ${(e as Error).message}`);
  process.exitCode = 1;
}
