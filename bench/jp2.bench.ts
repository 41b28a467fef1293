/**
 * `npm run bench:jp2`: JPEG 2000 decoders side by side, GDAL/OpenJPEG against Grok, on a real-size
 * PCRS-like JP2 dalle (4,000 x 4,000 px, 5 cm, lossy about 1:10, 1,024 px tiles, 6 resolutions,
 * GeoJP2 + GMLJP2) made with GDAL from the sample; and the per-vintage decode cost.
 * Not a test: it prints a table (bench/README.md says what each figure means).
 *
 * Every figure is CPU seconds (user + system, GNU time) of one single-threaded decoder process,
 * the best of `--repeat` runs (default 3): on a shared machine CPU time is steadier than wall time.
 *
 * Usage: tsx bench/jp2.bench.ts [--dalle <file.jp2>] [--repeat 3] [--keep] [--tmp <dir>] [--json <file>]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PixelWindow, RasterSource } from '../tiling/core';
import { planContext, runTileJob } from '../tiling/ortho';
import { planPyramid } from '../tiling/plan';
import { findProgram, Jp2RasterSource } from '../tiling/source';
import { MemorySideStore, MemoryTileTarget } from '../tiling/write';

const NAME = 'bench:jp2';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Source pixels of one vintage of the region at 5 cm (docs/scale.md). */
const VINTAGE_PX = 12.7e12;
/** IGN-like JPEG 2000 (gdal_translate -of JP2OpenJPEG). */
export const JP2_CREATION = [
  ...['-co', 'QUALITY=10', '-co', 'REVERSIBLE=NO', '-co', 'YCC=YES'],
  ...['-co', 'BLOCKXSIZE=1024', '-co', 'BLOCKYSIZE=1024', '-co', 'RESOLUTIONS=6', '-co', 'PROGRESSION=RPCL'],
  ...['-co', 'GMLJP2=YES', '-co', 'GeoJP2=YES'],
];

function fail(message: string): never {
  console.error(`${NAME}: ${message}`);
  process.exit(1);
}

/** CPU seconds (user + system) of one run of a program, through GNU time. */
function cpuSeconds(exe: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', exe, ...args], {
    encoding: 'utf8',
    env: env ?? process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) fail(`${exe} ${args.join(' ')} failed: ${(r.stderr ?? '').trim().slice(-400)}`);
  return Number(m[1]) + Number(m[2]);
}

/** A decode request: a full-resolution region and a resolution level. */
interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  level: number;
}

const GDAL_ENV = { ...process.env, GDAL_NUM_THREADS: '1', OPJ_NUM_THREADS: '1' };

function gdalCpu(file: string, r: Region, out: string, full: { width: number; height: number }): number {
  const s = 2 ** r.level;
  const whole = r.x0 === 0 && r.y0 === 0 && r.x1 === full.width && r.y1 === full.height;
  const args = [
    '-q',
    ...['-of', 'ENVI', '-co', 'INTERLEAVE=BIP'],
    ...(whole ? [] : ['-srcwin', `${r.x0}`, `${r.y0}`, `${r.x1 - r.x0}`, `${r.y1 - r.y0}`]),
    ...(r.level > 0
      ? [
          '-outsize',
          `${Math.ceil(r.x1 / s) - Math.ceil(r.x0 / s)}`,
          `${Math.ceil(r.y1 / s) - Math.ceil(r.y0 / s)}`,
        ]
      : []),
    file,
    out,
  ];
  return cpuSeconds('gdal_translate', args, GDAL_ENV);
}

function grokCpu(file: string, r: Region, out: string, full: { width: number; height: number }): number {
  const whole = r.x0 === 0 && r.y0 === 0 && r.x1 === full.width && r.y1 === full.height;
  const args = [
    ...['-H', '1', '-i', file, '-o', out],
    ...(whole ? [] : ['-d', `${r.x0},${r.y0},${r.x1},${r.y1}`]),
    ...(r.level > 0 ? ['-r', `${r.level}`] : []),
  ];
  return cpuSeconds('grk_decompress', args);
}

