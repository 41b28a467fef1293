/**
 * Approximate transformer: output (Web Mercator) pixels -> source pixels through a grid of exact
 * points, bilinearly interpolated in between, refined until the interpolation error is below a
 * bound (like GDAL's GDALApproxTransform, in two dimensions).
 *
 * Exact proj4 costs about a microsecond a point; a 256 px tile has 65,536 pixels but near-affine
 * geometry, so a handful of exact points per tile is enough. The grid is refined uniformly
 * (1, 2, 4 ... cells a side) until the error measured at every cell centre and edge midpoint is below
 * half the bound: for the smooth maps involved the error of bilinear interpolation is a quadratic
 * form, largest at those points, and the halving keeps a margin for the higher-order terms.
 */

import { pixelToMercator } from '../../format/grid';
import type { GeoTransform } from '../core';
import type { CrsTransform } from './crs';

/** Maps a continuous output pixel position to a continuous source pixel position (exact). */
export type PixelMapper = (px: number, py: number) => [number, number];

/** Options of `buildApproxGrid`. */
export interface ApproxTransformOptions {
  /** Largest error allowed between the interpolated and the exact position, in source pixels (0.1). */
  maxErrorPx: number;
  /** Most cells a side before giving up refining (256: one exact point per pixel of a tile). */
  maxCells: number;
}

export const APPROX_TRANSFORM_DEFAULTS: ApproxTransformOptions = { maxErrorPx: 0.1, maxCells: 256 };

