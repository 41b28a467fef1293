/**
 * Planning the real thing: the imagery pyramid of a whole region (`tiling plan --area hdf`) without
 * its dalles at hand: tiles per level from the region's area and perimeter, jobs, output bytes,
 * object count, and the wall time for K workers from a measured per-core throughput (a calibration
 * run on real dalles when given, else the figures measured on the sample, see docs/scale.md).
 *
 * Tiles per level: a tile of side s (ground metres at the region's mean latitude) is written when it
 * touches the data, so N(z) ~ A / s^2 (inside) + (2/pi) P / s (cut by the outline, perimeter P)
 * + 1, capped by the tiles of the bounding box. Exact enough to size a cluster (a few % on HdF's
 * outline; the plan of the real dalles is exact).
 * Part of the ortho product (its plan at region scale); no I/O but reading a dalle index file.
 */
import { readFile } from 'node:fs/promises';
import {
  groundResolutionMetres,
  lonLatToMercator,
  maxZoomForResolution,
  mercatorExtentToTileRange,
  TILE_SIZE_PX,
  tileRangeCount,
} from '../../format/grid';
import type { Extent } from '../core';
import { DataError, formatBytes, formatDuration } from '../core';
import type { Calibration, ProductRegionEstimate } from '../plan';
import { defaultMinZoom, formatProductEstimate } from '../plan';
import { createCrsTransform } from '../reproject';

/** Prefix of the region estimate's messages (the distributed mode's, as before). */
const NAME = 'tiling/distributed';

/** A region to estimate. */
export interface RegionArea {
  name: string;
  areaKm2: number;
  /** Outline length (simplified outline, coast included). */
  perimeterKm: number;
  /** Degrees: west, south, east, north. */
  boundsLonLat: Extent;
}

/** Hauts-de-France: INSEE area; outline and bounds from the region's GeoJSON (../shared/data/admin-france-geojson). */
export const HDF_AREA: RegionArea = {
  name: 'Hauts-de-France',
  areaKm2: 31_806,
  perimeterKm: 1_317,
  boundsLonLat: { minX: 1.3807, minY: 48.8394, maxX: 4.2557, maxY: 51.089 },
};

/** Figures measured on this project's sample (PCRS-like 5 cm dalles, JPEG q85), used without a calibration. */
export const MEASURED_DEFAULTS = {
  /**
   * Tiles written per second by one core, whole pyramid (warp + downsample + encode + write), by
   * CPU time less the process start-up: `npm run bench`, 4x sample, 2026-12-06 (bench/README.md).
   */
  tilesPerCoreSecond: 212,
  /** Mean encoded tile (JPEG q85; PNG edge tiles included), same run. */
  bytesPerTile: 13_600,
} as const;

/** Options of `estimateRegion`. */
export interface ScaleOptions {
  region: RegionArea;
  /** Source pixel (0.05 m: PCRS). */
  pixelMetres: number;
  /** Side of a dalle (200 m: PCRS; 1000 m for some deliveries). */
  dalleMetres: number;
  vintages: number;
  /** Zoom levels per job (3). */
  jobZoomSpan: number;
  tilesPerCoreSecond: number;
  bytesPerTile: number;
  /** Worker counts (one core each) to time. */
  workers: number[];
  /** Sustained PUT rate of the object store, per second (S3: 3,500 per prefix, more as it partitions). */
  putsPerSecond: number;
}

export const SCALE_DEFAULTS: Omit<ScaleOptions, 'region'> = {
  pixelMetres: 0.05,
  dalleMetres: 200,
  vintages: 1,
  jobZoomSpan: 3,
  tilesPerCoreSecond: MEASURED_DEFAULTS.tilesPerCoreSecond,
  bytesPerTile: MEASURED_DEFAULTS.bytesPerTile,
  workers: [1, 16, 64, 256, 1024],
  putsPerSecond: 3500,
};

