/**
 * The two exports of the review: a labelled dataset for retraining the change-detection model,
 * and OCS2D "erreurs manifestes" reports in Géo2France's GeoContrib model (fields millesime,
 * type_erreur, cs_new, us_new, comment; see
 * ../shared/data/ocs2d-geo2france/maintenance/GeoContrib/). Pure functions over review items.
 */
import type { ReviewItem } from '../../format/review-api';

/** Code -> label of an OCS2D code (CS or US), when known. */
export type OcsLabel = (code: string) => string | null;

/** The class a reviewed detection really is: its own when accepted, the new one when reclassified. */
function trueClass(item: ReviewItem): string | null {
  if (item.status === 'accepted') return item.classCode;
  if (item.status === 'reclassified') return item.classNew;
  return null;
}

/** RFC 7946 FeatureCollection (WGS84) of every decided detection with its label. */
export function retrainingDataset(items: readonly ReviewItem[]): Record<string, unknown> {
  return {
    type: 'FeatureCollection',
    name: 'hdf-twin-change-review',
    features: items.map((it) => ({
      type: 'Feature',
      id: it.id,
      geometry: it.geometry,
      properties: {
        id: it.id,
        original_class: it.classCode,
        original_class_label: it.classLabel,
        confidence: it.confidence,
        decision: it.status,
        new_class: trueClass(it),
        cs_new: it.csNew,
        us_new: it.usNew,
        reviewer: it.reviewer,
        decided_at: it.decidedAt,
        date_before: it.dateBefore,
        date_after: it.dateAfter,
        model_version: it.modelVersion,
        area_ha: it.areaHa,
        comment: it.comment,
      },
    })),
  };
}

/** Area-weighted centroid of a polygon's outer ring (lon/lat; fine at a parcel's size). */
export function ringCentroid(ring: readonly (readonly number[])[]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const [x0, y0] = ring[0] as [number, number];
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i] as [number, number];
    const [x2, y2] = ring[i + 1] as [number, number];
    const cross = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    a += cross;
    cx += (x1 + x2 - 2 * x0) * cross;
    cy += (y1 + y2 - 2 * y0) * cross;
  }
  if (a === 0) return [x0, y0];
  return [x0 + cx / (3 * a), y0 + cy / (3 * a)];
}

function pointOf(geometry: unknown): [number, number] {
  const g = geometry as { type: string; coordinates: number[][][] | number[][][][] };
  const ring = (g.type === 'MultiPolygon'
    ? (g.coordinates as number[][][][])[0]?.[0]
    : (g.coordinates as number[][][])[0]) ?? [[0, 0]];
  return ringCentroid(ring);
}

/**
 * GeoContrib "erreurs manifestes" for every item whose OCS2D codes were corrected (cs_new or
 * us_new): a point per report, type_erreur "Attribut", the codes as "<code> <label>" labels.
 */
export function geocontribReports(items: readonly ReviewItem[], label: OcsLabel): Record<string, unknown> {
  const codeLabel = (code: string | null) => {
    if (!code) return null;
    const l = label(code);
    return { label: l ? `${code} ${l}` : code };
  };
  return {
    type: 'FeatureCollection',
    name: 'ocs2d-erreurs-manifestes',
    features: items
      .filter((it) => it.csNew || it.usNew)
      .map((it) => ({
        type: 'Feature',
        id: it.id,
        geometry: { type: 'Point', coordinates: pointOf(it.geometry) },
        properties: {
          title: it.id,
          description: `Détection ${it.classLabel} (confiance ${Math.round(it.confidence * 100)} %), revue : ${it.status}`,
          status: 'draft',
          feature_type: 'erreurs-manifestes',
          display_creator: it.reviewer,
          created_on: it.decidedAt,
          millesime: it.millesime !== null ? String(it.millesime) : null,
          type_erreur: 'Attribut',
          cs_new: codeLabel(it.csNew),
          us_new: codeLabel(it.usNew),
          comment: it.comment ?? '',
        },
      })),
  };
}
