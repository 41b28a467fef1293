/**
 * `npm run bench:tiling`: our tiler against gdal2tiles.py on the same sample dalles, in one run,
 * and against the bound set by decoding the sources and encoding the tiles alone.
 * Not a test: it prints a table (see bench/README.md for what each figure means).
 *
 * Usage: tsx bench/tiling.bench.ts [--size-m 400] [--zoom 14-21] [--no-4x] [--gdal-driver PNG|WEBP]
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
import { createSharpTileEncoder, type RawTile } from '../tiling/encode';
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
  if (values['gdal-driver'] !== undefined) {
    const d = values['gdal-driver'].toUpperCase();
    if (d !== 'PNG' && d !== 'WEBP') fail(`--gdal-driver must be PNG or WEBP (GDAL 3.6), got ${d}`);
    o.gdalDriver = d;
  }
  o.keep = values.keep === true;
  if (values.tmp !== undefined) o.tmp = values.tmp;
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
      resolveRun({
        wallSeconds,
        peakTreeRssBytes: peaks.rss,
        peakTreePssBytes: peaks.pss,
        maxProcessRssBytes: m ? Number(m[1]) * 1024 : null,
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
  return { ...(await pickDalles([out], `the output of tiling sample (${out})`)), seconds };
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

async function runOurs(
  listFile: string,
  out: string,
  zoom: string | null,
): Promise<RunResult & { zoom: string }> {
  const args = ['run', listFile, '--out', out];
  if (zoom) {
    const [min, max] = zoom.split('-');
    args.push('--min-zoom', String(min), '--max-zoom', String(max));
  }
  const [cmd, cmdArgs] = tilerCommand(args);
  const m = await measure(cmd, cmdArgs);
  if (m.exitCode !== 0) fail(`tiling run exited with ${m.exitCode}:\n${m.output.slice(-3000)}`);
  let usedZoom = zoom ?? '';
  const reportPath = join(out, 'report.json');
  if (existsSync(reportPath)) {
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { minZoom?: number; maxZoom?: number };
    if (report.minZoom !== undefined && report.maxZoom !== undefined)
      usedZoom = `${report.minZoom}-${report.maxZoom}`;
  }
  if (!usedZoom) fail(`cannot tell the zoom range of our run (no report.json in ${out}); pass --zoom`);
  return { ...m, ...treeStats(out), zoom: usedZoom };
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

/**
 * The bound: decode every dalle with our source and encode as many 256 px tiles as the pyramid
 * has, in the codecs it has them (JPEG q85, and PNG for the partly transparent edge tiles), with
 * the pyramid's encoder, nothing else (no reprojection, no resampling, no I/O of tiles). Decoding
 * runs `CORES` windows at once and encoding keeps 8 tiles in flight, so both use every core as
 * the tiler does.
 */
