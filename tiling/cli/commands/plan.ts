/**
 * `tiling plan <dalles or dirs...> --out <dir>`: checks the dalles, prints tiles per zoom, the
 * output size and time (from a short calibration run in memory), and writes the job list to
 * `<out>/.tiling/plan.json`. Also the shared flag parsing and dalle loading of `tiling run`.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { RasterInfo } from '../../core';
import { DataError } from '../../core';
import type { TileFormat } from '../../encode';
import { TILE_FORMATS } from '../../encode';
import { createDalleCache, createOrthoTileEncoder, planContext, runTileJob } from '../../ortho';
import type { RegionArea } from '../../ortho/scale';
import type { Calibration, PlanOptions, ProductRegionEstimate, SkippedDalle, TilingPlan } from '../../plan';
import { estimatePlan, formatPlan, PLAN_DEFAULTS, planPyramid, sourceOpenOptions } from '../../plan';
import { formatProblems, inspectDalles, listDalles, openRasterSource } from '../../source';
import { isS3Url } from '../../storage';
import { MemorySideStore, MemoryTileTarget, STATE_DIR, writeFileAtomic } from '../../write';
import type { Command, CommandValues } from '../command';

type Values = CommandValues;

/** Flags shared by `plan` and `run`. */
export const TILING_FLAGS = {
  out: { type: 'string', short: 'o' },
  'min-zoom': { type: 'string' },
  'max-zoom': { type: 'string' },
  'job-span': { type: 'string' },
  format: { type: 'string' },
  quality: { type: 'string' },
  bands: { type: 'string' },
  'on-error': { type: 'string' },
  workers: { type: 'string', short: 'j' },
  crs: { type: 'string' },
  uint16: { type: 'string' },
  'uint16-range': { type: 'string' },
} as const;

/** What the shared flags say, checked. */
export interface TilingFlags {
  inputs: string[];
  out: string;
  plan: Partial<PlanOptions>;
  workers: number;
}

/**
 * Parses the shared flags, listing every problem at once.
 * @throws DataError naming each bad flag and what it expects.
 */
