/**
 * `planPyramid`: dalles (headers only) + options -> the complete, deterministic job list.
 *
 * Job layout (span k = `jobZoomSpan`, 3 by default):
 * - *source jobs*: one per tile of zoom r0 = maxZoom - k that the data touches. A source job warps
 *   the 2^k x 2^k base tiles (maxZoom) under its root from the dalles, then builds every level up
 *   to its root by 2x2 downsampling, keeping the pixels in memory: 85 tiles for k = 3.
 * - *children jobs*: one per tile of zoom r1 = r0 - k (never below minZoom) above source jobs;
 *   they take the root tiles of their source jobs (kept lossless in a side store) and build zooms
 *   r1 .. r0 - 1. Repeated until minZoom.
 * A job is known by its root tile, "z-x-y". Jobs are listed level by level, in Z order inside a
 * level (neighbours together, so a children job's inputs finish close in time).
 */

import type { TileRange } from '../../format/grid';
import {
  compareTiles,
  maxZoomForResolution,
  mercatorExtentToTileRange,
  mercatorToLonLat,
  pixelSizeMetres,
  tileAncestor,
  tileRangeCount,
  tileToMercatorBounds,
} from '../../format/grid';
import type { Extent, RasterInfo, TileAddress } from '../core';
import { DataError, hashString } from '../core';
import type { TileFormat } from '../encode';
import { TILE_FORMATS } from '../encode';
import { createCrsTransform } from '../reproject';
import { dalleToMercator, expandExtent, extentsOverlap, unionExtents } from './footprint';
import type { Mosaic, SkippedDalle } from './mosaic';
import { buildMosaic } from './mosaic';

/** Prefix of this stage's errors. */
export const NAME = 'tiling/plan';

/** Version of the plan and manifest layout; part of the fingerprint. */
export const PLAN_VERSION = 1;

/** Deepest zoom a plan accepts (z24 is 9 mm pixels). */
export const PLAN_MAX_ZOOM = 24;

/** What a bad dalle does: stop before any work, or leave it out and list it in the report. */
export type OnError = 'stop' | 'skip';

/** Options of `planPyramid`. */
export interface PlanOptions {
  /** Coarsest zoom written; null: the deepest zoom where the data fits in 4 tiles (CesiumJS's limit). */
  minZoom: number | null;
  /** Finest zoom; null: from the source pixel size (`maxZoomForResolution`: 5 cm -> 21). */
  maxZoom: number | null;
  /** Zoom levels per job (3: a source job covers 8 x 8 base tiles, 85 tiles in all). */
  jobZoomSpan: number;
  format: TileFormat;
  /** JPEG/WebP quality 1-100 (85). */
  quality: number;
  /** 0-based file bands read as R, G, B; null: the source's default (first three). */
  bands: [number, number, number] | null;
  /** 'stop' (default): a bad dalle stops the plan, listing every problem; 'skip': it is left out. */
  onError: OnError;
  /** EPSG code assumed for dalles whose GeoTIFF has no CRS (the CLI's --crs); null: none is assumed. */
  crs: number | null;
  /** 16-bit dalles: 'reject' (default) or 'scale' from {@link PlanOptions.uint16Range} to 0..255. */
  uint16: 'reject' | 'scale';
  /** 16-bit values mapped to 0 and 255 when `uint16` is 'scale' ([0, 65535]). */
  uint16Range: [number, number];
  /** Bound of the approximate transform's error, in source pixels (0.1). */
  maxErrorPx: number;
  /** Most source pixels held at once by one job (16 Mpx = 64 MB RGBA); larger blocks are cut. */
  sourceBudgetPx: number;
}

export const PLAN_DEFAULTS: PlanOptions = {
  minZoom: null,
  maxZoom: null,
  jobZoomSpan: 3,
  format: 'jpeg',
  quality: 85,
  bands: null,
  onError: 'stop',
  crs: null,
  uint16: 'reject',
  uint16Range: [0, 65535],
  maxErrorPx: 0.1,
  sourceBudgetPx: 16_000_000,
};

/** Options after defaults were resolved from the data. */
export interface ResolvedPlanOptions extends PlanOptions {
  minZoom: number;
  maxZoom: number;
}

/** One unit of work: the tiles under one root tile. */
export interface TileJob extends TileAddress {
  /** "z-x-y" of the root tile. */
  id: string;
  /** 'source': pixels come from the dalles; 'children': from the root tiles of other jobs. */
  kind: 'source' | 'children';
  /** Deepest zoom this job writes. */
  maxZoom: number;
  /** Zoom of the pixels the job starts from: maxZoom (source) or maxZoom + 1 (children). */
  leafZoom: number;
  /** Indexes of the mosaic dalles a source job reads ([] for children jobs). */
  dalles: number[];
  /** Jobs whose root tiles a children job reads ([] for source jobs). */
  deps: string[];
  /** True when a later job reads this job's root tile (kept in the side store). */
  exportRoot: boolean;
  /** Tiles the job may write (upper bound: fully transparent tiles are not written). */
  tiles: number;
}

