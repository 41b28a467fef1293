/**
 * The pipeline: composes the stages into jobs, and jobs into a run.
 *
 * - `runTileJob` runs one job of a plan: for a source job, the base tiles (maxZoom) under its root
 *   are warped from windows of the dalles, then every coarser tile is the 2x2 downsample of its four
 *   children, kept decoded in memory (depth first, so only one path of the quadtree is held);
 *   for a children job, its leaves are the lossless root tiles of earlier jobs (side store).
 *   Tiles are encoded in batches and written atomically.
 * - `createTileJobHandler` builds that function from a JSON config: the worker threads' entry.
 * - `runPyramid` runs a plan through a queue engine with a manifest (resume after a crash), then
 *   writes tilejson.json and WMTSCapabilities.xml.
 */
import type { PixelWindow, RasterSource, TileAddress } from './core';
import { DataError } from './core';
import type { EncodeOptions, RawTile, SharpFactory, TileEncoder } from './encode';
import { createSharpTileEncoder, tileExtension, tileMimeType } from './encode';
import { pixelSizeMetres, TILE_SIZE_PX, tileChildren, tileKey } from './grid';
import type { Mosaic, SourceOpenOptions, TileJob, TilingPlan } from './plan';
import { dalleWindow, jobId, sourceOpenOptions } from './plan';
import type { JobEngine, JobFailure, JobHandler, JobHandlerSpec } from './queue';
import type { ApproxGrid, PixelMapper } from './reproject';
import {
  approxGridSourceBounds,
  buildApproxGrid,
  createCrsTransform,
  createExactPixelMapper,
} from './reproject';
import type { SourceWindow, WarpScratch } from './resample';
import {
  accumulateBoxes,
  compositeInto,
  createBoxAccumulator,
  createWarpScratch,
  downsampleChildren,
  finishBoxes,
  tileCoverage,
  warpBilinear,
} from './resample';
import type { StorageSpec } from './storage';
import { openStorage } from './storage';
import type { JobManifest, SideStore, TileTarget } from './write';
import { buildWmtsCapabilities, FsSideStore, FsTileTarget, tileJsonText } from './write';

/** Prefix of the pipeline's messages and errors. */
export const NAME = 'tiling';

const SIZE = TILE_SIZE_PX;
const TILE_BYTES = SIZE * SIZE * 4;

/** The part of a plan every job needs (the plan without its job list). */
export type PlanContext = Omit<TilingPlan, 'jobs'>;

/** A job as sent to a worker: a planned job, plus dalles to leave out (after read errors). */
export interface TileJobMessage extends TileJob {
  exclude?: number[];
}

/** Everything a job runs against. */
export interface TileJobContext {
  plan: PlanContext;
  /** Opens (or returns an already open) dalle of the mosaic by index. */
  openDalle(index: number): Promise<RasterSource>;
  encoder: TileEncoder;
  target: TileTarget;
  side: SideStore;
  /** Tiles encoded per batch (32). */
  batchSize?: number;
  signal?: AbortSignal;
}

/** What one job did (JSON). */
export interface TileJobResult {
  job: string;
  /** Tiles written. */
  tiles: number;
  /** Encoded bytes written. */
  bytes: number;
  /** Tiles with no data at all (not written). */
  emptyTiles: number;
  /** Tiles written per zoom, keyed by zoom. */
  tilesPerZoom: Record<string, number>;
  /** Source pixels read from the dalles. */
  sourcePixels: number;
  /** Dalles left out of this job (read errors with onError 'skip'). */
  excluded: number[];
  seconds: number;
  /** Of which: waiting for dalle windows, and for the encoder (both off this thread). */
  readSeconds: number;
  waitSeconds: number;
}

/** A dalle failed to read: names it so a 'skip' run can go on without it. */
export class DalleReadError extends DataError {
  override name = 'DataError';
  readonly dalle: number;
  readonly dalleId: string;
  constructor(dalle: number, dalleId: string, window: PixelWindow, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `${NAME}: dalle "${dalleId}" could not be read (window ${window.width}x${window.height} at ${window.x},${window.y}): ${why}`,
    );
    this.dalle = dalle;
    this.dalleId = dalleId;
  }
}