export function parseTilingFlags(command: string, values: Values, positionals: string[]): TilingFlags {
  const problems: string[] = [];
  const str = (k: string): string | undefined => {
    const v = values[k];
    return typeof v === 'string' ? v : undefined;
  };
  const int = (k: string, min: number, max: number): number | undefined => {
    const v = str(k);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`--${k} must be an integer ${min}..${max}, got "${v}"`);
      return undefined;
    }
    return n;
  };
  if (positionals.length === 0) problems.push('give at least one dalle, folder or .txt list of dalles');
  const out = str('out');
  if (!out) problems.push('--out <dir> is required');
  const minZoom = int('min-zoom', 0, 24);
  const maxZoom = int('max-zoom', 0, 24);
  const span = int('job-span', 1, 6);
  const quality = int('quality', 1, 100);
  const workers = int('workers', 0, 256);
  const format = str('format');
  if (format !== undefined && !TILE_FORMATS.includes(format as TileFormat)) {
    problems.push(`--format must be one of ${TILE_FORMATS.join(', ')}, got "${format}"`);
  }
  const onError = str('on-error');
  if (onError !== undefined && onError !== 'stop' && onError !== 'skip')
    problems.push(`--on-error must be stop or skip, got "${onError}"`);
  let bands: [number, number, number] | null = null;
  const b = str('bands');
  if (b !== undefined) {
    const parts = b.split(',').map((p) => Number(p.trim()));
    if (parts.length !== 3 || !parts.every((p) => Number.isInteger(p) && p >= 1)) {
      problems.push(
        `--bands must be three 1-based band numbers like 1,2,3 (or 4,1,2 for infrared), got "${b}"`,
      );
    } else {
      bands = parts.map((p) => p - 1) as [number, number, number];
    }
  }
  let crs: number | undefined;
  const crsText = str('crs');
  if (crsText !== undefined) {
    const m = /^(?:EPSG:)?(\d{4,6})$/i.exec(crsText.trim());
    if (m) crs = Number(m[1]);
    else problems.push(`--crs must be an EPSG code like 2154 or EPSG:3949, got "${crsText}"`);
  }
  const uint16 = str('uint16');
  if (uint16 !== undefined && uint16 !== 'reject' && uint16 !== 'scale')
    problems.push(`--uint16 must be reject or scale, got "${uint16}"`);
  let uint16Range: [number, number] | undefined;
  const rangeText = str('uint16-range');
  if (rangeText !== undefined) {
    const parts = rangeText.split(',').map((p) => Number(p.trim()));
    const [lo, hi] = parts;
    if (
      parts.length === 2 &&
      lo !== undefined &&
      hi !== undefined &&
      Number.isInteger(lo) &&
      Number.isInteger(hi) &&
      lo >= 0 &&
      hi <= 65535 &&
      lo < hi
    ) {
      uint16Range = [lo, hi];
      if (uint16 === undefined) problems.push('--uint16-range needs --uint16 scale');
    } else {
      problems.push(
        `--uint16-range must be two integers <min>,<max> with 0 <= min < max <= 65535, got "${rangeText}"`,
      );
    }
  }
  if (problems.length > 0) throw new DataError(`tiling ${command}: invalid arguments`, problems);
  const plan: Partial<PlanOptions> = { bands };
  if (crs !== undefined) plan.crs = crs;
  if (uint16 !== undefined) plan.uint16 = uint16 as 'reject' | 'scale';
  if (uint16Range !== undefined) plan.uint16Range = uint16Range;
  if (minZoom !== undefined) plan.minZoom = minZoom;
  if (maxZoom !== undefined) plan.maxZoom = maxZoom;
  if (span !== undefined) plan.jobZoomSpan = span;
  if (quality !== undefined) plan.quality = quality;
  if (format !== undefined) plan.format = format as TileFormat;
  if (onError !== undefined) plan.onError = onError as 'stop' | 'skip';
  return {
    inputs: positionals,
    out: isS3Url(out as string) ? (out as string) : resolve(out as string),
    plan,
    workers: workers ?? availableParallelism(),
  };
}

/** Dalle headers, plus the dalles that cannot be used (with `--on-error skip`) and the warnings. */
export interface LoadedDalles {
  infos: RasterInfo[];
  rejected: SkippedDalle[];
  warnings: string;
}

/**
 * Lists and checks the dalles (headers only; sources closed again).
 * @throws DataError listing every problem when one is an error and onError is 'stop'.
 */
export async function loadDalles(
  inputs: readonly string[],
  plan: Partial<PlanOptions>,
): Promise<LoadedDalles> {
  const paths = await listDalles(inputs);
  if (paths.length === 0) {
    throw new DataError(`tiling: no dalle (.tif, .tiff, .jp2) in ${inputs.map((i) => `"${i}"`).join(', ')}.`);
  }
  const found = await inspectDalles(paths, sourceOpenOptions({ ...PLAN_DEFAULTS, ...plan }));
  await Promise.all(found.sources.map((s) => s.close()));
  const errors = found.problems.filter((p) => p.severity === 'error');
  const warnings = found.problems.filter((p) => p.severity === 'warning');
  if (errors.length > 0 && (plan.onError ?? PLAN_DEFAULTS.onError) === 'stop') {
    throw new DataError(
      `tiling: ${found.rejected.length} of ${paths.length} dalle(s) cannot be used. Fix or remove them, or pass --on-error skip to leave them out (they are then listed in the report).\n${formatProblems(found.problems)}`,
    );
  }
  const rejected: SkippedDalle[] = found.rejected.map((id) => ({
    id,
    reasons: errors.filter((p) => p.file === id).map((p) => p.message),
  }));
  return {
    infos: found.usable.map((s) => s.info),
    rejected,
    warnings: warnings.length > 0 ? formatProblems(warnings) : '',
  };
}

