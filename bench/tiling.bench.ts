/**
 * `npm run bench:tiling`: our tiler against gdal2tiles.py on the same sample dalles, in one run,
 * and against the bound set by decoding the sources and encoding the tiles alone.
 * Not a test: it prints a table (see bench/README.md for what each figure means).
 *
 * Also: tiles/s per core by wall time, by the run's own clock and by CPU time; the start-up cost;
 * our run with the tile-jpeg addon (default) and with sharp (TILING_JPEG_ENCODER=sharp); and the
 * JPEG codecs' cost per 256 px tile (tile-jpeg batch, sharp per tile, libjpeg-turbo on one large
 * image), with and without optimised coding.
 *
 * Usage: tsx bench/tiling.bench.ts [--size-m 400] [--zoom 14-21] [--no-4x] [--repeat 3] [--gdal-driver PNG|WEBP]
 *                                  [--dalles <dir|list.txt> [--dalles-4x <dir|list.txt>]]
 *                                  [--keep] [--tmp <dir>] [--json <file>] [--wait <minutes>]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createSharpTileEncoder, ENCODE_DEFAULTS, type RawTile, type TileEncoder } from '../tiling/encode';
import { createOrthoTileEncoder, loadTileJpeg } from '../tiling/ortho';
import { inspectDalles, listDalles, openRasterSource } from '../tiling/source';
import { benchTiles3d, formatTiles3dBench, sampleDemDir } from './tiles3d';

const NAME = 'bench:tiling';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'tiling/cli/bin.ts');
const CORES = availableParallelism();
const TILE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp']);

/** Options of the benchmark (command-line flags). */
export interface BenchOptions {
  /** Side of the sample area in metres (`tiling sample --size-m`); 4x runs twice the side. */
  sizeMetres: number;
  /** Zoom range "min-max"; default: what our tiler chooses at 1x, given to gdal2tiles too. */
  zoom: string | null;
  /** Also run our tiler at 4x the input (peak RSS must not grow with input size). */
  fourX: boolean;
  /** Runs of ours at 1x with each JPEG encoder, interleaved; the one with the least CPU is kept. */
  repeat: number;
  /** gdal2tiles tile driver (GDAL 3.6 has PNG and WEBP, no JPEG). */
  gdalDriver: 'PNG' | 'WEBP';
  keep: boolean;
  tmp: string;
  json: string | null;
  /** Minutes to wait for the tiler's `run` and `sample` commands to exist. */
  waitMinutes: number;
  /** Your own dalles (folder or .txt list) instead of `tiling sample`; e.g. real PCRS. */
  dalles: string | null;
  /** Your own dalles for the 4x memory run (default: skipped when --dalles is given). */
  dalles4x: string | null;
}

export const BENCH_DEFAULTS: BenchOptions = {
  sizeMetres: 400,
  zoom: null,
  fourX: true,
  repeat: 3,
  gdalDriver: 'PNG',
  keep: false,
  tmp: tmpdir(),
  json: null,
  waitMinutes: 0,
  dalles: null,
  dalles4x: null,
};

/** What one measured process tree did. */
interface Measured {
  wallSeconds: number;
  /** Largest sum of VmRSS over the process and all its descendants, sampled every 100 ms. */
  peakTreeRssBytes: number;
  /** Same with PSS (shared pages split between processes: no double counting of forks). */
  peakTreePssBytes: number;
  /** GNU time's "Maximum resident set size": the largest single process of the tree. */
  maxProcessRssBytes: number | null;
  /** User + system CPU seconds of the process and the children it waited for (GNU time), or null. */
  cpuSeconds: number | null;
  exitCode: number;
  output: string;
}

function fail(message: string): never {
  console.error(`${NAME}: ${message}`);
  process.exit(1);
}

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'size-m': { type: 'string' },
      zoom: { type: 'string' },
      'no-4x': { type: 'boolean' },
      repeat: { type: 'string' },
      'gdal-driver': { type: 'string' },
      keep: { type: 'boolean' },
      tmp: { type: 'string' },
      json: { type: 'string' },
      wait: { type: 'string' },
      dalles: { type: 'string' },
      'dalles-4x': { type: 'string' },
    },
  });
  const o = { ...BENCH_DEFAULTS };
  if (values['size-m'] !== undefined) o.sizeMetres = Number(values['size-m']);
  if (!(o.sizeMetres > 0)) fail(`--size-m must be a positive number of metres, got ${values['size-m']}`);
  if (values.zoom !== undefined) {
    if (!/^\d+-\d+$/.test(values.zoom)) fail(`--zoom must look like 14-21, got ${values.zoom}`);
    o.zoom = values.zoom;
  }
  if (values['no-4x']) o.fourX = false;
  if (values.repeat !== undefined) o.repeat = Number(values.repeat);
  if (!(Number.isInteger(o.repeat) && o.repeat >= 1))
    fail(`--repeat must be a whole number >= 1, got ${values.repeat}`);
  if (values['gdal-driver'] !== undefined) {
    const d = values['gdal-driver'].toUpperCase();
    if (d !== 'PNG' && d !== 'WEBP') fail(`--gdal-driver must be PNG or WEBP (GDAL 3.6), got ${d}`);
    o.gdalDriver = d;
  }
  o.keep = values.keep === true;
  if (values.tmp !== undefined) o.tmp = resolve(values.tmp);
  if (values.json !== undefined) o.json = values.json;
  if (values.wait !== undefined) o.waitMinutes = Number(values.wait);
  if (values.dalles !== undefined) o.dalles = values.dalles;
  if (values['dalles-4x'] !== undefined) o.dalles4x = values['dalles-4x'];
  if (o.dalles !== null && o.dalles4x === null) o.fourX = false;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Process-tree measurement

