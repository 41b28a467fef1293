/**
 * GeoJSON output of the sample: OCS2D polygons per vintage and the change detections, in
 * Lambert-93 (EPSG:2154) metres rounded to the millimetre.
 *
 * RFC 7946 GeoJSON is WGS84-only; real OCS2D exports in Lambert-93 carry the legacy (2008) `crs`
 * member so that GDAL and QGIS read the coordinates in the right CRS. We do the same. Rings are
 * closed, exterior rings counter-clockwise and holes clockwise, and shared edges have the same
 * vertices on both sides (see topology.ts), so the polygons partition the area exactly.
 */
import type { Detection } from './changes';
import { CHANGE_LABELS, DETECTION_MODEL_VERSION } from './changes';
import type { Poly, Ring } from './geometry';
import type { SceneVintage } from './scene';

/** The legacy CRS member naming EPSG:2154. */
export const CRS_2154 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } } as const;

/** Maps local-frame metres to Lambert-93: the local origin is the area's south-west corner. */
export interface Lambert93Offset {
  x: number;
  y: number;
}

type Position = [number, number];

function mm(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** A ring in Lambert-93, rounded to the millimetre, closed, with repeated vertices dropped. */
function ringToL93(ring: Ring, o: Lambert93Offset): Position[] {
  const out: Position[] = [];
  for (const [x, y] of ring) {
    const p: Position = [mm(o.x + x), mm(o.y + y)];
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}

/** Signed area of a closed ring of positions (counter-clockwise positive), m². */
export function closedRingArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

export function polygonToL93(poly: Poly, o: Lambert93Offset): { coordinates: Position[][]; area: number } {
  const outer = ringToL93(poly.outer, o);
  const holes = poly.holes.map((h) => ringToL93(h, o)).filter((h) => h.length >= 4);
  // Planar area of what is written (Lambert-93, as official OCS2D figures are computed).
  let area = Math.abs(closedRingArea(outer));
  for (const h of holes) area -= Math.abs(closedRingArea(h));
  return { coordinates: [outer, ...holes], area };
}

/** A GeoJSON FeatureCollection object. */
export interface FeatureCollectionObject {
  type: 'FeatureCollection';
  name: string;
  crs: typeof CRS_2154;
  features: object[];
}

/** JSON text of a FeatureCollection with one feature per line (compact, yet diff-friendly). */
export function featureCollectionText(fc: FeatureCollectionObject): string {
  const head = JSON.stringify({ type: fc.type, name: fc.name, crs: fc.crs });
  const features = fc.features.map((f) => JSON.stringify(f)).join(',\n');
  return `${head.slice(0, -1)},"features":[\n${features}\n]}\n`;
}

/** The OCS2D layer of one vintage as a GeoJSON FeatureCollection object. */
export function ocs2dFeatureCollection(
  vintage: SceneVintage,
  offset: Lambert93Offset,
): FeatureCollectionObject {
  return {
    type: 'FeatureCollection',
    name: `ocs2d-${vintage.year}`,
    crs: CRS_2154,
    features: vintage.polygons.map((p) => {
      const { coordinates, area } = polygonToL93(p.poly, offset);
      return {
        type: 'Feature',
        properties: {
          id: p.id,
          cs: p.cs,
          us: p.us,
          millesime: vintage.year,
          area_m2: Math.round(area * 100) / 100,
        },
        geometry: { type: 'Polygon', coordinates },
      };
    }),
  };
}

/** The change detections as a GeoJSON FeatureCollection object. */
export function changesFeatureCollection(
  detections: readonly Detection[],
  offset: Lambert93Offset,
  name: string,
): FeatureCollectionObject {
  return {
    type: 'FeatureCollection',
    name,
    crs: CRS_2154,
    features: detections.map((d) => {
      const { coordinates, area } = polygonToL93(d.poly, offset);
      return {
        type: 'Feature',
        properties: {
          id: d.id,
          class: CHANGE_LABELS[d.kind],
          class_code: d.kind,
          confidence: d.confidence,
          area_ha: Math.round(area) / 10000,
          date_before: d.dateBefore,
          date_after: d.dateAfter,
          model_version: DETECTION_MODEL_VERSION,
        },
        geometry: { type: 'Polygon', coordinates },
      };
    }),
  };
}