/** Lists, checks and plans; writes `<out>/.tiling/plan.json`. */
export async function planFromFlags(flags: TilingFlags): Promise<{ plan: TilingPlan; warnings: string }> {
  const loaded = await loadDalles(flags.inputs, flags.plan);
  const plan = planPyramid(loaded.infos, flags.plan, loaded.rejected);
  const stateDir = join(flags.out, STATE_DIR);
  if (!isS3Url(flags.out))
    await writeFileAtomic(join(stateDir, 'plan.json'), `${JSON.stringify(plan)}\n`, join(stateDir, 'tmp'));
  return { plan, warnings: loaded.warnings };
}

/**
 * Runs a few source jobs in memory and measures bytes and time per planned tile: the fullest job
 * first (it also warms up the JIT and is not timed when others follow), then jobs spread evenly
 * through the plan, so edge jobs (partly transparent tiles, PNG) weigh in as they will.
 */
export async function calibrate(plan: TilingPlan, samples = 3): Promise<Calibration | null> {
  const sources = plan.jobs.filter((j) => j.kind === 'source');
  if (sources.length === 0) return null;
  const fullest = sources.reduce((a, b) => (b.tiles > a.tiles ? b : a));
  const spread: typeof sources = [];
  for (let k = 0; k < samples; k++) {
    const j = sources[Math.floor(((k + 0.5) * sources.length) / samples)];
    if (j && j !== fullest && !spread.includes(j)) spread.push(j);
  }
  const encoder = await createOrthoTileEncoder({
    format: plan.options.format,
    quality: plan.options.quality,
  });
  const openOptions = sourceOpenOptions(plan.options);
  const dalles = createDalleCache(plan.mosaic, (p) => openRasterSource(p, openOptions));
  const ctx = planContext(plan);
  const run = async (job: (typeof sources)[number]) => {
    const t0 = performance.now();
    const r = await runTileJob(job, {
      plan: ctx,
      openDalle: dalles.openDalle,
      encoder,
      target: new MemoryTileTarget(),
      side: new MemorySideStore(),
    });
    return {
      tiles: job.tiles,
      bytes: r.bytes,
      seconds: (performance.now() - t0) / 1000,
      sourcePixels: r.sourcePixels,
    };
  };
  try {
    const first = await run(fullest);
    if (spread.length === 0) return first;
    const total: Calibration = { tiles: 0, bytes: 0, seconds: 0, sourcePixels: 0 };
    for (const job of spread) {
      const m = await run(job);
      total.tiles += m.tiles;
      total.bytes += m.bytes;
      total.seconds += m.seconds;
      total.sourcePixels += m.sourcePixels;
    }
    return total;
  } finally {
    await dalles.closeAll();
  }
}

/** Terrain and buildings over the region of `--area` (same tile counts as the pyramid's estimate). */
async function otherProductsOverArea(): Promise<
  (region: RegionArea, workers: number[]) => ProductRegionEstimate[]