/** The windows the tiler reads from `file` (recorded while its jobs run, warp included). */
async function tilerWindows(file: string): Promise<PixelWindow[]> {
  const src = await Jp2RasterSource.open(file);
  const windows: PixelWindow[] = [];
  const recording: RasterSource = {
    info: src.info,
    readWindow: (w, o) => {
      windows.push({ ...w });
      return src.readWindow(w, o);
    },
    close: () => src.close(),
  };
  const plan = planPyramid([src.info], {});
  const ctx = planContext(plan);
  const encoder = {
    format: 'png' as const,
    extension: 'raw',
    mimeType: 'application/octet-stream',
    jpegEncoder: 'sharp' as const,
    encode: async (tiles: readonly { rgba: Uint8Array }[]) => tiles.map(() => new Uint8Array(0)),
  };
  const target = new MemoryTileTarget();
  const side = new MemorySideStore();
  for (const job of plan.jobs) {
    if (job.kind !== 'source') continue;
    await runTileJob(job, { plan: ctx, openDalle: async () => recording, encoder, target, side });
  }
  await src.close();
  return windows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dalle: { type: 'string' },
      repeat: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      tmp: { type: 'string', default: tmpdir() },
      json: { type: 'string' },
    },
  });
  const repeat = Math.max(1, Number(values.repeat));
  if (!existsSync('/usr/bin/time')) fail('needs GNU time (/usr/bin/time): apt-get install time');
  if (!findProgram('gdal_translate')) fail('needs GDAL: apt-get install gdal-bin');
  const grok = findProgram('grk_decompress') !== null;
  if (!grok) console.error(`${NAME}: Grok is not installed (apt-get install grokj2k-tools): GDAL only.`);
  const work = mkdtempSync(join(values.tmp, 'bench-jp2-'));
  try {
    let file = values.dalle ?? '';
    if (!file) {
      const sample = join(work, 'sample');
      console.error(`${NAME}: tiling sample --size-m 200 and gdal_translate -of JP2OpenJPEG ...`);
      execFileSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'tiling/cli/bin.ts'), 'sample', '--out', sample, '--size-m', '200'],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      const dir = join(sample, 'ortho', '2024');
      const tif = join(dir, readdirSync(dir).find((f) => f.endsWith('.tif')) ?? fail('no sample dalle'));
      file = join(work, 'dalle.jp2');
      execFileSync('gdal_translate', ['-q', '-of', 'JP2OpenJPEG', ...JP2_CREATION, tif, file]);
    }
    const src = await Jp2RasterSource.open(file);
    const full = { width: src.info.width, height: src.info.height };
    await src.close();
    const rawBytes = full.width * full.height * src.info.bands;
    const ratio = rawBytes / statSync(file).size;
    const px = full.width * full.height;
    console.error(`${NAME}: recording the tiler's windows (its jobs on this dalle) ...`);
    const windows = await tilerWindows(file);
    const windowPx = windows.reduce((n, w) => n + w.width * w.height, 0);

    const out = join(work, 'out');
    mkdirSync(out, { recursive: true });
    const cases: { name: string; regions: Region[]; areaPx: number }[] = [
      {
        name: 'whole dalle',
        regions: [{ x0: 0, y0: 0, x1: full.width, y1: full.height, level: 0 }],
        areaPx: px,
      },
      {
        name: 'window 2048 px',
        regions: [{ x0: 1000, y0: 1000, x1: 3048, y1: 3048, level: 0 }],
        areaPx: 2048 * 2048,
      },
      {
        name: 'window 1024 px',
        regions: [{ x0: 1100, y0: 1100, x1: 2124, y1: 2124, level: 0 }],
        areaPx: 1024 * 1024,
      },
      {
        name: "tiler's windows",
        regions: windows.map((w) => {
          const x0 = Math.max(0, w.x);
          const y0 = Math.max(0, w.y);
          return {
            x0,
            y0,
            x1: Math.min(full.width, w.x + w.width),
            y1: Math.min(full.height, w.y + w.height),
            level: 0,
          };
        }),
        areaPx: px,
      },
      { name: 'level 1 (1/2), whole', regions: [{ x0: 0, y0: 0, ...toEnd(full), level: 1 }], areaPx: px },
      { name: 'level 2 (1/4), whole', regions: [{ x0: 0, y0: 0, ...toEnd(full), level: 2 }], areaPx: px },
      {
        name: 'level 1, window 2048 px',
        regions: [{ x0: 1000, y0: 1000, x1: 3048, y1: 3048, level: 1 }],
        areaPx: 2048 * 2048,
      },
    ];
    const rows: { name: string; gdal: number; grok: number | null; areaPx: number }[] = [];
    for (const c of cases) {
      const best = (f: (r: Region, i: number) => number): number => {
        let min = Number.POSITIVE_INFINITY;
        for (let k = 0; k < repeat; k++)
          min = Math.min(
            min,
            c.regions.reduce((s, r, i) => s + f(r, i), 0),
          );
        return min;
      };
      const gdal = best((r, i) => gdalCpu(file, r, join(out, `g${i}.bin`), full));
      const grk = grok ? best((r, i) => grokCpu(file, r, join(out, `k${i}.raw`), full)) : null;
      rows.push({ name: c.name, gdal, grok: grk, areaPx: c.areaPx });
      console.error(`  ${c.name}: GDAL ${gdal.toFixed(2)} s, Grok ${grk === null ? '-' : grk.toFixed(2)} s`);
    }

    const rate = (cpu: number, area: number) => area / cpu / 1e6;
    const coreHours = (cpu: number, area: number) => ((VINTAGE_PX / area) * cpu) / 3600;
    const lines: string[] = [];
    lines.push(
      `${NAME}: ${file === join(work, 'dalle.jp2') ? 'sample dalle' : file}, ${full.width} x ${full.height} px, 1:${ratio.toFixed(1)}, ${src.levels} reduced levels; CPU s of 1 thread, best of ${repeat}`,
    );
    lines.push(
      `tiler's windows: ${windows.length} reads, ${(windowPx / 1e6).toFixed(1)} Mpx for ${(px / 1e6).toFixed(1)} Mpx of dalle (${(windowPx / px).toFixed(2)}x)`,
    );
    lines.push('');
    const header = ['', 'GDAL/OpenJPEG', 'Grok', 'Grok/GDAL', 'vintage GDAL', 'vintage Grok'];
    const table: string[][] = [header];
    for (const r of rows) {
      table.push([
        r.name,
        `${rate(r.gdal, r.areaPx).toFixed(1)} Mpx/s`,
        r.grok === null ? '-' : `${rate(r.grok, r.areaPx).toFixed(1)} Mpx/s`,
        r.grok === null ? '-' : `${(r.gdal / r.grok).toFixed(2)}x`,
        `${coreHours(r.gdal, r.areaPx).toFixed(0)} core-h`,
        r.grok === null ? '-' : `${coreHours(r.grok, r.areaPx).toFixed(0)} core-h`,
      ]);
    }
    const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
    for (const row of table)
      lines.push(
        row
          .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
          .join('  '),
      );
    lines.push('');
    lines.push(
      `Mpx/s: megapixels of dalle area covered per CPU second (one core); vintage: ${VINTAGE_PX / 1e12} Tpx (docs/scale.md) at that rate, in core-hours.`,
    );
    console.log(lines.join('\n'));
    if (values.json)
      writeFileSync(
        values.json,
        `${JSON.stringify({ file, full, ratio, windows: windows.length, windowPx, rows }, null, 2)}\n`,
      );
  } finally {
    if (values.keep) console.error(`${NAME}: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function toEnd(full: { width: number; height: number }): { x1: number; y1: number } {
  return { x1: full.width, y1: full.height };
}

main().catch((e: unknown) => {
  console.error(`${NAME}: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