/** What `estimateRegion` gives (per vintage unless said). */
export interface ScaleEstimate {
  region: string;
  vintages: number;
  minZoom: number;
  maxZoom: number;
  dalles: number;
  sourceGigapixels: number;
  levels: { z: number; tiles: number }[];
  tiles: number;
  jobs: { source: number; children: number };
  bytes: number;
  /** Objects in the store: tiles + metadata (tilejson, WMTS, report). */
  objects: number;
  /** All vintages. */
  total: { tiles: number; bytes: number; objects: number; coreHours: number };
  perWorkers: { workers: number; seconds: number; putsPerSecond: number; putLimited: boolean }[];
  throughput: { tilesPerCoreSecond: number; bytesPerTile: number; measuredOn: string };
}

/** Tiles at zoom z that touch a region. */
export function regionTilesAtZoom(region: RegionArea, z: number): number {
  const lat = (((region.boundsLonLat.minY + region.boundsLonLat.maxY) / 2) * Math.PI) / 180;
  const s = groundResolutionMetres(z, lat) * TILE_SIZE_PX;
  const a = region.areaKm2 * 1e6;
  const p = region.perimeterKm * 1e3;
  const estimate = Math.ceil(a / (s * s) + ((2 / Math.PI) * p) / s + 1);
  return Math.min(
    estimate,
    tileRangeCount(mercatorExtentToTileRange(mercatorBounds(region.boundsLonLat), z)),
  );
}

function mercatorBounds(b: Extent): Extent {
  const [minX, minY] = lonLatToMercator(b.minX, b.minY);
  const [maxX, maxY] = lonLatToMercator(b.maxX, b.maxY);
  return { minX, minY, maxX, maxY };
}

/** The estimate of a region's pyramid. */
export function estimateRegion(
  options: Pick<ScaleOptions, 'region'> & Partial<ScaleOptions>,
  measuredOn = 'the sample, see docs/scale.md',
): ScaleEstimate {
  const o: ScaleOptions = { ...SCALE_DEFAULTS, ...options };
  const b = o.region.boundsLonLat;
  const lat = (((b.minY + b.maxY) / 2) * Math.PI) / 180;
  const maxZoom = maxZoomForResolution(o.pixelMetres, lat);
  const minZoom = Math.min(maxZoom, defaultMinZoom(mercatorBounds(b), maxZoom));
  const levels: { z: number; tiles: number }[] = [];
  for (let z = minZoom; z <= maxZoom; z++) levels.push({ z, tiles: regionTilesAtZoom(o.region, z) });
  const tiles = levels.reduce((n, l) => n + l.tiles, 0);
  const tilesAt = (z: number) => levels.find((l) => l.z === z)?.tiles ?? 0;
  const r0 = Math.max(minZoom, maxZoom - o.jobZoomSpan);
  let children = 0;
  for (let r = r0 - o.jobZoomSpan; ; r -= o.jobZoomSpan) {
    const z = Math.max(minZoom, r);
    children += tilesAt(z);
    if (z === minZoom) break;
  }
  const dalles = Math.ceil((o.region.areaKm2 * 1e6) / (o.dalleMetres * o.dalleMetres));
  const bytes = tiles * o.bytesPerTile;
  const objects = tiles + 3;
  const coreSeconds = tiles / o.tilesPerCoreSecond;
  return {
    region: o.region.name,
    vintages: o.vintages,
    minZoom,
    maxZoom,
    dalles,
    sourceGigapixels: (o.region.areaKm2 * 1e6) / (o.pixelMetres * o.pixelMetres) / 1e9,
    levels,
    tiles,
    jobs: { source: tilesAt(r0), children },
    bytes,
    objects,
    total: {
      tiles: tiles * o.vintages,
      bytes: bytes * o.vintages,
      objects: objects * o.vintages,
      coreHours: (coreSeconds * o.vintages) / 3600,
    },
    perWorkers: o.workers.map((k) => {
      const seconds = (coreSeconds * o.vintages) / k;
      const puts = (tiles * o.vintages) / seconds;
      return { workers: k, seconds, putsPerSecond: puts, putLimited: puts > o.putsPerSecond };
    }),
    throughput: { tilesPerCoreSecond: o.tilesPerCoreSecond, bytesPerTile: o.bytesPerTile, measuredOn },
  };
}