/**
 * Source pixels per output pixel averaged in boxes before the bilinear warp: floor of the ratio
 * of the output's ground pixel to the source pixel (1 at the native zoom; 12 for 5 cm at z18).
 * Same for every job of a plan, so the result does not depend on the job layout.
 */
export function sourceReductionFactor(plan: PlanContext): number {
  const b = plan.boundsLonLat;
  const lat = (((b.minY + b.maxY) / 2) * Math.PI) / 180;
  const ratio = (pixelSizeMetres(plan.options.maxZoom) * Math.cos(lat)) / plan.mosaic.pixelSizeX;
  return Math.max(1, Math.floor(ratio + 1e-9));
}

/** Zoom levels per sub-block of a source job so one sub-block's source window fits the budget. */
export function subBlockSpan(plan: PlanContext, job: TileJob): number {
  const b = plan.boundsLonLat;
  const lat = (((b.minY + b.maxY) / 2) * Math.PI) / 180;
  const ratio = (pixelSizeMetres(plan.options.maxZoom) * Math.cos(lat)) / plan.mosaic.pixelSizeX;
  const f = sourceReductionFactor(plan);
  let s = job.maxZoom - job.z;
  while (s > 0 && ((SIZE * 2 ** s * ratio) / f + 4) ** 2 > plan.options.sourceBudgetPx) s--;
  return s;
}

interface PendingTile {
  tile: TileAddress;
  raw: RawTile;
}

/**
 * Runs one job: computes, encodes and writes its tiles; stores its root in the side store when a
 * later job needs it.
 * @throws DalleReadError naming the dalle when one cannot be read; DataError on a missing side entry.
 */