/** Tiles of one zoom level. */
export interface PlanLevel {
  z: number;
  tiles: number;
  range: TileRange;
}

/** The whole job list and what it will produce. Plain data (JSON-serialisable). */
export interface TilingPlan {
  version: number;
  /** Hash of everything that decides the output bytes (options, dalle names and grid). */
  fingerprint: string;
  options: ResolvedPlanOptions;
  mosaic: Mosaic;
  /** Dalles left out, with the reasons (only with onError 'skip'). */
  skipped: SkippedDalle[];
  /** Data extent in degrees (west, south, east, north). */
  boundsLonLat: Extent;
  boundsMercator: Extent;
  /** Coarsest to finest. */
  levels: PlanLevel[];
  totalTiles: number;
  /** Source pixels the source jobs read (estimate). */
  sourcePixels: number;
  jobs: TileJob[];
}

/** "z-x-y", the id of the job rooted at a tile. */
export function jobId(tile: TileAddress): string {
  return `${tile.z}-${tile.x}-${tile.y}`;
}

function checkOptions(o: PlanOptions): string[] {
  const problems: string[] = [];
  const zoom = (name: string, v: number | null) => {
    if (v !== null && (!Number.isInteger(v) || v < 0 || v > PLAN_MAX_ZOOM)) {
      problems.push(`${name} must be an integer 0..${PLAN_MAX_ZOOM}, got ${v}`);
    }
  };
  zoom('minZoom', o.minZoom);
  zoom('maxZoom', o.maxZoom);
  if (o.minZoom !== null && o.maxZoom !== null && o.minZoom > o.maxZoom) {
    problems.push(`minZoom (${o.minZoom}) must not exceed maxZoom (${o.maxZoom})`);
  }
  if (!Number.isInteger(o.jobZoomSpan) || o.jobZoomSpan < 1 || o.jobZoomSpan > 6) {
    problems.push(`jobZoomSpan must be an integer 1..6, got ${o.jobZoomSpan}`);
  }
  if (!TILE_FORMATS.includes(o.format))
    problems.push(`format must be one of ${TILE_FORMATS.join(', ')}, got "${o.format}"`);
  if (!Number.isInteger(o.quality) || o.quality < 1 || o.quality > 100)
    problems.push(`quality must be an integer 1..100, got ${o.quality}`);
  if (o.bands !== null && (o.bands.length !== 3 || !o.bands.every((b) => Number.isInteger(b) && b >= 0))) {
    problems.push(`bands must be three band numbers, got ${JSON.stringify(o.bands)}`);
  }
  if (o.onError !== 'stop' && o.onError !== 'skip')
    problems.push(`onError must be "stop" or "skip", got "${o.onError}"`);
  if (o.crs !== null && !(Number.isInteger(o.crs) && o.crs > 0))
    problems.push(`crs must be an EPSG code like 2154, got ${JSON.stringify(o.crs)}`);
  if (o.uint16 !== 'reject' && o.uint16 !== 'scale')
    problems.push(`uint16 must be "reject" or "scale", got "${o.uint16}"`);
  const [lo, hi] = o.uint16Range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && hi <= 65535 && lo < hi))
    problems.push(
      `uint16Range must be two numbers 0 <= min < max <= 65535, got ${JSON.stringify(o.uint16Range)}`,
    );
  if (!(o.maxErrorPx > 0 && o.maxErrorPx <= 1))
    problems.push(`maxErrorPx must be in (0, 1], got ${o.maxErrorPx}`);
  if (!(o.sourceBudgetPx >= 65536))
    problems.push(`sourceBudgetPx must be at least 65536, got ${o.sourceBudgetPx}`);
  return problems;
}

/** How dalles are opened under a plan's options (the `openRasterSource` options they set). */
export interface SourceOpenOptions {
  crs?: number;
  uint16: 'reject' | 'scale';
  uint16Range: readonly [number, number];
  bands?: readonly [number, number, number];
}

/** The source options of a plan, the same for `plan`, `run` and every worker. */
export function sourceOpenOptions(o: PlanOptions): SourceOpenOptions {
  const out: SourceOpenOptions = { uint16: o.uint16, uint16Range: o.uint16Range };
  if (o.crs !== null) out.crs = o.crs;
  if (o.bands !== null) out.bands = o.bands;
  return out;
}