> {
  const { HDF_AREA, regionTilesAtZoom } = await import('../../ortho/scale');
  const { estimateTerrainRegion } = await import('../../terrain/scale');
  const { estimateBuildingsRegion, HDF_BUILDINGS } = await import('../../buildings/scale');
  return (region, workers) => {
    const tilesAtZoom = (z: number) => regionTilesAtZoom(region, z);
    const lat = (((region.boundsLonLat.minY + region.boundsLonLat.maxY) / 2) * Math.PI) / 180;
    return [
      estimateTerrainRegion({ tilesAtZoom, latRadians: lat, workers }),
      estimateBuildingsRegion({
        tilesAtZoom,
        workers,
        // A dalle index covers part of the region: buildings in proportion to its area.
        ...(region === HDF_AREA
          ? {}
          : { buildings: Math.round((HDF_BUILDINGS * region.areaKm2) / HDF_AREA.areaKm2) }),
      }),
    ];
  };
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'prints tiles per zoom, output size and time; writes the job list',
  usage: `Usage: tiling plan <dalles, folders or .txt lists...> --out <dir> [options]

Checks the dalles, prints the tiles per zoom and the output size and time estimated from a short
calibration run, and writes the job list to <dir>/.tiling/plan.json. Writes no tile.

Options:
  -o, --out <dir>        output folder of the pyramid (required)
      --min-zoom <z>     coarsest zoom (default: deepest zoom where the data fits in 4 tiles)
      --max-zoom <z>     finest zoom (default: from the pixel size; 5 cm -> 21)
      --format <f>       jpeg (default; PNG for partly transparent edge tiles), webp or png
      --quality <q>      JPEG/WebP quality 1-100 (default 85)
      --bands <r,g,b>    1-based bands read as red, green, blue (default 1,2,3; 4,1,2 = infrared)
      --crs <epsg>       CRS assumed for dalles whose GeoTIFF has none (2154, or 3942..3950)
      --uint16 <m>       16-bit dalles: reject (default) or scale them to 8 bits
      --uint16-range <min,max>  16-bit values mapped to 0 and 255 with --uint16 scale (default 0,65535)
      --on-error <m>     stop (default) or skip: what a bad dalle does
      --job-span <k>     zoom levels per job (default 3: 8x8 base tiles)
  -j, --workers <n>      workers assumed by the time estimate (default: all cores)
      --no-calibrate     skip the calibration run (no size or time estimate)
      --area <hdf|list>  estimate a region instead: hdf (Hauts-de-France, 31,806 km2) or a .txt list of
                         dalle names (a PCRS index; no files needed): tiles per level, bytes, objects,
                         time for --worker-counts 1,16,64,256,1024 (dalles given with --out: their
                         calibration run sets the throughput); --vintages <n>, --dalle-m 200, --json
      --json             the plan and its estimate as one JSON object (tiles, bytes, objects, seconds)
  -h, --help             this help`,
  options: {
    ...TILING_FLAGS,
    'no-calibrate': { type: 'boolean' },
    area: { type: 'string' },
    vintages: { type: 'string' },
    'worker-counts': { type: 'string' },
    'dalle-m': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, positionals) {
    if (typeof values.area === 'string')
      return (await import('../../ortho/scale')).printAreaEstimate(
        values,
        positionals.length === 0 || values['no-calibrate']
          ? null
          : async () => calibrate((await planFromFlags(parseTilingFlags('plan', values, positionals))).plan),
        await otherProductsOverArea(),
      );
    const flags = parseTilingFlags('plan', values, positionals);
    const { plan, warnings } = await planFromFlags(flags);
    if (warnings) console.error(warnings);
    const calibration = values['no-calibrate'] ? null : await calibrate(plan);
    const estimate = calibration ? estimatePlan(plan, calibration, flags.workers) : undefined;
    if (values.json) {
      // The estimate as the console's server reads it (format/console-api.ts PlanEstimateSchema).
      console.log(
        JSON.stringify({
          dalles: plan.mosaic.dalles.length,
          skipped: plan.skipped,
          epsg: plan.mosaic.epsg,
          minZoom: plan.options.minZoom,
          maxZoom: plan.options.maxZoom,
          levels: plan.levels.map((l) => ({ z: l.z, tiles: l.tiles })),
          jobs: plan.jobs.length,
          tiles: plan.totalTiles,
          // One object per tile, plus tilejson.json, WMTSCapabilities.xml and report.json.
          objects: plan.totalTiles + 3,
          bytes: estimate?.bytes ?? null,
          seconds: estimate?.seconds ?? null,
          workers: flags.workers,
          boundsLonLat: plan.boundsLonLat,
          fingerprint: plan.fingerprint,
        }),
      );
      return 0;
    }
    console.log(formatPlan(plan, estimate));
    console.log(`\njob list: ${join(flags.out, STATE_DIR, 'plan.json')}`);
    return 0;
  },
};