async function bound(
  dalles: string[],
  tiles: number,
  pngTiles: number,
): Promise<{ decodeSeconds: number; encodeSeconds: number; cpuSeconds: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const samples: Uint8Array[] = [];
  const windows: { path: string; x: number; y: number; w: number; h: number }[] = [];
  const WINDOW = 2048;
  const infos = new Map<string, { width: number; height: number }>();
  for (const p of dalles) {
    const s = await openRasterSource(p);
    infos.set(p, { width: s.info.width, height: s.info.height });
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
      // Keep a few real 256 px crops to encode below.
      if (samples.length < 64 && win.w >= 256 && win.h >= 256) {
        const crop = new Uint8Array(256 * 256 * 4);
        for (let r = 0; r < 256; r++)
          crop.set(rgba.subarray(r * win.w * 4, (r * win.w + 256) * 4), r * 256 * 4);
        samples.push(crop);
      }
    }
  };
  await Promise.all(Array.from({ length: CORES }, lane));
  const decodeSeconds = (performance.now() - t0) / 1000;

  const encoder = createSharpTileEncoder(sharp, { format: 'jpeg', quality: 85 });
  const t1 = performance.now();
  // Edge tiles: the same crops with their right half transparent (the encoder makes them PNG).
  const edges = samples.map((crop) => {
    const e = crop.slice();
    for (let i = 0; i < 256 * 256; i++) if (i % 256 >= 128) e[i * 4 + 3] = 0;
    return e;
  });
  const BATCH = 64;
  for (let done = 0; done < tiles; done += BATCH) {
    const n = Math.min(BATCH, tiles - done);
    const batch: RawTile[] = Array.from({ length: n }, (_, k) => {
      const edge = done + k < pngTiles;
      return {
        rgba: (edge ? edges : samples)[(done + k) % samples.length] as Uint8Array,
        width: 256,
        height: 256,
        coverage: edge ? 'partial' : 'opaque',
      };
    });
    await encoder.encode(batch);
  }
  const encodeSeconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { decodeSeconds, encodeSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
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

    const ours = await runOurs(list1, join(work, 'ours-1x'), o.zoom);
    console.log(`${NAME}: ours done in ${ours.wallSeconds.toFixed(1)} s (zooms ${ours.zoom})`);
    // 3D section (bench/tiles3d.ts): needs the sample's DEM, so only without --dalles.
    const dem3d = o.dalles ? null : sampleDemDir(join(work, 'sample-1x'));
    if (dem3d) {
      const b3d = benchTiles3d({
        listFile: list1,
        demDir: dem3d,
        zoom: ours.zoom,
        work,
        pyramidSeconds: ours.wallSeconds,
        pyramidBytes: ours.bytes,
      });
      console.log(formatTiles3dBench(b3d));
    }
    const gdal = await runGdal2tiles(s1.dalles, work, ours.zoom, o.gdalDriver);
    console.log(`${NAME}: gdal2tiles done in ${gdal.wallSeconds.toFixed(1)} s`);
    const b = await bound(s1.dalles, ours.tiles, ours.pngTiles);
    const boundSeconds = b.decodeSeconds + b.encodeSeconds;
    console.log(`${NAME}: bound measured (${boundSeconds.toFixed(1)} s)`);

    let ours4: (RunResult & { zoom: string; pixels: number }) | null = null;
    let b4: Awaited<ReturnType<typeof bound>> | null = null;
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
    const rows = [
      ['', 'wall', 'Mpx/s/core', 'peak RSS tree', 'peak PSS tree', 'max 1 proc', 'tiles', 'output'],
      [
        'ours (tiling run)',
        `${ours.wallSeconds.toFixed(1)} s`,
        mpxPerCore(s1.pixels, ours.wallSeconds),
        mb(ours.peakTreeRssBytes),
        mb(ours.peakTreePssBytes),
        mb(ours.maxProcessRssBytes),
        String(ours.tiles),
        mb(ours.bytes),
      ],
      [
        `gdal2tiles.py (${o.gdalDriver})`,
        `${gdal.wallSeconds.toFixed(1)} s`,
        mpxPerCore(s1.pixels, gdal.wallSeconds),
        mb(gdal.peakTreeRssBytes),
        mb(gdal.peakTreePssBytes),
        mb(gdal.maxProcessRssBytes),
        String(gdal.tiles),
        mb(gdal.bytes),
      ],
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
      rows.push([
        `ours at 4x input (${(ours4.pixels / 1e6).toFixed(0)} Mpx)`,
        `${ours4.wallSeconds.toFixed(1)} s`,
        mpxPerCore(ours4.pixels, ours4.wallSeconds),
        mb(ours4.peakTreeRssBytes),
        mb(ours4.peakTreePssBytes),
        mb(ours4.maxProcessRssBytes),
        String(ours4.tiles),
        mb(ours4.bytes),
      ]);
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
    console.log(
      `\nthroughput ours/gdal2tiles: ${ratio(gdal.wallSeconds, ours.wallSeconds)} (target >= 5x); ours/bound: ${ratio(ours.wallSeconds, boundSeconds)} (target <= 2x)`,
    );
    console.log(
      `bound detail: decode ${b.decodeSeconds.toFixed(1)} s, encode ${ours.tiles} tiles (${ours.pngTiles} PNG edge tiles) ${b.encodeSeconds.toFixed(1)} s, ${b.cpuSeconds.toFixed(1)} CPU-s`,
    );
    if (ours4 && b4) {
      console.log(
        `at 4x: ours/bound ${ratio(ours4.wallSeconds, b4.decodeSeconds + b4.encodeSeconds)} (decode ${b4.decodeSeconds.toFixed(1)} s, encode ${ours4.tiles} tiles (${ours4.pngTiles} PNG) ${b4.encodeSeconds.toFixed(1)} s)`,
      );
    }
    if (o.json) {
      writeFileSync(
        o.json,
        `${JSON.stringify({ cores: CORES, sizeMetres: o.sizeMetres, sourcePixels: s1.pixels, zoom: ours.zoom, ours, gdal2tiles: gdal, bound: b, ours4x: ours4, bound4x: b4 }, (k, v) => (k === 'output' ? undefined : v), 2)}\n`,
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