/** The throughput of a calibration run (one thread), for `estimateRegion`. */
export function throughputOf(c: Calibration): { tilesPerCoreSecond: number; bytesPerTile: number } {
  if (!(c.seconds > 0 && c.tiles > 0)) throw new DataError(`${NAME}: the calibration run measured nothing.`);
  return { tilesPerCoreSecond: c.tiles / c.seconds, bytesPerTile: c.bytes / c.tiles };
}

/**
 * A region from a dalle index: one dalle name per line, with its upper-left corner in Lambert-93
 * as in PCRS/IGN names ("2021-07080-70580-LA93-0M05-RVB.tif": 5 digits in hm, or 4 in km). Area and
 * outline come from the set of dalle squares (the outline counts every side without a neighbour).
 * @throws DataError naming the first line that holds no corner.
 */
export function regionFromDalleIndex(text: string, source: string, dalleMetres = 200): RegionArea {
  const cells = new Set<string>();
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const name = line.split(/[\\/]/).pop() ?? line;
    // The first two adjacent numbers (4 or 5 digits) that read as a Lambert-93 corner (x 100..1300 km,
    // y 6000..7200 km); years and other numbers in the name are skipped.
    const groups = name.match(/\d+/g) ?? [];
    const metres = (d: string) => Number(d) * (d.length === 5 ? 100 : 1000);
    let corner: [number, number] | null = null;
    for (let k = 0; k + 1 < groups.length && corner === null; k++) {
      const a = groups[k] as string;
      const b = groups[k + 1] as string;
      if (a.length < 4 || a.length > 5 || b.length < 4 || b.length > 5) continue;
      const cx = metres(a);
      const cy = metres(b);
      if (cx >= 100e3 && cx <= 1300e3 && cy >= 6000e3 && cy <= 7200e3) corner = [cx, cy];
    }
    if (corner === null) {
      throw new DataError(
        `${NAME}: ${source} line ${i + 1} ("${line}") names no Lambert-93 corner like 07080-70580 (hm) or 0708_7058 (km).`,
      );
    }
    const [x, y] = corner;
    cells.add(`${Math.round(x / dalleMetres)},${Math.round(y / dalleMetres)}`);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x + dalleMetres);
    minY = Math.min(minY, y - dalleMetres);
    maxY = Math.max(maxY, y);
  });
  if (cells.size === 0) throw new DataError(`${NAME}: ${source} lists no dalle.`);
  let sides = 0;
  for (const c of cells) {
    const [i, j] = c.split(',').map(Number) as [number, number];
    for (const [di, dj] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const)
      if (!cells.has(`${i + di},${j + dj}`)) sides++;
  }
  const crs = createCrsTransform(2154);
  const corners = [
    crs.toLonLat(minX, minY),
    crs.toLonLat(maxX, minY),
    crs.toLonLat(minX, maxY),
    crs.toLonLat(maxX, maxY),
  ];
  return {
    name: `${cells.size} dalles of ${source}`,
    areaKm2: (cells.size * dalleMetres * dalleMetres) / 1e6,
    perimeterKm: (sides * dalleMetres) / 1000,
    boundsLonLat: {
      minX: Math.min(...corners.map((c) => c[0])),
      minY: Math.min(...corners.map((c) => c[1])),
      maxX: Math.max(...corners.map((c) => c[0])),
      maxY: Math.max(...corners.map((c) => c[1])),
    },
  };
}

/**
 * `--area`: "hdf", or a dalle index file (one dalle name per line).
 * @throws DataError for anything else.
 */
