/**
 * WebMercatorQuad (EPSG:3857) tile addressing, the grid of the twin's imagery pyramids
 * (see DESIGN.md "Grid"): level z has 2^z × 2^z tiles of 256 px, x eastwards from 180°W,
 * y southwards from 85.0511°N (XYZ convention, not TMS).
 */
import type { Bbox } from './extent';

/** Latitude limit of the Web Mercator square, in degrees. */
export const MAX_MERCATOR_LAT_DEGREES = 85.05112877980659;

/** A tile address in the XYZ scheme. */
export interface TileAddress {
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

/** Inclusive range of tile columns and rows at one level. */
export interface TileRange {
  readonly z: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/**
 * The tile containing a point at level `z`. Latitudes are clamped to the Mercator square and
 * the east/south edges belong to the last tile, so every point maps to an existing tile.
 */
export function lonLatToTile(lonDegrees: number, latDegrees: number, z: number): TileAddress {
  const n = 2 ** z;
  const lat = Math.max(-MAX_MERCATOR_LAT_DEGREES, Math.min(MAX_MERCATOR_LAT_DEGREES, latDegrees));
  const latRadians = (lat * Math.PI) / 180;
  const fx = ((lonDegrees + 180) / 360) * n;
  const fy = ((1 - Math.log(Math.tan(latRadians) + 1 / Math.cos(latRadians)) / Math.PI) / 2) * n;
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v)));
  return { z, x: clamp(fx), y: clamp(fy) };
}

/** The extent of a tile in degrees. */
export function tileToBbox({ z, x, y }: TileAddress): Bbox {
  const n = 2 ** z;
  const lon = (col: number) => (col / n) * 360 - 180;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/** The tiles of level `z` that intersect `bbox`. */
export function bboxToTileRange(bbox: Bbox, z: number): TileRange {
  const nw = lonLatToTile(bbox[0], bbox[3], z);
  const se = lonLatToTile(bbox[2], bbox[1], z);
  return { z, minX: nw.x, minY: nw.y, maxX: se.x, maxY: se.y };
}

/** Number of tiles in a range. */
export function tileRangeCount(r: TileRange): number {
  return (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);
}