/** Parent pid of every process (from /proc/<pid>/stat). */
function parentMap(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), Number(fields[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

function descendants(root: number, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    out.push(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return out;
}

function readKb(file: string, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the memory of a process tree until stopped; returns the peaks. */
function sampleTree(child: ChildProcess): { stop: () => { rss: number; pss: number } } {
  let peakRss = 0;
  let peakPss = 0;
  const tick = (): void => {
    if (child.pid === undefined) return;
    const pids = descendants(child.pid, parentMap());
    let rss = 0;
    let pss = 0;
    for (const pid of pids) {
      rss += readKb(`/proc/${pid}/status`, 'VmRSS');
      pss += readKb(`/proc/${pid}/smaps_rollup`, 'Pss');
    }
    peakRss = Math.max(peakRss, rss);
    peakPss = Math.max(peakPss, pss);
  };
  const timer = setInterval(tick, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return { rss: peakRss, pss: peakPss };
    },
  };
}

/** Runs a command, measuring wall time and peak memory of its whole process tree. */
function measure(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<Measured> {
  const gnuTime = existsSync('/usr/bin/time');
  const [cmd, cmdArgs] = gnuTime ? ['/usr/bin/time', ['-v', command, ...args]] : [command, args];
  return new Promise((resolveRun, reject) => {
    const start = performance.now();
    const child = spawn(cmd, cmdArgs, {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sampler = sampleTree(child);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - start) / 1000;
      const peaks = sampler.stop();
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(output);
      const user = /User time \(seconds\): ([\d.]+)/.exec(output);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(output);
      resolveRun({
        wallSeconds,
        peakTreeRssBytes: peaks.rss,
        peakTreePssBytes: peaks.pss,
        maxProcessRssBytes: m ? Number(m[1]) * 1024 : null,
        cpuSeconds: user && sys ? Number(user[1]) + Number(sys[1]) : null,
        exitCode: code ?? -1,
        output,
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** `node --import tsx bin.ts ...`: no npx/tsx wrapper processes in the measured tree. */
function tilerCommand(args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', CLI, ...args]];
}

function tilerHas(command: string): boolean {
  if (!existsSync(CLI) || !existsSync(join(ROOT, `tiling/cli/commands/${command}.ts`))) return false;
  try {
    const [cmd, args] = tilerCommand(['--help']);
    return execFileSync(cmd, args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).includes(command);
  } catch {
    return false;
  }
}

async function waitForTiler(minutes: number, needSample: boolean): Promise<void> {
  const deadline = Date.now() + minutes * 60_000;
  for (;;) {
    const missing = (needSample ? ['run', 'sample'] : ['run']).filter((c) => !tilerHas(c));
    if (missing.length === 0) return;
    if (Date.now() >= deadline) {
      fail(
        `the tiler lacks "${missing.join('" and "')}" (tiling/cli/commands/); this benchmark runs "tiling sample" and "tiling run". Pass --wait <minutes> to poll until they exist.`,
      );
    }
    console.log(`${NAME}: waiting for tiling ${missing.join(', ')} ...`);
    await new Promise((r) => setTimeout(r, 30_000));
  }
}

function requireProgram(path: string): void {
  if (!existsSync(path)) fail(`${path} not found; install gdal-bin: apt-get install gdal-bin`);
}

/** One vintage's usable 8-bit RGB dalles under `paths` (sorted) and their pixel count. */
async function pickDalles(paths: string[], what: string): Promise<{ dalles: string[]; pixels: number }> {
  const all = await listDalles(paths);
  const found = await inspectDalles(all);
  const rgb = found.usable.filter((s) => s.info.bitsPerSample === 8 && s.info.bands >= 3);
  await Promise.all(found.sources.map((s) => s.close()));
  if (rgb.length === 0) fail(`no usable 8-bit RGB dalle in ${what}`);
  // One vintage: the dalles of the first folder (samples may hold several vintages side by side).
  const folder = dirname(rgb[0]?.info.id ?? '');
  const chosen = rgb.filter((s) => dirname(s.info.id) === folder);
  return {
    dalles: chosen.map((s) => s.info.id).sort(),
    pixels: chosen.reduce((n, s) => n + s.info.width * s.info.height, 0),
  };
}

/** Generates sample dalles with `tiling sample` and picks one vintage of them. */
async function sampleDalles(
  out: string,
  sizeMetres: number,
): Promise<{ dalles: string[]; pixels: number; seconds: number }> {
  const t0 = performance.now();
  const [cmd, args] = tilerCommand(['sample', '--out', out, '--size-m', String(sizeMetres)]);
  try {
    execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    fail(`tiling sample failed: ${(e as { stderr?: Buffer }).stderr?.toString() ?? (e as Error).message}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  // The imagery only (the DEM and DSM of a small sample cover the very same ground as its dalles).
  const ortho = existsSync(join(out, 'ortho')) ? join(out, 'ortho') : out;
  return { ...(await pickDalles([ortho], `the output of tiling sample (${ortho})`)), seconds };
}

/** Tiles, bytes, and tiles whose content is PNG (our edge tiles: partly transparent). */
function treeStats(dir: string): { tiles: number; bytes: number; pngTiles: number } {
  let tiles = 0;
  let bytes = 0;
  let pngTiles = 0;
  const magic = Buffer.alloc(4);
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (TILE_EXTENSIONS.has(e.name.split('.').pop()?.toLowerCase() ?? '')) {
        tiles++;
        bytes += statSync(p).size;
        const fd = openSync(p, 'r');
        readSync(fd, magic, 0, 4, 0);
        closeSync(fd);
        if (magic.readUInt32BE(0) === 0x89504e47) pngTiles++;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { tiles, bytes, pngTiles };
}

// ---------------------------------------------------------------------------------------------
// Runs

interface RunResult extends Measured {
  tiles: number;
  bytes: number;
  pngTiles: number;
}

/** What our run's report.json says about itself (its own clock: the pyramid's jobs, workers included). */
interface OursReport {
  seconds: number;
  tiles: number;
  jpegEncoders: string[];
}

interface OursResult extends RunResult {
  zoom: string;
  report: OursReport | null;
}

async function runOurs(
  listFile: string,
  out: string,
  zoom: string | null,
  env: NodeJS.ProcessEnv = {},
): Promise<OursResult> {
  const args = ['run', listFile, '--out', out];
  if (zoom) {
    const [min, max] = zoom.split('-');
    args.push('--min-zoom', String(min), '--max-zoom', String(max));
  }
  const [cmd, cmdArgs] = tilerCommand(args);
  const m = await measure(cmd, cmdArgs, { env });
  if (m.exitCode !== 0) fail(`tiling run exited with ${m.exitCode}:\n${m.output.slice(-3000)}`);
  let usedZoom = zoom ?? '';
  let report: OursReport | null = null;
  const reportPath = join(out, 'report.json');
  if (existsSync(reportPath)) {
    const r = JSON.parse(readFileSync(reportPath, 'utf8')) as Partial<OursReport> & {
      minZoom?: number;
      maxZoom?: number;
    };
    if (r.minZoom !== undefined && r.maxZoom !== undefined) usedZoom = `${r.minZoom}-${r.maxZoom}`;
    if (typeof r.seconds === 'number' && typeof r.tiles === 'number')
      report = { seconds: r.seconds, tiles: r.tiles, jpegEncoders: r.jpegEncoders ?? [] };
  }
  if (!usedZoom) fail(`cannot tell the zoom range of our run (no report.json in ${out}); pass --zoom`);
  return { ...m, ...treeStats(out), zoom: usedZoom, report };
}

/** The fixed cost of a `tiling` process: `tiling run --help` (node, tsx, the CLI's imports), best of 3. */
async function startupCost(): Promise<{ wallSeconds: number; cpuSeconds: number | null }> {
  let best: { wallSeconds: number; cpuSeconds: number | null } | null = null;
  for (let k = 0; k < 3; k++) {
    const [cmd, args] = tilerCommand(['run', '--help']);
    const m = await measure(cmd, args);
    if (m.exitCode !== 0) fail(`tiling run --help exited with ${m.exitCode}:\n${m.output.slice(-2000)}`);
    if (best === null || m.wallSeconds < best.wallSeconds)
      best = { wallSeconds: m.wallSeconds, cpuSeconds: m.cpuSeconds };
  }
  return best as { wallSeconds: number; cpuSeconds: number | null };
}

async function runGdal2tiles(
  dalles: string[],
  work: string,
  zoom: string,
  driver: string,
): Promise<RunResult> {
  const vrt = join(work, 'dalles.vrt');
  const list = join(work, 'vrt-inputs.txt');
  writeFileSync(list, `${dalles.join('\n')}\n`);
  execFileSync('/usr/bin/gdalbuildvrt', ['-q', '-input_file_list', list, vrt]);
  const out = join(work, 'gdal2tiles');
  // Run directly: its shebang is Debian's python3 with GDAL's bindings (see TOOLCHAIN.md).
  const m = await measure('/usr/bin/gdal2tiles.py', [
    '--xyz',
    '-z',
    zoom,
    `--processes=${CORES}`,
    '-w',
    'none',
    `--tiledriver=${driver}`,
    vrt,
    out,
  ]);
  if (m.exitCode !== 0) fail(`gdal2tiles.py exited with ${m.exitCode}:\n${m.output.slice(-3000)}`);
  return { ...m, ...treeStats(out) };
}

/** What `bound` measured; `samples` are real 256 px RGBA crops of the dalles, for `codecCosts`. */
interface BoundResult {
  decodeSeconds: number;
  encodeSeconds: number;
  cpuSeconds: number;
  jpegEncoder: string;
  samples: Uint8Array[];
}

/** Tiles per batch, as `runTileJob` sends them to the encoder (tiling/ortho/job.ts). */
const BATCH = 32;

/** Encodes `count` tiles in batches of `BATCH`, `lanes` batches in flight (one per worker thread). */
async function encodeMany(
  encoder: TileEncoder,
  count: number,
  lanes: number,
  tileAt: (i: number) => RawTile,
): Promise<number> {
  let next = 0;
  let bytes = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const start = next;
      if (start >= count) return;
      next += BATCH;
      const n = Math.min(BATCH, count - start);
      const out = await encoder.encode(Array.from({ length: n }, (_, k) => tileAt(start + k)));
      for (const t of out) bytes += t.byteLength;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return bytes;
}

/** Edge tile: the crop with its right half transparent (the pyramid encodes it PNG). */
function edgeOf(crop: Uint8Array): Uint8Array {
  const e = crop.slice();
  for (let i = 0; i < 256 * 256; i++) if (i % 256 >= 128) e[i * 4 + 3] = 0;
  return e;
}

/**
 * The bound: decode every dalle with our source and encode as many 256 px tiles as the pyramid
 * has, in the codecs it has them (JPEG q85, and PNG for the partly transparent edge tiles), with
 * the pyramid's encoder (`createOrthoTileEncoder`: tile-jpeg for JPEG, sharp PNG level 3 for edge
 * tiles; sharp with one libvips thread, as in the workers), nothing else (no reprojection, no
 * resampling, no I/O of tiles). Decoding runs `CORES` windows at once and encoding `CORES`
 * batches of 32 at once, so both use every core as the tiler's worker threads do.
 */
async function bound(dalles: string[], tiles: number, pngTiles: number): Promise<BoundResult> {
  const encoder = await createOrthoTileEncoder({ format: 'jpeg', quality: 85 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const samples: Uint8Array[] = [];
  const windows: { path: string; x: number; y: number; w: number; h: number }[] = [];
  const WINDOW = 2048;
  for (const p of dalles) {
    const s = await openRasterSource(p);
    for (let y = 0; y < s.info.height; y += WINDOW) {
      for (let x = 0; x < s.info.width; x += WINDOW) {
        windows.push({
          path: p,
          x,
          y,
          w: Math.min(WINDOW, s.info.width - x),
          h: Math.min(WINDOW, s.info.height - y),
        });
      }
    }
    await s.close();
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const win = windows[next++];
      if (!win) return;
      const s = await openRasterSource(win.path);
      const rgba = await s.readWindow({ x: win.x, y: win.y, width: win.w, height: win.h });
      await s.close();
      // Keep a few real 256 px crops to encode below (one per window, from its middle).
      if (samples.length < 64 && win.w >= 256 && win.h >= 256) {
        const crop = new Uint8Array(256 * 256 * 4);
        const ox = Math.floor((win.w - 256) / 2);
        const oy = Math.floor((win.h - 256) / 2);
        for (let r = 0; r < 256; r++)
          crop.set(
            rgba.subarray(((oy + r) * win.w + ox) * 4, ((oy + r) * win.w + ox + 256) * 4),
            r * 256 * 4,
          );
        samples.push(crop);
      }
    }
  };
  await Promise.all(Array.from({ length: CORES }, lane));
  const decodeSeconds = (performance.now() - t0) / 1000;
  if (samples.length === 0) fail('no dalle window of 256 px or more to take tiles from');

  const t1 = performance.now();
  const edges = samples.map(edgeOf);
  await encodeMany(encoder, tiles, CORES, (i) => {
    const edge = i < pngTiles;
    return {
      rgba: (edge ? edges : samples)[i % samples.length] as Uint8Array,
      width: 256,
      height: 256,
      coverage: edge ? 'partial' : 'opaque',
    };
  });
  const encodeSeconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    decodeSeconds,
    encodeSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    jpegEncoder: encoder.jpegEncoder,
    samples,
  };
}

/** CPU cost of one codec: ms of CPU (all threads of this process) per 256 px tile, and bytes. */
interface CodecCost {
  name: string;
  /** Optimised Huffman coding (the pyramid's setting) and baseline tables. */
  optimized: { cpuMsPerTile: number; bytesPerTile: number } | null;
  plain: { cpuMsPerTile: number; bytesPerTile: number } | null;
}

async function cpuPerTile(
  tiles: number,
  run: () => Promise<number>,
): Promise<{ cpuMsPerTile: number; bytesPerTile: number }> {
  await run(); // warm-up (JIT, libvips' first calls), not counted
  const cpu0 = process.cpuUsage();
  const bytes = await run();
  const cpu = process.cpuUsage(cpu0);
  return { cpuMsPerTile: (cpu.user + cpu.system) / 1000 / tiles, bytesPerTile: bytes / tiles };
}

/**
 * The JPEG codecs on the same real crops, q85 4:2:0: the tile-jpeg addon's batches (the pyramid's
 * default), sharp one tile at a time (its fallback, 8 in flight), and libjpeg-turbo's own speed
 * (one 2,048 x 2,048 RGB image of the crops through sharp, per 256 px tile it holds: no per-call
 * cost); each with and without optimised coding. Plus sharp's PNG for edge tiles (level 3).
 */
async function codecCosts(samples: Uint8Array[]): Promise<CodecCost[]> {
  const N = 1024;
  const tileAt = (i: number): RawTile => ({
    rgba: samples[i % samples.length] as Uint8Array,
    width: 256,
    height: 256,
    coverage: 'opaque',
  });
  const out: CodecCost[] = [];
  const tileJpeg = (await loadTileJpeg()).encode;
  const both = async (make: (optimize: boolean) => () => Promise<number>, tiles: number) => ({
    optimized: await cpuPerTile(tiles, make(true)),
    plain: await cpuPerTile(tiles, make(false)),
  });
  if (tileJpeg) {
    out.push({
      name: 'tile-jpeg, batches of 32',
      ...(await both((optimize) => {
        const enc = createSharpTileEncoder(
          sharp,
          { format: 'jpeg', quality: 85, jpegOptimizeCoding: optimize },
          tileJpeg,
        );
        return () => encodeMany(enc, N, CORES, tileAt);
      }, N)),
    });
  } else out.push({ name: 'tile-jpeg (not built here)', optimized: null, plain: null });
  out.push({
    name: 'sharp, one call per tile',
    ...(await both((optimize) => {
      const enc = createSharpTileEncoder(sharp, {
        format: 'jpeg',
        quality: 85,
        jpegOptimizeCoding: optimize,
      });
      return () => encodeMany(enc, N, CORES, tileAt);
    }, N)),
  });
  // One large image of the crops, 8 x 8 tiles of 256 px, RGB.
  const SIDE = 2048;
  const per = SIDE / 256;
  const big = new Uint8Array(SIDE * SIDE * 3);
  for (let t = 0; t < per * per; t++) {
    const crop = samples[t % samples.length] as Uint8Array;
    const tx = (t % per) * 256;
    const ty = Math.floor(t / per) * 256;
    for (let r = 0; r < 256; r++)
      for (let c = 0; c < 256; c++) {
        const s = (r * 256 + c) * 4;
        const d = ((ty + r) * SIDE + tx + c) * 3;
        big[d] = crop[s] as number;
        big[d + 1] = crop[s + 1] as number;
        big[d + 2] = crop[s + 2] as number;
      }
  }
  const REPEAT = 8;
  out.push({
    name: 'libjpeg-turbo, one 2048 px image',
    ...(await both(
      (optimize) => async () => {
        let bytes = 0;
        for (let k = 0; k < REPEAT; k++) {
          const b = await sharp(big, { raw: { width: SIDE, height: SIDE, channels: 3 } })
            .jpeg({ quality: 85, optimiseCoding: optimize, chromaSubsampling: '4:2:0' })
            .toBuffer();
          bytes += b.byteLength;
        }
        return bytes;
      },
      REPEAT * per * per,
    )),
  });
  const edges = samples.map(edgeOf);
  const png = createSharpTileEncoder(sharp, { format: 'jpeg', quality: 85 });
  const P = 256;
  out.push({
    name: `PNG edge tile (sharp, level ${ENCODE_DEFAULTS.pngCompressionLevel})`,
    optimized: await cpuPerTile(P, () =>
      encodeMany(png, P, CORES, (i) => ({
        rgba: edges[i % edges.length] as Uint8Array,
        width: 256,
        height: 256,
        coverage: 'partial',
      })),
    ),
    plain: null,
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report

const mb = (bytes: number | null): string => (bytes === null ? '-' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
    )
    .join('\n');
}

/** Tiles per second per core of one run, three ways (see bench/README.md). */
interface PerCore {
  /** tiles / wall seconds of the process / cores. */
  byWall: number;
  /** tiles / the run's own seconds (report.json) / cores; null without a report. */
  byRunClock: number | null;
  /** tiles / CPU seconds of the process tree (user + system): per core actually used. */
  byCpu: number | null;
  /** The same without the start-up's CPU (`tiling run --help`). */
  byCpuAfterStartup: number | null;
}

function perCore(r: OursResult | RunResult, startupCpu: number | null): PerCore {
  const report = 'report' in r ? r.report : null;
  const cpu = r.cpuSeconds;
  return {
    byWall: r.tiles / r.wallSeconds / CORES,
    byRunClock: report && report.seconds > 0 ? report.tiles / report.seconds / CORES : null,
    byCpu: cpu ? r.tiles / cpu : null,
    byCpuAfterStartup: cpu && startupCpu !== null && cpu > startupCpu ? r.tiles / (cpu - startupCpu) : null,
  };
}

const fix0 = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : n.toFixed(0));
const cpuS = (n: number | null | undefined): string =>
  n === null || n === undefined ? '-' : `${n.toFixed(1)} s`;

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  requireProgram('/usr/bin/gdal2tiles.py');
  requireProgram('/usr/bin/gdalbuildvrt');
  await waitForTiler(o.waitMinutes, o.dalles === null);
  mkdirSync(o.tmp, { recursive: true });
  const work = mkdtempSync(join(o.tmp, 'bench-tiling-'));
  try {
    console.log(`${NAME}: ${CORES} cores; work dir ${work}`);
    const s1 = o.dalles
      ? { ...(await pickDalles([o.dalles], o.dalles)), seconds: 0 }
      : await sampleDalles(join(work, 'sample-1x'), o.sizeMetres);
    const list1 = join(work, 'dalles-1x.txt');
    writeFileSync(list1, `${s1.dalles.join('\n')}\n`);
    console.log(
      `${NAME}: ${o.dalles ? o.dalles : `sample ${o.sizeMetres} m`}: ${s1.dalles.length} dalle(s), ${(s1.pixels / 1e6).toFixed(0)} Mpx (generated in ${s1.seconds.toFixed(1)} s)`,
    );

    let ours = await runOurs(list1, join(work, 'ours-1x'), o.zoom);
    console.log(
      `${NAME}: ours done in ${ours.wallSeconds.toFixed(1)} s (zooms ${ours.zoom}, JPEG by ${ours.report?.jpegEncoders.join(' and ') || '?'})`,
    );
    // 3D section (bench/tiles3d.ts): needs the sample's DEM, so only without --dalles.
    const dem3d = o.dalles ? null : sampleDemDir(join(work, 'sample-1x'));
    let b3d: ReturnType<typeof benchTiles3d> | null = null;
    if (dem3d) {
      b3d = benchTiles3d({
        listFile: list1,
        demDir: dem3d,
        zoom: ours.zoom,
        work,
        pyramidSeconds: ours.wallSeconds,
        pyramidBytes: ours.bytes,
      });
      console.log(formatTiles3dBench(b3d));
    }
    // Both JPEG encoders, interleaved (a shared machine's load drifts); least CPU kept for each.
    const leastCpu = (a: OursResult, b: OursResult) =>
      (b.cpuSeconds ?? b.wallSeconds) < (a.cpuSeconds ?? a.wallSeconds) ? b : a;
    let oursBest = ours;
    let oursSharp: OursResult | null = null;
    const cpuRuns: { tileJpeg: (number | null)[]; sharp: (number | null)[] } = {
      tileJpeg: [ours.cpuSeconds],
      sharp: [],
    };
    for (let k = 0; k < o.repeat; k++) {
      const dir = join(work, 'ours-1x-sharp');
      rmSync(dir, { recursive: true, force: true });
      const r = await runOurs(list1, dir, ours.zoom, { TILING_JPEG_ENCODER: 'sharp' });
      cpuRuns.sharp.push(r.cpuSeconds);
      oursSharp = oursSharp ? leastCpu(oursSharp, r) : r;
      if (k + 1 < o.repeat) {
        const again = join(work, 'ours-1x-again');
        rmSync(again, { recursive: true, force: true });
        const r2 = await runOurs(list1, again, ours.zoom);
        cpuRuns.tileJpeg.push(r2.cpuSeconds);
        oursBest = leastCpu(oursBest, r2);
      }
    }
    if (!oursSharp) fail('internal: no run with sharp');
    const cpuList = (l: (number | null)[]) => l.map((c) => (c === null ? '-' : c.toFixed(1))).join(', ');
    console.log(
      `${NAME}: ours at 1x, CPU s of each run: tile-jpeg ${cpuList(cpuRuns.tileJpeg)}; sharp ${cpuList(cpuRuns.sharp)} (JPEG by ${oursSharp.report?.jpegEncoders.join(' and ') || '?'}); the least kept`,
    );
    // The 3D section and the tile counts used the first run; the figures below use the best.
    const ours1 = ours;
    ours = oursBest;
    const startup = await startupCost();
    const gdal = await runGdal2tiles(s1.dalles, work, ours.zoom, o.gdalDriver);
    console.log(`${NAME}: gdal2tiles done in ${gdal.wallSeconds.toFixed(1)} s`);
    const b = await bound(s1.dalles, ours.tiles, ours.pngTiles);
    const boundSeconds = b.decodeSeconds + b.encodeSeconds;
    console.log(`${NAME}: bound measured (${boundSeconds.toFixed(1)} s)`);
    const codecs = await codecCosts(b.samples);
    console.log(`${NAME}: codecs measured`);

    let ours4: (OursResult & { pixels: number }) | null = null;
    let b4: BoundResult | null = null;
    if (o.fourX) {
      const s4 = o.dalles4x
        ? await pickDalles([o.dalles4x], o.dalles4x)
        : await sampleDalles(join(work, 'sample-4x'), o.sizeMetres * 2);
      const list4 = join(work, 'dalles-4x.txt');
      writeFileSync(list4, `${s4.dalles.join('\n')}\n`);
      ours4 = { ...(await runOurs(list4, join(work, 'ours-4x'), ours.zoom)), pixels: s4.pixels };
      console.log(`${NAME}: ours 4x done in ${ours4.wallSeconds.toFixed(1)} s`);
      b4 = await bound(s4.dalles, ours4.tiles, ours4.pngTiles);
    }

    const mpxPerCore = (pixels: number, seconds: number): string =>
      (pixels / 1e6 / seconds / CORES).toFixed(1);
    const runRow = (name: string, r: RunResult, pixels: number): string[] => [
      name,
      `${r.wallSeconds.toFixed(1)} s`,
      mpxPerCore(pixels, r.wallSeconds),
      mb(r.peakTreeRssBytes),
      mb(r.peakTreePssBytes),
      mb(r.maxProcessRssBytes),
      String(r.tiles),
      mb(r.bytes),
    ];
    const rows = [
      ['', 'wall', 'Mpx/s/core', 'peak RSS tree', 'peak PSS tree', 'max 1 proc', 'tiles', 'output'],
      runRow('ours (tiling run)', ours, s1.pixels),
      runRow('ours, JPEG by sharp', oursSharp, s1.pixels),
      runRow(`gdal2tiles.py (${o.gdalDriver})`, gdal, s1.pixels),
      [
        'ratio ours/gdal2tiles',
        ratio(ours.wallSeconds, gdal.wallSeconds),
        ratio(gdal.wallSeconds, ours.wallSeconds),
        ratio(ours.peakTreeRssBytes, gdal.peakTreeRssBytes),
        ratio(ours.peakTreePssBytes, gdal.peakTreePssBytes),
        '',
        ratio(ours.tiles, gdal.tiles),
        ratio(ours.bytes, gdal.bytes),
      ],
      [
        'bound: decode + encode',
        `${boundSeconds.toFixed(1)} s`,
        mpxPerCore(s1.pixels, boundSeconds),
        '',
        '',
        '',
        String(ours.tiles),
        '',
      ],
      ['ours / bound', ratio(ours.wallSeconds, boundSeconds), '', '', '', '', '', ''],
    ];
    if (ours4) {
      rows.push(runRow(`ours at 4x input (${(ours4.pixels / 1e6).toFixed(0)} Mpx)`, ours4, ours4.pixels));
      if (b4) {
        const bound4 = b4.decodeSeconds + b4.encodeSeconds;
        rows.push([
          'bound at 4x',
          `${bound4.toFixed(1)} s`,
          mpxPerCore(ours4.pixels, bound4),
          '',
          '',
          '',
          String(ours4.tiles),
          '',
        ]);
        rows.push(['ours / bound at 4x', ratio(ours4.wallSeconds, bound4), '', '', '', '', '', '']);
      }
      rows.push([
        'peak RSS 4x / 1x',
        '',
        '',
        ratio(ours4.peakTreeRssBytes, ours.peakTreeRssBytes),
        ratio(ours4.peakTreePssBytes, ours.peakTreePssBytes),
        '',
        '',
        '',
      ]);
    }
    console.log(
      `\n${NAME}: ${s1.dalles.length} dalle(s), ${(s1.pixels / 1e6).toFixed(0)} Mpx of source, zooms ${ours.zoom}, ${CORES} cores\n`,
    );
    console.log(table(rows));

    // Tiles/s per core, three ways.
    const pc = {
      ours: perCore(ours, startup.cpuSeconds),
      oursSharp: perCore(oursSharp, startup.cpuSeconds),
      ours4x: ours4 ? perCore(ours4, startup.cpuSeconds) : null,
      gdal2tiles: perCore(gdal, null),
      bound: { byWall: ours.tiles / boundSeconds / CORES, byCpu: ours.tiles / b.cpuSeconds },
      bound4x:
        ours4 && b4
          ? {
              byWall: ours4.tiles / (b4.decodeSeconds + b4.encodeSeconds) / CORES,
              byCpu: ours4.tiles / b4.cpuSeconds,
            }
          : null,
    };
    const pcRow = (name: string, p: PerCore, r: RunResult): string[] => [
      name,
      fix0(p.byWall),
      fix0(p.byRunClock),
      fix0(p.byCpu),
      fix0(p.byCpuAfterStartup),
      cpuS(r.cpuSeconds),
    ];
    const rows2 = [
      ['tiles/s per core', 'by wall', 'by run clock', 'by CPU', 'CPU - start-up', 'CPU'],
      pcRow('ours (JPEG by tile-jpeg)', pc.ours, ours),
      pcRow('ours (JPEG by sharp)', pc.oursSharp, oursSharp),
      ...(ours4 && pc.ours4x ? [pcRow('ours at 4x', pc.ours4x, ours4)] : []),
      pcRow(`gdal2tiles.py (${o.gdalDriver})`, pc.gdal2tiles, gdal),
      ['bound: decode + encode', fix0(pc.bound.byWall), '', fix0(pc.bound.byCpu), '', cpuS(b.cpuSeconds)],
      ...(pc.bound4x && b4
        ? [['bound at 4x', fix0(pc.bound4x.byWall), '', fix0(pc.bound4x.byCpu), '', cpuS(b4.cpuSeconds)]]
        : []),
    ];
    console.log('');
    console.log(table(rows2));
    console.log(
      `start-up (tiling run --help, best of 3): ${startup.wallSeconds.toFixed(2)} s wall, ${cpuS(startup.cpuSeconds)} CPU; ` +
        `ours' wall outside its own clock: ${ours.report ? (ours.wallSeconds - ours.report.seconds).toFixed(2) : '-'} s (start-up, listing and planning, report)`,
    );

    // Codecs.
    const libjpeg = codecs.find((c) => c.name.startsWith('libjpeg'))?.optimized?.cpuMsPerTile ?? null;
    const libjpegPlain = codecs.find((c) => c.name.startsWith('libjpeg'))?.plain?.cpuMsPerTile ?? null;
    const ms = (v: number | undefined | null) => (v === undefined || v === null ? '-' : v.toFixed(2));
    const rows3 = [
      [
        'codec, 256 px tile, q85 4:2:0',
        'ms CPU optimised',
        'kB',
        'ms CPU plain',
        'kB',
        'opt/plain',
        'x libjpeg (opt)',
      ],
      ...codecs.map((c) => [
        c.name,
        ms(c.optimized?.cpuMsPerTile),
        c.optimized ? (c.optimized.bytesPerTile / 1000).toFixed(1) : '-',
        ms(c.plain?.cpuMsPerTile),
        c.plain ? (c.plain.bytesPerTile / 1000).toFixed(1) : '-',
        c.optimized && c.plain ? ratio(c.optimized.cpuMsPerTile, c.plain.cpuMsPerTile) : '',
        c.optimized && libjpeg && !c.name.startsWith('PNG') ? ratio(c.optimized.cpuMsPerTile, libjpeg) : '',
      ]),
    ];
    console.log('');
    console.log(table(rows3));
    const tj = codecs[0]?.optimized?.cpuMsPerTile;
    const sh = codecs[1]?.optimized?.cpuMsPerTile;
    console.log(
      `sharp / tile-jpeg per tile: ${tj && sh ? ratio(sh, tj) : '-'} (optimised), ${codecs[0]?.plain && codecs[1]?.plain ? ratio(codecs[1].plain.cpuMsPerTile, codecs[0].plain.cpuMsPerTile) : '-'} (plain); libjpeg-turbo alone: ${ms(libjpeg)} ms (optimised), ${ms(libjpegPlain)} ms (plain) per tile`,
    );
    console.log(
      `our run, sharp / tile-jpeg: ${oursSharp.cpuSeconds && ours.cpuSeconds ? ratio(oursSharp.cpuSeconds, ours.cpuSeconds) : '-'} CPU, ${ratio(oursSharp.wallSeconds, ours.wallSeconds)} wall`,
    );

    console.log(
      `\nthroughput ours/gdal2tiles: ${ratio(gdal.wallSeconds, ours.wallSeconds)} wall (target >= 5x), ${ours.cpuSeconds && gdal.cpuSeconds ? ratio(gdal.cpuSeconds, ours.cpuSeconds) : '-'} CPU; ours/bound: ${ratio(ours.wallSeconds, boundSeconds)} wall (target <= 2x), ${ours.cpuSeconds ? ratio(ours.cpuSeconds, b.cpuSeconds) : '-'} CPU`,
    );
    console.log(
      `whole pyramid: ${fix0(pc.ours.byCpu)} tiles/s per core by CPU (${fix0(pc.ours.byCpuAfterStartup)} without start-up, ${fix0(pc.ours.byRunClock)} by the run's clock, ${fix0(pc.ours.byWall)} by wall); goal >= 260`,
    );
    console.log(
      `bound detail: decode ${b.decodeSeconds.toFixed(1)} s, encode ${ours.tiles} tiles (${ours.pngTiles} PNG edge tiles, JPEG by ${b.jpegEncoder}) ${b.encodeSeconds.toFixed(1)} s, ${b.cpuSeconds.toFixed(1)} CPU-s`,
    );
    if (ours4 && b4) {
      console.log(
        `at 4x: ours/bound ${ratio(ours4.wallSeconds, b4.decodeSeconds + b4.encodeSeconds)} wall, ${ours4.cpuSeconds ? ratio(ours4.cpuSeconds, b4.cpuSeconds) : '-'} CPU (decode ${b4.decodeSeconds.toFixed(1)} s, encode ${ours4.tiles} tiles (${ours4.pngTiles} PNG) ${b4.encodeSeconds.toFixed(1)} s)`,
      );
    }
    if (o.json) {
      const result = {
        cores: CORES,
        work,
        list1x: list1,
        sizeMetres: o.sizeMetres,
        sourcePixels: s1.pixels,
        zoom: ours.zoom,
        startup,
        ours,
        oursSharp,
        gdal2tiles: gdal,
        bound: b,
        codecs,
        ours4x: ours4,
        bound4x: b4,
        tiles3d: b3d,
        tilesPerSecondPerCore: pc,
        cpuRuns,
        oursFirst: ours1,
      };
      writeFileSync(
        o.json,
        `${JSON.stringify(result, (k, v) => (k === 'output' || k === 'samples' ? undefined : v), 2)}\n`,
      );
    }
  } finally {
    if (o.keep) console.log(`${NAME}: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`${NAME}: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