export async function parseArea(value: string, dalleMetres = 200): Promise<RegionArea> {
  if (value.toLowerCase() === 'hdf' || value.toLowerCase() === 'hauts-de-france') return HDF_AREA;
  let text: string;
  try {
    text = await readFile(value, 'utf8');
  } catch {
    throw new DataError(
      `${NAME}: --area "${value}" is neither a known area nor a readable dalle index file; use --area hdf (Hauts-de-France) or a .txt list of dalle names.`,
    );
  }
  return regionFromDalleIndex(text, value, dalleMetres);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The estimate as a technician reads it. */
export function formatScaleEstimate(e: ScaleEstimate): string {
  const lines = [
    `${e.region}: ${fmt(e.dalles)} dalles, ${fmt(e.sourceGigapixels)} Gpx of source per vintage, zooms ${e.minZoom}..${e.maxZoom}`,
    '',
    '  zoom            tiles',
    ...e.levels.map((l) => `  ${String(l.z).padStart(4)} ${fmt(l.tiles).padStart(16)}`),
    `  total ${fmt(e.tiles).padStart(15)}  (per vintage)`,
    '',
    `jobs per vintage: ${fmt(e.jobs.source)} from the dalles, ${fmt(e.jobs.children)} from their children`,
    `output per vintage: ${formatBytes(e.bytes)} in ${fmt(e.objects)} objects`,
    `${e.vintages} vintage(s): ${fmt(e.total.tiles)} tiles, ${formatBytes(e.total.bytes)}, ${fmt(e.total.objects)} objects, ${fmt(e.total.coreHours)} core-hours`,
    `throughput: ${e.throughput.tilesPerCoreSecond.toFixed(0)} tiles/s per core, ${formatBytes(e.throughput.bytesPerTile)} per tile (measured on ${e.throughput.measuredOn})`,
    '',
    '  workers        wall time     PUT/s needed',
    ...e.perWorkers.map(
      (w) =>
        `  ${String(w.workers).padStart(7)} ${formatDuration(w.seconds).padStart(16)} ${fmt(w.putsPerSecond).padStart(16)}${w.putLimited ? '  > store PUT rate: spread prefixes or pack (PMTiles)' : ''}`,
    ),
  ];
  return lines.join('\n');
}

/**
 * `tiling plan --area hdf [dalles --out dir]`: prints (or returns as JSON) the region's estimate;
 * with dalles, their calibration run gives the throughput instead of the sample's figures. The
 * other products' estimates over the same region (`products`) follow (JSON: `products`).
 */
export async function printAreaEstimate(
  values: Record<string, unknown>,
  calibrate: (() => Promise<Calibration | null>) | null,
  products?: (region: RegionArea, workers: number[]) => ProductRegionEstimate[],
): Promise<number> {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const num = (v: string | undefined, name: string, fallback: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!(Number.isInteger(n) && n >= 1))
      throw new DataError(`${NAME}: --${name} must be a whole number >= 1, got "${v}".`);
    return n;
  };
  const list = str('worker-counts');
  const workers = list
    ? list.split(',').map((w) => num(w.trim(), 'worker-counts', 1))
    : SCALE_DEFAULTS.workers;
  const dalleMetres = num(str('dalle-m'), 'dalle-m', 200);
  const calibration = calibrate ? await calibrate() : null;
  const region = await parseArea(str('area') ?? '', dalleMetres);
  const e = estimateRegion(
    {
      region,
      vintages: num(str('vintages'), 'vintages', 1),
      dalleMetres,
      workers,
      ...(calibration ? throughputOf(calibration) : {}),
    },
    calibration ? 'the given dalles, calibration run' : 'the sample, see docs/scale.md',
  );
  // The other products over the same region (terrain, buildings), given by the caller.
  const others = products?.(region, workers) ?? [];
  if (values.json) console.log(JSON.stringify(others.length > 0 ? { ...e, products: others } : e, null, 2));
  else console.log([formatScaleEstimate(e), ...others.map(formatProductEstimate)].join('\n\n'));
  return 0;
}