export async function runTileJob(job: TileJobMessage, ctx: TileJobContext): Promise<TileJobResult> {
  const t0 = performance.now();
  const { plan } = ctx;
  const mosaic: Mosaic = plan.mosaic;
  const maxErrorPx = plan.options.maxErrorPx;
  const batchSize = ctx.batchSize ?? 32;
  const excluded = new Set(job.exclude ?? []);
  const result: TileJobResult = {
    job: job.id,
    tiles: 0,
    bytes: 0,
    emptyTiles: 0,
    tilesPerZoom: {},
    sourcePixels: 0,
    excluded: [...excluded].sort((a, b) => a - b),
    seconds: 0,
    readSeconds: 0,
    waitSeconds: 0,
  };

  // Encoding: batches go to the encoder while the next tiles are computed (one batch in flight).
  let pending: PendingTile[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const batch = pending;
    pending = [];
    const w0 = performance.now();
    await inFlight;
    result.waitSeconds += (performance.now() - w0) / 1000;
    if (batch.length === 0) return;
    inFlight = (async () => {
      const encoded = await ctx.encoder.encode(batch.map((p) => p.raw));
      await Promise.all(
        batch.map(async (p, i) => {
          const bytes = encoded[i] as Uint8Array;
          await ctx.target.putTile(p.tile, bytes);
          result.bytes += bytes.length;
        }),
      );
    })();
    // Handled here so a failure is not an unhandled rejection; awaiting inFlight still throws it.
    inFlight.catch(() => {});
  };
  const emit = async (tile: TileAddress, rgba: Uint8Array | null) => {
    const coverage = rgba === null ? 'empty' : tileCoverage(rgba);
    if (rgba === null || coverage === 'empty') {
      result.emptyTiles++;
      return;
    }
    result.tiles++;
    result.tilesPerZoom[tile.z] = (result.tilesPerZoom[tile.z] ?? 0) + 1;
    pending.push({ tile, raw: { rgba, width: SIZE, height: SIZE, coverage } });
    if (pending.length >= batchSize) await flush();
  };

  let leaf: (tile: TileAddress) => Promise<Uint8Array | null>;
  let enter: ((tile: TileAddress) => Promise<void>) | null = null;
  let leave: ((tile: TileAddress) => void) | null = null;
  let subZoom = -1;

  if (job.kind === 'children') {
    const deps = new Set(job.deps);
    leaf = async (tile) => (deps.has(jobId(tile)) ? ctx.side.get(tile) : null);
  } else {
    const crs = createCrsTransform(mosaic.epsg);
    const mapper: PixelMapper = createExactPixelMapper(crs, mosaic.geoTransform, job.maxZoom);
    const f = sourceReductionFactor(plan);
    // The bound holds in the pixels actually sampled: reduced ones when f > 1.
    const errorPx = maxErrorPx * f;
    subZoom = Math.max(job.z, job.maxZoom - subBlockSpan(plan, job));
    const scratch: WarpScratch = createWarpScratch(SIZE);
    let grids = new Map<string, ApproxGrid>();
    let window: SourceWindow | null = null;
    // Mosaic rectangles (full resolution) that hold data in the current window.
    let covered: PixelWindow[] = [];
    const dalles = job.dalles.filter((d) => !excluded.has(d));

    enter = async (sub) => {
      // The approximate grids of every base tile below, then the source window they need.
      grids = new Map();
      const n = 2 ** (job.maxZoom - sub.z);
      let minU = Number.POSITIVE_INFINITY;
      let minV = Number.POSITIVE_INFINITY;
      let maxU = Number.NEGATIVE_INFINITY;
      let maxV = Number.NEGATIVE_INFINITY;
      for (let y = sub.y * n; y < (sub.y + 1) * n; y++) {
        for (let x = sub.x * n; x < (sub.x + 1) * n; x++) {
          const grid = buildApproxGrid(
            mapper,
            { x0: x * SIZE, y0: y * SIZE, width: SIZE, height: SIZE },
            { maxErrorPx: errorPx },
          );
          grids.set(`${x},${y}`, grid);
          const b = approxGridSourceBounds(grid, errorPx);
          minU = Math.min(minU, b.minU);
          minV = Math.min(minV, b.minV);
          maxU = Math.max(maxU, b.maxU);
          maxV = Math.max(maxV, b.maxV);
        }
      }
      // In reduced pixels (f x f boxes, aligned on the mosaic's origin): p -> (p + 0.5) / f - 0.5.
      const rx0 = Math.floor((minU + 0.5) / f - 0.5);
      const ry0 = Math.floor((minV + 0.5) / f - 0.5);
      const rx1 = Math.floor((maxU + 0.5) / f - 0.5) + 2;
      const ry1 = Math.floor((maxV + 0.5) / f - 0.5) + 2;
      const full: PixelWindow = { x: rx0 * f, y: ry0 * f, width: (rx1 - rx0) * f, height: (ry1 - ry0) * f };
      const parts = dalles
        .map((index) => ({
          index,
          part: dalleWindow(mosaic.dalles[index] as Mosaic['dalles'][number], full),
        }))
        .filter((p) => p.part !== null) as {
        index: number;
        part: NonNullable<ReturnType<typeof dalleWindow>>;
      }[];
      if (parts.length === 0 || !Number.isFinite(minU + minV + maxU + maxV)) {
        window = null;
        return;
      }
      covered = parts.map((p) => p.part.mosaic);
      const read = async (index: number, w: PixelWindow): Promise<Uint8Array> => {
        const dalle = mosaic.dalles[index] as Mosaic['dalles'][number];
        try {
          const source = await ctx.openDalle(index);
          const readOptions = plan.options.bands
            ? { bands: plan.options.bands, signal: ctx.signal }
            : { signal: ctx.signal };
          const rgba = await source.readWindow(w, readOptions);
          if (rgba.length !== w.width * w.height * 4)
            throw new Error(`got ${rgba.length} bytes, expected ${w.width * w.height * 4}`);
          result.sourcePixels += w.width * w.height;
          return rgba;
        } catch (e) {
          if (e instanceof DalleReadError) throw e;
          throw new DalleReadError(index, dalle.id, w, e);
        }
      };
      const width = rx1 - rx0;
      const height = ry1 - ry0;
      if (f === 1) {
        const r0 = performance.now();
        const blocks = await Promise.all(parts.map((p) => read(p.index, p.part.dalle)));
        result.readSeconds += (performance.now() - r0) / 1000;
        const only = parts[0];
        if (
          parts.length === 1 &&
          only &&
          only.part.mosaic.width === width &&
          only.part.mosaic.height === height
        ) {
          window = { rgba: blocks[0] as Uint8Array, width, height, x: rx0, y: ry0, factor: 1 };
          return;
        }
        const rgba = new Uint8Array(width * height * 4);
        parts.forEach((p, i) => {
          const m = p.part.mosaic;
          compositeInto(rgba, width, m.x - full.x, m.y - full.y, blocks[i] as Uint8Array, m.width, m.height);
        });
        window = { rgba, width, height, x: rx0, y: ry0, factor: 1 };
        return;
      }
      // Reduced: read in strips of whole boxes, sum boxes across dalles, then average.
      const acc = createBoxAccumulator(width, height, f);
      for (const p of parts) {
        const m = p.part.mosaic;
        const d = p.part.dalle;
        const stripRows = Math.max(1, Math.floor(4_000_000 / (m.width * f))) * f;
        for (let r = 0; r < m.height; r += stripRows) {
          const h = Math.min(stripRows, m.height - r);
          const r0 = performance.now();
          const strip = await read(p.index, { x: d.x, y: d.y + r, width: d.width, height: h });
          result.readSeconds += (performance.now() - r0) / 1000;
          accumulateBoxes(acc, strip, m.width, h, m.x - full.x, m.y + r - full.y);
        }
      }
      window = { rgba: finishBoxes(acc), width, height, x: rx0, y: ry0, factor: f };
    };
    leave = () => {
      window = null;
      grids = new Map();
      covered = [];
    };
    leaf = async (tile) => {
      const w = window as SourceWindow | null;
      if (w === null) return null;
      const grid = grids.get(`${tile.x},${tile.y}`);
      if (!grid) throw new Error(`${NAME}: internal: no grid for ${tileKey(tile)}`);
      // A tile whose footprint (plus the bilinear reach) misses every dalle is empty: no warp.
      const b = approxGridSourceBounds(grid, errorPx + f);
      const touches = covered.some(
        (r) => b.maxU >= r.x - 1 && b.minU <= r.x + r.width && b.maxV >= r.y - 1 && b.minV <= r.y + r.height,
      );
      if (!touches) return null;
      const out = new Uint8Array(TILE_BYTES);
      warpBilinear(w, grid, out, scratch);
      return tileCoverage(out) === 'empty' ? null : out;
    };
  }

  const build = async (tile: TileAddress): Promise<Uint8Array | null> => {
    ctx.signal?.throwIfAborted();
    if (tile.z === job.leafZoom) return leaf(tile);
    const entered = enter !== null && tile.z === subZoom;
    if (entered) await (enter as (t: TileAddress) => Promise<void>)(tile);
    const kids = tileChildren(tile);
    const pixels: (Uint8Array | null)[] = [];
    for (const kid of kids) pixels.push(await build(kid));
    if (entered) (leave as (t: TileAddress) => void)(tile);
    if (job.kind === 'source' || tile.z + 1 <= job.maxZoom) {
      for (let i = 0; i < 4; i++) await emit(kids[i] as TileAddress, pixels[i] ?? null);
    }
    return downsampleChildren(pixels, SIZE);
  };

  const root: TileAddress = { z: job.z, x: job.x, y: job.y };
  let rootPixels: Uint8Array | null;
  try {
    if (job.kind === 'source' && job.z === job.maxZoom) {
      // Degenerate job (span 0): the root is itself a base tile.
      if (enter) await enter(root);
      rootPixels = await leaf(root);
    } else {
      rootPixels = await build(root);
    }
    await emit(root, rootPixels);
    await flush();
  } catch (e) {
    // No write of this attempt may land after the error (a retry may write other bytes there).
    await inFlight.catch(() => {});
    throw e;
  }
  const w1 = performance.now();
  await inFlight;
  result.waitSeconds += (performance.now() - w1) / 1000;
  if (job.exportRoot)
    await ctx.side.put(root, rootPixels !== null && tileCoverage(rootPixels) !== 'empty' ? rootPixels : null);
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

/** JSON config of `createTileJobHandler` (sent to every worker). */
export interface TileJobHandlerConfig {
  outDir: string;
  plan: PlanContext;
  /** Module and export of `openRasterSource(path): Promise<RasterSource>`. */
  source: { module: string; exportName: string };
  encode?: Partial<EncodeOptions>;
  /** Dalles kept open per worker (8). */
  openDalles?: number;
  /** Where tiles go when not `outDir` on this file system (e.g. S3; distributed batches). */
  storage?: StorageSpec;
}

/** Imports sharp, or fails naming what to install. */
export async function loadSharp(): Promise<SharpFactory> {
  try {
    const mod = (await import('sharp')) as unknown as { default: SharpFactory };
    return mod.default;
  } catch (e) {
    throw new DataError(
      `${NAME}: the tile encoder needs the "sharp" package (npm i -E sharp@0.35.5): ${(e as Error).message}`,
    );
  }
}

/** Opens dalles on demand, keeping the most recently used ones open. */
export function createDalleCache(
  mosaic: Mosaic,
  open: (path: string) => Promise<RasterSource>,
  capacity = 8,
): { openDalle(index: number): Promise<RasterSource>; closeAll(): Promise<void> } {
  const cache = new Map<number, Promise<RasterSource>>();
  return {
    openDalle(index) {
      const hit = cache.get(index);
      if (hit) {
        cache.delete(index);
        cache.set(index, hit);
        return hit;
      }
      const dalle = mosaic.dalles[index];
      if (!dalle) throw new Error(`${NAME}: internal: no dalle ${index}`);
      const p = open(dalle.id);
      cache.set(index, p);
      p.catch(() => cache.delete(index));
      while (cache.size > capacity) {
        const [oldest, src] = cache.entries().next().value as [number, Promise<RasterSource>];
        cache.delete(oldest);
        void src.then((s) => s.close()).catch(() => {});
      }
      return p;
    },
    async closeAll() {
      const all = [...cache.values()];
      cache.clear();
      await Promise.all(all.map((p) => p.then((s) => s.close()).catch(() => {})));
    },
  };
}

/** Builds the job handler of a worker (or of the main thread) from its JSON config. */
export async function createTileJobHandler(
  config: unknown,
): Promise<JobHandler<TileJobMessage, TileJobResult>> {
  const c = config as TileJobHandlerConfig;
  const mod = (await import(c.source.module)) as Record<string, unknown>;
  const open = mod[c.source.exportName] as
    | ((path: string, options?: SourceOpenOptions) => Promise<RasterSource>)
    | undefined;
  if (typeof open !== 'function') {
    throw new DataError(
      `${NAME}: ${c.source.module} has no function "${c.source.exportName}" to open dalles.`,
    );
  }
  const sharp = await loadSharp();
  sharp.concurrency(1); // parallelism comes from worker threads and batches, not from libvips threads
  sharp.cache(false); // every tile is new: the operation cache only holds memory
  const encoder = createSharpTileEncoder(sharp, {
    ...c.encode,
    format: c.plan.options.format,
    quality: c.plan.options.quality,
  });
  const { target, side } = c.storage
    ? await openStorage(c.storage, encoder.extension)
    : {
        target: new FsTileTarget(c.outDir, { extension: encoder.extension }),
        side: new FsSideStore(c.outDir),
      };
  const openOptions = sourceOpenOptions(c.plan.options);
  const dalles = createDalleCache(c.plan.mosaic, (path) => open(path, openOptions), c.openDalles ?? 8);
  const handler = (job: TileJobMessage) =>
    runTileJob(job, { plan: c.plan, openDalle: dalles.openDalle, encoder, target, side });
  // A kept worker switching to another stage closes the dalles this handler opened.
  return Object.assign(handler, { close: () => dalles.closeAll() });
}

/** Progress of a run, reported after every job. */
export interface RunProgress {
  /** Planned tiles of the jobs done (this run and before), and of all jobs. */
  plannedDone: number;
  plannedTotal: number;
  /** Written in this run. */
  tiles: number;
  bytes: number;
  sourcePixels: number;
  jobsDone: number;
  jobsTotal: number;
  /** Seconds since this run started. */
  seconds: number;
}

/** The run's JSON report (`report.json`). */
export interface RunReport {
  complete: boolean;
  fingerprint: string;
  format: string;
  minZoom: number;
  maxZoom: number;
  jobs: { total: number; resumed: number; completed: number; failed: string[]; blocked: string[] };
  /** Tiles and bytes written, this run and earlier runs of the same plan together. */
  tiles: number;
  bytes: number;
  tilesPerZoom: Record<string, number>;
  emptyTiles: number;
  /** This run only. */
  seconds: number;
  sourcePixels: number;
  tilesPerSecond: number;
  sourceMegapixelsPerSecond: number;
  /** Seconds summed over jobs (this run): whole jobs, waiting for dalle reads, waiting for the encoder. */
  jobSeconds: { total: number; read: number; encodeWait: number };
  skippedDalles: { id: string; reasons: string[]; jobs?: string[] }[];
  errors: { job: string; message: string }[];
}

/** Options of `runPyramid`. */
export interface RunPyramidOptions {
  engine: JobEngine;
  /** How workers build the job handler (usually `createTileJobHandler` of this module). */
  handler: JobHandlerSpec;
  manifest: JobManifest;
  target: TileTarget;
  /** Side store, for deleting entries once consumed (null: keep them). */
  side: SideStore | null;
  onError: 'stop' | 'skip';
  /** TileJSON and WMTS text. */
  name: string;
  attribution: string;
  /** Base URL of the tiles in WMTS (and TileJSON when set); "" for relative. */
  baseUrl: string;
  onProgress?(p: RunProgress): void;
  signal?: AbortSignal;
}

/** Runs every job of a plan not yet in the manifest, then writes tilejson.json and WMTSCapabilities.xml. */
export async function runPyramid(plan: TilingPlan, o: RunPyramidOptions): Promise<RunReport> {
  const t0 = performance.now();
  const done = new Set(o.manifest.done.keys());
  const jobsById = new Map(plan.jobs.map((j) => [j.id, j]));
  let plannedDone = 0;
  let tiles = 0;
  let bytes = 0;
  for (const r of o.manifest.done.values()) {
    plannedDone += jobsById.get(r.job)?.tiles ?? 0;
    tiles += r.tiles;
    bytes += r.bytes;
  }
  const report: RunReport = {
    complete: false,
    fingerprint: plan.fingerprint,
    format: plan.options.format,
    minZoom: plan.options.minZoom,
    maxZoom: plan.options.maxZoom,
    jobs: { total: plan.jobs.length, resumed: done.size, completed: 0, failed: [], blocked: [] },
    tiles: 0,
    bytes: 0,
    tilesPerZoom: {},
    emptyTiles: 0,
    seconds: 0,
    sourcePixels: 0,
    tilesPerSecond: 0,
    sourceMegapixelsPerSecond: 0,
    jobSeconds: { total: 0, read: 0, encodeWait: 0 },
    skippedDalles: plan.skipped.map((s) => ({ id: s.id, reasons: [...s.reasons] })),
    errors: [],
  };
  const runtimeSkipped = new Map<number, { reasons: Set<string>; jobs: Set<string> }>();
  let runTiles = 0;
  let runBytes = 0;
  const progress = () =>
    o.onProgress?.({
      plannedDone,
      plannedTotal: plan.totalTiles,
      tiles: runTiles,
      bytes: runBytes,
      sourcePixels: report.sourcePixels,
      jobsDone: done.size,
      jobsTotal: plan.jobs.length,
      seconds: (performance.now() - t0) / 1000,
    });
  progress();

  const summary = await o.engine.run<TileJobMessage, TileJobResult>(plan.jobs, {
    handler: o.handler,
    done,
    signal: o.signal,
    onDone: async (job, r) => {
      await o.manifest.record({ job: job.id, tiles: r.tiles, bytes: r.bytes });
      done.add(job.id);
      if (o.side && job.kind === 'children') {
        await o.side.delete(job.deps.map((id) => jobsById.get(id) as TileJob));
      }
      plannedDone += job.tiles;
      runTiles += r.tiles;
      runBytes += r.bytes;
      report.sourcePixels += r.sourcePixels;
      report.emptyTiles += r.emptyTiles;
      report.jobSeconds.total += r.seconds;
      report.jobSeconds.read += r.readSeconds;
      report.jobSeconds.encodeWait += r.waitSeconds;
      for (const [z, n] of Object.entries(r.tilesPerZoom))
        report.tilesPerZoom[z] = (report.tilesPerZoom[z] ?? 0) + n;
      progress();
    },
    onFailed: (job, failure: JobFailure, attempt) => {
      const dalle = failure.details.dalle;
      if (
        o.onError === 'skip' &&
        failure.isDataError &&
        typeof dalle === 'number' &&
        attempt <= job.dalles.length
      ) {
        const entry = runtimeSkipped.get(dalle) ?? { reasons: new Set<string>(), jobs: new Set<string>() };
        entry.reasons.add(failure.message);
        entry.jobs.add(job.id);
        runtimeSkipped.set(dalle, entry);
        return { action: 'retry', job: { ...job, exclude: [...(job.exclude ?? []), dalle] } };
      }
      report.errors.push({
        job: job.id,
        message: failure.isDataError ? failure.message : (failure.stack ?? failure.message),
      });
      return { action: 'stop' };
    },
  });

  report.jobs.completed = summary.completed;
  report.jobs.failed = summary.failed;
  report.jobs.blocked = summary.blocked;
  for (const [index, e] of [...runtimeSkipped.entries()].sort((a, b) => a[0] - b[0])) {
    report.skippedDalles.push({
      id: plan.mosaic.dalles[index]?.id ?? String(index),
      reasons: [...e.reasons],
      jobs: [...e.jobs].sort(),
    });
  }
  report.tiles = tiles + runTiles;
  report.bytes = bytes + runBytes;
  report.seconds = (performance.now() - t0) / 1000;
  report.tilesPerSecond = report.seconds > 0 ? runTiles / report.seconds : 0;
  report.sourceMegapixelsPerSecond = report.seconds > 0 ? report.sourcePixels / 1e6 / report.seconds : 0;
  report.complete = !summary.stopped && summary.failed.length === 0 && done.size === plan.jobs.length;

  if (report.complete) {
    await writePyramidMetadata(plan, o.target, {
      name: o.name,
      attribution: o.attribution,
      baseUrl: o.baseUrl,
    });
  }
  return report;
}

/** Writes tilejson.json and WMTSCapabilities.xml for a plan (atomically; no dates: same plan, same bytes). */
export async function writePyramidMetadata(
  plan: TilingPlan,
  target: TileTarget,
  o: { name: string; attribution: string; baseUrl: string },
): Promise<void> {
  const extension = tileExtension(plan.options.format);
  await target.putFile(
    'tilejson.json',
    tileJsonText({
      name: o.name,
      tiles: `${o.baseUrl}{z}/{x}/{y}.${extension}`,
      minZoom: plan.options.minZoom,
      maxZoom: plan.options.maxZoom,
      boundsLonLat: plan.boundsLonLat,
      attribution: o.attribution,
    }),
  );
  await target.putFile(
    'WMTSCapabilities.xml',
    buildWmtsCapabilities({
      layer: o.name.replace(/[^A-Za-z0-9_-]+/g, '-'),
      title: o.name,
      abstract: o.attribution,
      baseUrl: o.baseUrl,
      extension,
      mimeType: tileMimeType(plan.options.format),
      minZoom: plan.options.minZoom,
      maxZoom: plan.options.maxZoom,
      boundsLonLat: plan.boundsLonLat,
      ranges: plan.levels.map((l) => l.range),
      attribution: o.attribution,
    }),
  );
}

/** The plan without its jobs (what every worker receives once). */
export function planContext(plan: TilingPlan): PlanContext {
  const { jobs: _jobs, ...rest } = plan;
  return rest;
}
