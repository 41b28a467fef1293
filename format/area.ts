/**
 * Planar areas in a projected CRS (Lambert-93 metres), as the official OCS2D and ENAF figures are
 * computed: the one declaration of how the twin measures a polygon (the tiling's vector and stats
 * figures, the server's review items). Pure.
 */
import type { Position } from 'geojson';

/** Signed area of a ring by the shoelace formula, square metres (positive when counter-clockwise). */
export function ringSignedArea(ring: readonly Position[]): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[j] as Position;
    const b = ring[i] as Position;
    sum += ((a[0] as number) - (b[0] as number)) * ((a[1] as number) + (b[1] as number));
  }
  return sum / 2;
}

/** Area of a polygon (outer ring minus holes), square metres, whatever the rings' winding. */
export function polygonArea(rings: readonly (readonly Position[])[]): number {
  let area = 0;
  rings.forEach((ring, i) => {
    const a = Math.abs(ringSignedArea(ring));
    area += i === 0 ? a : -a;
  });
  return Math.max(0, area);
}

/** Area of a Polygon or MultiPolygon's coordinates, square metres. */
export function multiPolygonArea(polygons: readonly (readonly (readonly Position[])[])[]): number {
  let area = 0;
  for (const p of polygons) area += polygonArea(p);
  return area;
}
