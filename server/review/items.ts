/**
 * Change detections (GeoJSON, Lambert-93 or WGS84) to review items: pure, no I/O.
 * Areas are planar Lambert-93 hectares (like the official figures) when the input is projected.
 */
import { multiPolygonArea } from '../../format/area';
import { changeClassOf } from '../../format/change-classes';
import {
  type CrsTransform,
  crsOfGeoJson,
  crsTransformOf,
  isSupportedEpsg,
  wgs84ToLambert93,
} from '../../format/crs';
import type { NewItem } from '../../format/review-api';

/** A bad detections file: says which feature and what is wrong. */
export class ItemsError extends Error {
  override name = 'ItemsError';
}

type Ring = number[][];
type Position = number[];

interface Feature {
  type?: unknown;
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

function polygonsOf(geometry: Feature['geometry'], where: string): Ring[][] {
  const bad = () => new ItemsError(`${where}: expected a Polygon or MultiPolygon geometry with coordinates`);
  if (!geometry || !Array.isArray(geometry.coordinates)) throw bad();
  const polys =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as Ring[]]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as Ring[][])
        : null;
  if (!polys) throw bad();
  for (const rings of polys) {
    if (!Array.isArray(rings) || rings.length === 0) throw bad();
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4) throw bad();
      for (const p of ring) {
        if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw bad();
      }
    }
  }
  return polys;
}

/** A point of the input CRS (WGS84 when `crs` is null) in Lambert-93. */
function toL93(pt: Position, crs: CrsTransform | null): number[] {
  const ll = crs ? crs.toLonLat(pt[0] as number, pt[1] as number) : [pt[0] as number, pt[1] as number];
  return wgs84ToLambert93(ll[0] as number, ll[1] as number);
}

/** Detections the model (or a reviewer) put in none of the named classes. */
const OTHER = { code: 'autre', label: 'Autre' } as const;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * The items of a detections FeatureCollection. Each needs an id, a class (`class_code`, or
 * `class` as a label) and a confidence in 0..1.
 * @throws ItemsError naming the file, the feature and the problem.
 */
export function itemsFromGeojson(fc: unknown, layer: string, file: string): NewItem[] {
  const col = fc as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  if (col?.type !== 'FeatureCollection' || !Array.isArray(col.features)) {
    throw new ItemsError(`${file}: not a GeoJSON FeatureCollection`);
  }
  const named = crsOfGeoJson(col);
  const epsg = named === 4326 ? null : named;
  if (epsg !== null && !isSupportedEpsg(epsg)) {
    throw new ItemsError(
      `${file}: CRS EPSG:${epsg} is not supported; expected EPSG:2154 (Lambert-93) or WGS84`,
    );
  }
  const crs = epsg !== null ? crsTransformOf(epsg) : null;
  return (col.features as Feature[]).map((f, k) => {
    const p = f.properties ?? {};
    const id = str(p.id) ?? (typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id) : null);
    const where = `${file}, feature ${k + 1}${id ? ` ("${id}")` : ''}`;
    if (!id) throw new ItemsError(`${where}: no id (properties.id or feature id)`);
    const raw = str(p.class_code) ?? str(p.class);
    const cls = raw ? (changeClassOf(raw) ?? (/^autres?$/i.test(raw) ? OTHER : undefined)) : undefined;
    if (!cls)
      throw new ItemsError(
        `${where}: no known change class (class_code or class), got ${JSON.stringify(raw)}`,
      );
    const confidence = Number(p.confidence);
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new ItemsError(
        `${where}: confidence must be a number in 0..1, got ${JSON.stringify(p.confidence)}`,
      );
    }
    const polys = polygonsOf(f.geometry, where);
    // Planar Lambert-93 area, as the official figures (WGS84 input is projected first).
    const l93 =
      crs?.epsg === 2154
        ? polys
        : polys.map((rings) => rings.map((ring) => ring.map((pt) => toL93(pt, crs))));
    const areaHa = multiPolygonArea(l93) / 1e4;
    const lonLat = polys.map((rings) =>
      rings.map((ring) =>
        ring.map((pt) =>
          crs ? crs.toLonLat(pt[0] as number, pt[1] as number) : [pt[0] as number, pt[1] as number],
        ),
      ),
    );
    let west = Infinity;
    let south = Infinity;
    let east = -Infinity;
    let north = -Infinity;
    for (const rings of lonLat)
      for (const [x, y] of rings[0] ?? []) {
        west = Math.min(west, x as number);
        east = Math.max(east, x as number);
        south = Math.min(south, y as number);
        north = Math.max(north, y as number);
      }
    const dateAfter = str(p.date_after);
    return {
      id,
      layer,
      classCode: cls.code,
      classLabel: cls.label,
      confidence,
      areaHa: Number.isFinite(areaHa) ? Math.round(areaHa * 1e4) / 1e4 : 0,
      dateBefore: str(p.date_before),
      dateAfter,
      modelVersion: str(p.model_version),
      millesime:
        typeof p.millesime === 'number' ? p.millesime : dateAfter ? Number(dateAfter.slice(0, 4)) : null,
      bbox: [west, south, east, north],
      geometry:
        lonLat.length === 1
          ? { type: 'Polygon', coordinates: lonLat[0] }
          : { type: 'MultiPolygon', coordinates: lonLat },
      properties: p,
    };
  });
}