/** A rectangle of output pixels (global pixel coordinates of one zoom level). */
export interface OutputRegion {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/** Exact points on a regular grid over an output region, to interpolate from. */
export interface ApproxGrid extends OutputRegion {
  /** Cells a side; nodes are (cells + 1)^2, row-major. */
  cells: number;
  /** Source pixel column of each node. */
  u: Float64Array;
  /** Source pixel row of each node. */
  v: Float64Array;
  /** Largest error measured at the check points (source pixels). */
  measuredErrorPx: number;
}

/**
 * Inverse of a geotransform, as a function of CRS metres to continuous source pixel coordinates
 * where the centre of pixel (c, r) is exactly (c, r) (the convention the resamplers use).
 */
export function crsToPixelCentre(gt: GeoTransform): (x: number, y: number) => [number, number] {
  const [t0, t1, t2, t3, t4, t5] = gt;
  const det = t1 * t5 - t2 * t4;
  if (det === 0) throw new RangeError('crsToPixelCentre: degenerate geotransform');
  return (x, y) => {
    const dx = x - t0;
    const dy = y - t3;
    return [(t5 * dx - t2 * dy) / det - 0.5, (-t4 * dx + t1 * dy) / det - 0.5];
  };
}

/**
 * The exact map from output pixels of zoom `z` (global, continuous, centre of pixel i at i + 0.5)
 * to source pixels (centre of pixel c at c) of a raster with geotransform `gt` in `crs`.
 */
export function createExactPixelMapper(crs: CrsTransform, gt: GeoTransform, z: number): PixelMapper {
  const toPixel = crsToPixelCentre(gt);
  return (px, py) => {
    const [mx, my] = pixelToMercator(px, py, z);
    const [x, y] = crs.fromMercator(mx, my);
    return toPixel(x, y);
  };
}

function interpolate(grid: ApproxGrid, lx: number, ly: number, out: [number, number]): void {
  const n = grid.cells;
  const fx = (lx / grid.width) * n;
  const fy = (ly / grid.height) * n;
  const cx = Math.min(n - 1, Math.max(0, Math.floor(fx)));
  const cy = Math.min(n - 1, Math.max(0, Math.floor(fy)));
  const tx = fx - cx;
  const ty = fy - cy;
  const stride = n + 1;
  const i00 = cy * stride + cx;
  const i10 = i00 + 1;
  const i01 = i00 + stride;
  const i11 = i01 + 1;
  const u = grid.u;
  const v = grid.v;
  const w00 = (1 - tx) * (1 - ty);
  const w10 = tx * (1 - ty);
  const w01 = (1 - tx) * ty;
  const w11 = tx * ty;
  out[0] =
    (u[i00] as number) * w00 + (u[i10] as number) * w10 + (u[i01] as number) * w01 + (u[i11] as number) * w11;
  out[1] =
    (v[i00] as number) * w00 + (v[i10] as number) * w10 + (v[i01] as number) * w01 + (v[i11] as number) * w11;
}

/** The interpolated source position of an output position (global continuous pixel coordinates). */
export function approxGridPoint(grid: ApproxGrid, px: number, py: number): [number, number] {
  const out: [number, number] = [0, 0];
  interpolate(grid, px - grid.x0, py - grid.y0, out);
  return out;
}

function sampleNodes(exact: PixelMapper, region: OutputRegion, n: number): ApproxGrid {
  const stride = n + 1;
  const u = new Float64Array(stride * stride);
  const v = new Float64Array(stride * stride);
  for (let j = 0; j <= n; j++) {
    const py = region.y0 + (region.height * j) / n;
    for (let i = 0; i <= n; i++) {
      const [a, b] = exact(region.x0 + (region.width * i) / n, py);
      u[j * stride + i] = a;
      v[j * stride + i] = b;
    }
  }
  return { ...region, cells: n, u, v, measuredErrorPx: 0 };
}

function measureError(exact: PixelMapper, grid: ApproxGrid): number {
  const n = grid.cells;
  const out: [number, number] = [0, 0];
  let worst = 0;
  // Cell centres and the midpoints of every cell edge (half-steps of the node lattice).
  for (let j = 0; j <= 2 * n; j++) {
    for (let i = 0; i <= 2 * n; i++) {
      if ((i & 1) === 0 && (j & 1) === 0) continue; // a node: exact by construction
      const lx = (grid.width * i) / (2 * n);
      const ly = (grid.height * j) / (2 * n);
      const [eu, ev] = exact(grid.x0 + lx, grid.y0 + ly);
      interpolate(grid, lx, ly, out);
      const err = Math.hypot(out[0] - eu, out[1] - ev);
      if (!(err <= worst)) worst = err; // NaN counts as worst
    }
  }
  return worst;
}

/**
 * Builds the coarsest uniform grid over `region` whose interpolation error is below half of
 * `options.maxErrorPx` at every check point (or the `maxCells` grid if none is).
 */
export function buildApproxGrid(
  exact: PixelMapper,
  region: OutputRegion,
  options: Partial<ApproxTransformOptions> = {},
): ApproxGrid {
  const { maxErrorPx, maxCells } = { ...APPROX_TRANSFORM_DEFAULTS, ...options };
  let n = 1;
  for (;;) {
    const grid = sampleNodes(exact, region, n);
    grid.measuredErrorPx = measureError(exact, grid);
    if (grid.measuredErrorPx <= maxErrorPx / 2 || n >= maxCells) return grid;
    n *= 2;
  }
}

/**
 * Fills `outU`/`outV` (length >= width) with the source positions of the centres of one row of
 * output pixels: row `row` (0-based within the grid's region), columns 0 .. width - 1.
 */
export function approxGridRow(grid: ApproxGrid, row: number, outU: Float64Array, outV: Float64Array): void {
  // One interpolation (approxGridRowSegments), expanded per column here.
  const seg = rowSegmentScratch(grid.cells);
  const segments = approxGridRowSegments(grid, row, seg);
  for (let k = 0; k < segments; k++) {
    const o = k * 6;
    const first = seg[o] as number;
    const end = seg[o + 1] as number;
    const u0 = seg[o + 2] as number;
    const v0 = seg[o + 3] as number;
    const du = seg[o + 4] as number;
    const dv = seg[o + 5] as number;
    for (let c = first; c < end; c++) {
      outU[c] = u0 + du * (c - first);
      outV[c] = v0 + dv * (c - first);
    }
  }
}

let segmentScratch = new Float64Array(0);
/** A reused buffer for one row's segments (hot path: one call per output row). */
function rowSegmentScratch(cells: number): Float64Array {
  if (segmentScratch.length < 6 * cells) segmentScratch = new Float64Array(6 * cells);
  return segmentScratch;
}

/**
 * The same row as `approxGridRow`, as linear segments (one per grid cell): for segment k,
 * `out[6k .. 6k + 5]` = first column, end column (exclusive), u and v at the first column's
 * centre, and their steps per column. Returns the number of segments (`grid.cells`).
 * `out` needs 6 * grid.cells entries.
 */
export function approxGridRowSegments(grid: ApproxGrid, row: number, out: Float64Array): number {
  const n = grid.cells;
  const stride = n + 1;
  const width = grid.width;
  const fy = ((row + 0.5) / grid.height) * n;
  const cy = Math.min(n - 1, Math.floor(fy));
  const ty = fy - cy;
  const u = grid.u;
  const v = grid.v;
  const base0 = cy * stride;
  const base1 = base0 + stride;
  const cellWidth = width / n;
  for (let cx = 0; cx < n; cx++) {
    const uL = (u[base0 + cx] as number) * (1 - ty) + (u[base1 + cx] as number) * ty;
    const vL = (v[base0 + cx] as number) * (1 - ty) + (v[base1 + cx] as number) * ty;
    const uR = (u[base0 + cx + 1] as number) * (1 - ty) + (u[base1 + cx + 1] as number) * ty;
    const vR = (v[base0 + cx + 1] as number) * (1 - ty) + (v[base1 + cx + 1] as number) * ty;
    const start = Math.ceil(cx * cellWidth - 0.5);
    const end = cx === n - 1 ? width : Math.ceil((cx + 1) * cellWidth - 0.5);
    const du = (uR - uL) / cellWidth;
    const dv = (vR - vL) / cellWidth;
    const t = start + 0.5 - cx * cellWidth;
    const k = cx * 6;
    out[k] = start;
    out[k + 1] = end;
    out[k + 2] = uL + du * t;
    out[k + 3] = vL + dv * t;
    out[k + 4] = du;
    out[k + 5] = dv;
  }
  return n;
}

/** Source-pixel bounding box of every node of a grid, widened by its error bound. */
export function approxGridSourceBounds(
  grid: ApproxGrid,
  maxErrorPx: number,
): { minU: number; minV: number; maxU: number; maxV: number } {
  let minU = Number.POSITIVE_INFINITY;
  let minV = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let maxV = Number.NEGATIVE_INFINITY;
  const count = grid.u.length;
  for (let i = 0; i < count; i++) {
    const a = grid.u[i] as number;
    const b = grid.v[i] as number;
    if (a < minU) minU = a;
    if (a > maxU) maxU = a;
    if (b < minV) minV = b;
    if (b > maxV) maxV = b;
  }
  return {
    minU: minU - maxErrorPx,
    minV: minV - maxErrorPx,
    maxU: maxU + maxErrorPx,
    maxV: maxV + maxErrorPx,
  };
}
