// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * Scanline rasterisation of polygons onto a pixel grid, sampling at pixel centres.
 *
 * A pixel belongs to a polygon when its centre is inside it (even-odd over all rings). Crossings
 * are computed with each edge's end points in a canonical order and pixel columns from them by one
 * formula, so two polygons sharing an edge split the pixels along it with no gap and no overlap:
 * a partition of the area rasterises to a label image where every pixel has exactly one label.
 */
import type { Ring } from './geometry';

/** A north-up pixel grid in the local frame: pixel (0, 0) has its top-left corner at (x0, yTop). */
export interface PixelGrid {
  x0: number;
  yTop: number;
  /** Pixel size, metres. */
  pixel: number;
  width: number;
  height: number;
}

/** Calls `span(row, c0, c1)` for every run of pixel columns [c0, c1) whose centres lie inside the rings. */
export function scanPolygon(
  rings: readonly Ring[],
  grid: PixelGrid,
  span: (row: number, c0: number, c1: number) => void,
): void {
  let minY = Infinity;
  let maxY = -Infinity;
  let nEdges = 0;
  for (const r of rings) {
    nEdges += r.length;
    for (const p of r) {
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
  }
  const { x0, yTop, pixel, width, height } = grid;
  // Rows whose centre y = yTop - (row + 0.5) * pixel falls within [minY, maxY].
  const r0 = Math.max(0, Math.ceil((yTop - maxY) / pixel - 0.5));
  const r1 = Math.min(height - 1, Math.floor((yTop - minY) / pixel - 0.5));
  if (r0 > r1) return;
  // Edges with the lower end first (canonical), horizontal ones dropped.
  const ya = new Float64Array(nEdges);
  const yb = new Float64Array(nEdges);
  const xa = new Float64Array(nEdges);
  const xb = new Float64Array(nEdges);
  let m = 0;
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const p = r[i]!;
      const q = r[(i + 1) % n]!;
      if (p[1] === q[1]) continue;
      const low = p[1] < q[1] ? p : q;
      const high = p[1] < q[1] ? q : p;
      ya[m] = low[1];
      xa[m] = low[0];
      yb[m] = high[1];
      xb[m] = high[0];
      m++;
    }
  }
  const xs = new Float64Array(m);
  for (let row = r0; row <= r1; row++) {
    const yc = yTop - (row + 0.5) * pixel;
    let k = 0;
    for (let e = 0; e < m; e++) {
      const y0 = ya[e]!;
      const y1 = yb[e]!;
      if (yc < y0 || yc >= y1) continue;
      const x0e = xa[e]!;
      xs[k++] = x0e + ((yc - y0) * (xb[e]! - x0e)) / (y1 - y0);
    }
    if (k < 2) continue;
    const sorted = xs.subarray(0, k).sort();
    for (let s = 0; s + 1 < k; s += 2) {
      let c0 = Math.ceil((sorted[s]! - x0) / pixel - 0.5);
      let c1 = Math.ceil((sorted[s + 1]! - x0) / pixel - 0.5);
      if (c0 < 0) c0 = 0;
      if (c1 > width) c1 = width;
      if (c1 > c0) span(row, c0, c1);
    }
  }
}

/**
 * Writes `label` into every pixel of `out` (row-major, grid.width * grid.height) covered by the
 * polygon. Used for the per-dalle label image (label = polygon's index + 1, 0 = none).
 */
export function rasteriseLabel(
  rings: readonly Ring[],
  grid: PixelGrid,
  out: Uint16Array | Uint8Array,
  label: number,
): void {
  const w = grid.width;
  scanPolygon(rings, grid, (row, c0, c1) => {
    out.fill(label, row * w + c0, row * w + c1);
  });
}

/** Raises pixels of `out` covered by the polygon to at least `value` (shadow masks). */
export function rasteriseMax(rings: readonly Ring[], grid: PixelGrid, out: Uint8Array, value: number): void {
  const w = grid.width;
  scanPolygon(rings, grid, (row, c0, c1) => {
    const base = row * w;
    for (let c = c0; c < c1; c++) if (out[base + c]! < value) out[base + c] = value;
  });
}
