/**
 * Geographic extents in degrees (WGS 84 longitude/latitude), written `[west, south, east, north]`
 * like GeoJSON bboxes: the catalog's bboxes, territory extents, tile extents. Pure math, no I/O:
 * the viewer, the tiling and the server share it.
 */

/** `[west, south, east, north]` in degrees (WGS 84). */
export type Bbox = readonly [west: number, south: number, east: number, north: number];

/**
 * The Hauts-de-France region, slightly padded so the whole coastline and the Thiérache fit:
 * the default home view when a catalog names none.
 */
export const HAUTS_DE_FRANCE_BBOX: Bbox = [1.38, 48.83, 4.26, 51.09];

/**
 * Whether `b` is a usable extent: finite, longitudes within ±180°, latitudes within ±90°,
 * west < east and south < north (extents crossing the antimeridian are not needed here).
 */
export function isValidBbox(b: readonly number[]): b is Bbox {
  if (b.length !== 4 || !b.every(Number.isFinite)) return false;
  const [w, s, e, n] = b as unknown as Bbox;
  return w >= -180 && e <= 180 && s >= -90 && n <= 90 && w < e && s < n;
}

/** Whether extent `inner` lies entirely within `outer`. */
export function bboxContains(outer: Bbox, inner: Bbox): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** The overlap of two extents, or `null` when they do not overlap. */
export function bboxIntersection(a: Bbox, b: Bbox): Bbox | null {
  const w = Math.max(a[0], b[0]);
  const s = Math.max(a[1], b[1]);
  const e = Math.min(a[2], b[2]);
  const n = Math.min(a[3], b[3]);
  return w < e && s < n ? [w, s, e, n] : null;
}

/**
 * An axis-aligned extent as min/max members: in a projected CRS (metres: Lambert-93, Web Mercator)
 * or in degrees, as each use says (the tiling's extents; `Bbox` is the degree array form).
 */
export interface Extent {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}
