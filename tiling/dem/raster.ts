/**
 * DEM rasters in memory and bilinear sampling across several of them (pure).
 *
 * A DEM (MNT: RGE ALTI 1 m, LiDAR HD DTM 50 cm) is a single-band float raster of altitudes in a
 * projected CRS (Lambert-93 or a CC zone), north-up. Values equal to `nodata` (or NaN) are holes.
 */

/** Where a DEM file lies and what it holds (its header only). */
export interface DemHeader {
  /** File path (or any id), used in messages. */
  id: string;
  epsg: number;
  width: number;
  height: number;
  /** West edge and north edge, CRS metres. */
  originX: number;
  originY: number;
  /** Pixel width and height, positive, metres. */
  pixelSizeX: number;
  pixelSizeY: number;
  /** Hole value (GDAL_NODATA); null when none. */
  nodata: number | null;
}

/** A DEM header with its altitudes (row-major from the north-west). */
export interface DemRaster extends DemHeader {
  values: Float32Array;
}

/** Extent of a DEM in its CRS: [minX, minY, maxX, maxY], metres. */
export function demBounds(h: DemHeader): [number, number, number, number] {
  return [h.originX, h.originY - h.height * h.pixelSizeY, h.originX + h.width * h.pixelSizeX, h.originY];
}

function valid(v: number, nodata: number | null): boolean {
  return !Number.isNaN(v) && v !== nodata && v > -1e4 && v < 1e5;
}

/**
 * Altitude at (x, y) (CRS metres) by bilinear interpolation between pixel centres of the first
 * raster whose footprint holds the point; at a raster's outer half pixel the edge pixel is used.
 * Holes among the four neighbours are left out (weights renormalised); NaN when all four are holes
 * or no raster holds the point.
 */
export function sampleDem(rasters: readonly DemRaster[], x: number, y: number): number {
  for (const r of rasters) {
    const fx = (x - r.originX) / r.pixelSizeX;
    const fy = (r.originY - y) / r.pixelSizeY;
    if (fx < 0 || fy < 0 || fx > r.width || fy > r.height) continue;
    const u = Math.min(Math.max(fx - 0.5, 0), r.width - 1);
    const v = Math.min(Math.max(fy - 0.5, 0), r.height - 1);
    const i0 = Math.floor(u);
    const j0 = Math.floor(v);
    const i1 = Math.min(i0 + 1, r.width - 1);
    const j1 = Math.min(j0 + 1, r.height - 1);
    const tx = u - i0;
    const ty = v - j0;
    const w = r.width;
    const vals = r.values;
    // The four neighbours, weights, holes left out (no closure: this runs ~5,000 times per tile).
    const v00 = vals[j0 * w + i0] as number;
    const v10 = vals[j0 * w + i1] as number;
    const v01 = vals[j1 * w + i0] as number;
    const v11 = vals[j1 * w + i1] as number;
    const k00 = valid(v00, r.nodata) ? (1 - tx) * (1 - ty) : 0;
    const k10 = valid(v10, r.nodata) ? tx * (1 - ty) : 0;
    const k01 = valid(v01, r.nodata) ? (1 - tx) * ty : 0;
    const k11 = valid(v11, r.nodata) ? tx * ty : 0;
    const weight = k00 + k10 + k01 + k11;
    const sum =
      (k00 > 0 ? v00 * k00 : 0) +
      (k10 > 0 ? v10 * k10 : 0) +
      (k01 > 0 ? v01 * k01 : 0) +
      (k11 > 0 ? v11 * k11 : 0);
    if (weight > 0) return sum / weight;
    // The point's own pixel, when the weights all fell on holes but it is valid (exact corner).
    const own = vals[
      Math.min(Math.floor(fy), r.height - 1) * w + Math.min(Math.floor(fx), r.width - 1)
    ] as number;
    if (valid(own, r.nodata)) return own;
  }
  return Number.NaN;
}