/** The deepest zoom <= maxZoom at which `extent` spans at most `maxTiles` tiles. */
export function defaultMinZoom(extent: Extent, maxZoom: number, maxTiles = 4): number {
  for (let z = maxZoom; z > 0; z--) {
    if (tileRangeCount(mercatorExtentToTileRange(extent, z)) <= maxTiles) return z;
  }
  return 0;
}

/** Occupancy of a square of tiles below a root, reduced level by level: counts per zoom. */
function countOccupancy(
  bitmap: Uint8Array,
  side: number,
  leafZoom: number,
  stopZoom: number,
  counts: Map<number, number>,
  countLeaf: boolean,
): number {
  let total = 0;
  let cur = bitmap;
  let n = side;
  let z = leafZoom;
  for (;;) {
    if (z !== leafZoom || countLeaf) {
      let c = 0;
      for (let i = 0; i < cur.length; i++) c += cur[i] as number;
      counts.set(z, (counts.get(z) ?? 0) + c);
      total += c;
    }
    if (z === stopZoom) return total;
    const half = n >> 1;
    const next = new Uint8Array(half * half);
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        const i = 2 * y * n + 2 * x;
        next[y * half + x] =
          (cur[i] as number) | (cur[i + 1] as number) | (cur[i + n] as number) | (cur[i + n + 1] as number);
      }
    }
    cur = next;
    n = half;
    z--;
  }
}

/**
 * Plans the pyramid of a set of dalles.
 * @param infos headers of the dalles (any order; the plan sorts them by id).
 * @param unreadable dalles that could not even be opened (listed with the skipped ones).
 * @throws DataError when options are invalid, when a dalle is bad and onError is 'stop' (every
 *   problem listed, naming each file), or when no dalle is usable.
 */
