/**
 * The ortho (imagery pyramid) product's job: `runTileJob` runs one job of a plan. For a source job,
 * the base tiles (maxZoom) under its root are warped from windows of the dalles, then every coarser
 * tile is the 2x2 downsample of its four children, kept decoded in memory (depth first, so only one
 * path of the quadtree is held); for a children job, its leaves are the lossless root tiles of
 * earlier jobs (side store). Tiles are encoded in batches and written atomically.
 * Owns: the job's message, context and result types, `DalleReadError`, the source reduction factor.
 * No I/O of its own: dalles, encoder, target and side store come in the context.
 */

import { pixelSizeMetres, TILE_SIZE_PX, tileChildren, tileKey } from '../../format/grid';
import type { PixelWindow, RasterSource, TileAddress } from '../core';
import { DataError } from '../core';
import type { RawTile, TileEncoder } from '../encode';
import type { Mosaic, TileJob, TilingPlan } from '../plan';
import { dalleWindow, jobId } from '../plan';
import type { ApproxGrid, PixelMapper } from '../reproject';
import {
  approxGridSourceBounds,
  buildApproxGrid,
  createCrsTransform,
  createExactPixelMapper,
} from '../reproject';
import type { SourceWindow, WarpScratch } from '../resample';
import {
  accumulateBoxes,
  accumulateScaledBoxes,
  compositeInto,
  createBoxAccumulator,
  createWarpScratch,
  downsampleChildren,
  finishBoxes,
  tileCoverage,
  warpBilinear,
} from '../resample';
import type { SideStore, TileTarget } from '../write';

/** Prefix of the ortho product's messages and errors. */
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
  /** What encoded the JPEG tiles (`TileEncoder.jpegEncoder`); absent in results of older runs. */
  jpegEncoder?: 'tile-jpeg' | 'sharp';
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

/** The resolution level reduced reads ask for at factor f: the largest r with 2^r <= f. */
export function reducedLevel(f: number): number {
  let r = 0;
  while (2 ** (r + 1) <= f) r++;
  return r;
}

/**
 * The level dalle `index` is read at: `want`, bounded by the levels its source decodes itself
 * (`RasterSource.levels` with `readReducedWindow`); 0 for a source without them (GeoTIFF) or
 * one that fails to open (the read that follows reports it).
 */
async function sourceLevel(ctx: TileJobContext, index: number, want: number): Promise<number> {
  if (want === 0) return 0;
  const source = await ctx.openDalle(index).catch(() => null);
  if (!source || typeof source.readReducedWindow !== 'function') return 0;
  return Math.max(0, Math.min(want, Math.floor(source.levels ?? 0)));
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
    jpegEncoder: ctx.encoder.jpegEncoder,
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
  // Coverage of the warped leaf tiles, computed once (the leaf tests it, emit needs it again).
  const leafCoverage = new WeakMap<Uint8Array, ReturnType<typeof tileCoverage>>();
  const emit = async (tile: TileAddress, rgba: Uint8Array | null) => {
    const coverage = rgba === null ? 'empty' : (leafCoverage.get(rgba) ?? tileCoverage(rgba));
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
      // `level` > 0: `w` is in that resolution level's pixels, covering `fullPixels` of the dalle.
      const read = async (
        index: number,
        w: PixelWindow,
        level = 0,
        fullPixels = w.width * w.height,
      ): Promise<Uint8Array> => {
        const dalle = mosaic.dalles[index] as Mosaic['dalles'][number];
        try {
          const source = await ctx.openDalle(index);
          const readOptions = plan.options.bands
            ? { bands: plan.options.bands, signal: ctx.signal }
            : { signal: ctx.signal };
          const rgba =
            level === 0
              ? await source.readWindow(w, readOptions)
              : await (source as Required<Pick<RasterSource, 'readReducedWindow'>>).readReducedWindow(
                  w,
                  level,
                  readOptions,
                );
          if (rgba.length !== w.width * w.height * 4)
            throw new Error(`got ${rgba.length} bytes, expected ${w.width * w.height * 4}`);
          result.sourcePixels += fullPixels;
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
      // Reduced: read in strips of whole boxes, sum boxes across dalles, then average. A source
      // with resolution levels (JPEG 2000) is read at level floor(log2 f) (at most its own), its
      // pixels added to the f x f boxes by overlap: the codec skips the finer levels' decoding.
      const acc = createBoxAccumulator(width, height, f);
      for (const p of parts) {
        const m = p.part.mosaic;
        const d = p.part.dalle;
        const level = await sourceLevel(ctx, p.index, reducedLevel(f));
        if (level > 0) {
          const dalle = mosaic.dalles[p.index] as Mosaic['dalles'][number];
          const s = 2 ** level;
          const lx0 = Math.floor(d.x / s);
          const ly0 = Math.floor(d.y / s);
          // One level pixel more on the right and below (within the level): its footprint, centred
          // where the wavelet put it, reaches back into the window (accumulateScaledBoxes).
          const lw = Math.min(Math.ceil(dalle.width / s), Math.ceil((d.x + d.width) / s) + 1) - lx0;
          const ly1 = Math.min(Math.ceil(dalle.height / s), Math.ceil((d.y + d.height) / s) + 1);
          const x = dalle.col + lx0 * s - full.x;
          const levelRows = Math.max(1, Math.floor(4_000_000 / lw));
          for (let ly = ly0; ly < ly1; ly += levelRows) {
            const h = Math.min(levelRows, ly1 - ly);
            const rows = Math.max(0, Math.min((ly + h) * s, d.y + d.height) - Math.max(ly * s, d.y));
            const r0 = performance.now();
            const strip = await read(p.index, { x: lx0, y: ly, width: lw, height: h }, level, rows * d.width);
            result.readSeconds += (performance.now() - r0) / 1000;
            const y = dalle.row + ly * s - full.y;
            accumulateScaledBoxes(
              acc,
              strip,
              lw,
              h,
              x,
              y,
              s,
              dalle.width - lx0 * s,
              dalle.height - ly * s,
              lx0,
              ly,
            );
          }
          continue;
        }
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
      const coverage = tileCoverage(out);
      if (coverage === 'empty') return null;
      leafCoverage.set(out, coverage);
      return out;
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

/** The plan without its jobs (what every worker receives once). */
export function planContext(plan: TilingPlan): PlanContext {
  const { jobs: _jobs, ...rest } = plan;
  return rest;
}