export function planPyramid(
  infos: readonly RasterInfo[],
  options: Partial<PlanOptions> = {},
  unreadable: readonly SkippedDalle[] = [],
): TilingPlan {
  const o: PlanOptions = { ...PLAN_DEFAULTS, ...options };
  const optionProblems = checkOptions(o);
  if (optionProblems.length > 0) throw new DataError(`${NAME}: invalid options`, optionProblems);

  const { mosaic, skipped: gridSkipped } = buildMosaic(infos);
  const skipped = [...unreadable, ...gridSkipped].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const listing = skipped.flatMap((s) => s.reasons.map((r) => `"${s.id}" ${r}`));
  if (mosaic === null || mosaic.dalles.length === 0) {
    throw new DataError(
      `${NAME}: no usable dalle among ${infos.length + unreadable.length} input(s).`,
      listing,
    );
  }
  if (o.onError === 'stop' && skipped.length > 0) {
    throw new DataError(
      `${NAME}: ${skipped.length} dalle(s) cannot be used. Fix them, remove them, or pass --on-error skip to leave them out (they will be listed in the report).`,
      listing,
    );
  }

  const crs = createCrsTransform(mosaic.epsg);
  const footprints = mosaic.dalles.map((d) => dalleToMercator(mosaic, crs, d));
  const dataExtent = unionExtents(footprints);
  const [, centreLat] = mercatorToLonLat(
    (dataExtent.minX + dataExtent.maxX) / 2,
    (dataExtent.minY + dataExtent.maxY) / 2,
  );
  const latRadians = (centreLat * Math.PI) / 180;
  const maxZoom = o.maxZoom ?? Math.min(PLAN_MAX_ZOOM, maxZoomForResolution(mosaic.pixelSizeX, latRadians));
  const minZoom = o.minZoom ?? Math.min(maxZoom, defaultMinZoom(dataExtent, maxZoom));
  if (minZoom > maxZoom) {
    throw new DataError(
      `${NAME}: minZoom ${minZoom} is above the max zoom ${maxZoom} chosen from the data; pass --max-zoom too.`,
    );
  }
  const resolved: ResolvedPlanOptions = { ...o, minZoom, maxZoom };

  // Tiles within bilinear reach of a dalle (2 output or source pixels) may get pixels from it.
  const margin = 2 * Math.max(pixelSizeMetres(maxZoom), mosaic.pixelSizeX / Math.cos(latRadians));
  const reach = footprints.map((f) => expandExtent(f, margin));

  const counts = new Map<number, number>();
  const jobs: TileJob[] = [];
  const r0 = Math.max(minZoom, maxZoom - o.jobZoomSpan);
  const roots = new Map<string, { tile: TileAddress; dalles: number[] }>();
  reach.forEach((extent, index) => {
    const range = mercatorExtentToTileRange(extent, r0);
    for (let y = range.minY; y <= range.maxY; y++) {
      for (let x = range.minX; x <= range.maxX; x++) {
        const key = `${x},${y}`;
        const entry = roots.get(key) ?? { tile: { z: r0, x, y }, dalles: [] };
        entry.dalles.push(index);
        roots.set(key, entry);
      }
    }
  });
  const rootList = [...roots.values()].sort((a, b) => compareTiles(a.tile, b.tile));
  const depth = maxZoom - r0;
  const side = 2 ** depth;
  const isTop = r0 === minZoom;
  for (const { tile, dalles } of rootList) {
    const bitmap = new Uint8Array(side * side);
    const x0 = tile.x * side;
    const y0 = tile.y * side;
    for (const d of dalles) {
      const range = mercatorExtentToTileRange(reach[d] as Extent, maxZoom);
      for (let y = Math.max(range.minY, y0); y <= Math.min(range.maxY, y0 + side - 1); y++) {
        for (let x = Math.max(range.minX, x0); x <= Math.min(range.maxX, x0 + side - 1); x++) {
          bitmap[(y - y0) * side + (x - x0)] = 1;
        }
      }
    }
    const tiles = countOccupancy(bitmap, side, maxZoom, r0, counts, true);
    jobs.push({
      id: jobId(tile),
      ...tile,
      kind: 'source',
      maxZoom,
      leafZoom: maxZoom,
      dalles: [...dalles].sort((a, b) => a - b),
      deps: [],
      exportRoot: !isTop,
      tiles,
    });
  }

  let level = rootList.map((r) => r.tile);
  let levelZoom = r0;
  while (levelZoom > minZoom) {
    const top = Math.max(minZoom, levelZoom - o.jobZoomSpan);
    const groups = new Map<string, { tile: TileAddress; children: TileAddress[] }>();
    for (const child of level) {
      const anc = tileAncestor(child, top);
      const key = `${anc.x},${anc.y}`;
      const g = groups.get(key) ?? { tile: anc, children: [] };
      g.children.push(child);
      groups.set(key, g);
    }
    const groupList = [...groups.values()].sort((a, b) => compareTiles(a.tile, b.tile));
    const d = levelZoom - top;
    const n = 2 ** d;
    for (const g of groupList) {
      const bitmap = new Uint8Array(n * n);
      for (const c of g.children) bitmap[(c.y - g.tile.y * n) * n + (c.x - g.tile.x * n)] = 1;
      const tiles = countOccupancy(bitmap, n, levelZoom, top, counts, false);
      jobs.push({
        id: jobId(g.tile),
        ...g.tile,
        kind: 'children',
        maxZoom: levelZoom - 1,
        leafZoom: levelZoom,
        dalles: [],
        deps: g.children.sort(compareTiles).map(jobId),
        exportRoot: top !== minZoom,
        tiles,
      });
    }
    level = groupList.map((g) => g.tile);
    levelZoom = top;
  }

  const levels: PlanLevel[] = [];
  const reachExtent = unionExtents(reach);
  for (let z = minZoom; z <= maxZoom; z++) {
    levels.push({ z, tiles: counts.get(z) ?? 0, range: mercatorExtentToTileRange(reachExtent, z) });
  }
  const totalTiles = levels.reduce((s, l) => s + l.tiles, 0);
  const groundPx = pixelSizeMetres(maxZoom) * Math.cos(latRadians);
  const sourcePixels = Math.round((counts.get(maxZoom) ?? 0) * 65536 * (groundPx / mosaic.pixelSizeX) ** 2);
  const [west, south] = mercatorToLonLat(dataExtent.minX, dataExtent.minY);
  const [east, north] = mercatorToLonLat(dataExtent.maxX, dataExtent.maxY);

  const fingerprint = hashString(
    JSON.stringify({
      version: PLAN_VERSION,
      options: resolved,
      epsg: mosaic.epsg,
      geoTransform: mosaic.geoTransform,
      dalles: mosaic.dalles.map((d) => [baseName(d.id), d.col, d.row, d.width, d.height]),
      jobs: jobs.length,
    }),
  );
  return {
    version: PLAN_VERSION,
    fingerprint,
    options: resolved,
    mosaic,
    skipped,
    boundsLonLat: { minX: west, minY: south, maxX: east, maxY: north },
    boundsMercator: dataExtent,
    levels,
    totalTiles,
    sourcePixels,
    jobs,
  };
}

/** Last path segment (the fingerprint survives moving the input folder). */
function baseName(id: string): string {
  const parts = id.split(/[\\/]/);
  return parts[parts.length - 1] ?? id;
}

/** True when a tile of the job's root is within the data (for picking a calibration job). */
export function jobTouches(job: TileJob, extent: Extent): boolean {
  return extentsOverlap(tileToMercatorBounds(job), extent);
}
