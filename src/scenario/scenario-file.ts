/**
 * Reading a scenario file: a GeoJSON FeatureCollection of planned buildings (Polygon or
 * MultiPolygon footprints) in EPSG:2154 (Lambert-93) or WGS 84, each with a `height` in metres or
 * a number of `storeys` (3 m each). Pure: returns the footprints in both systems, or every problem
 * found, each naming the feature and the field (nothing is shown for a bad file).
 * Outside features/ (src/scenario/): the store (scenario-slice) and the Cesium volumes
 * (scenario-volumes.tsx) read its types; the scenario feature parses with it.
 */
import proj4 from 'proj4';
import { LAMBERT_93_PROJ4 } from '../../format/crs';

/** Metres per storey when the height is given as `storeys`. */
export const STOREY_HEIGHT_M = 3;
/** Highest volume accepted, metres. */
export const MAX_HEIGHT_M = 500;
/** Most features read from one file. */
export const MAX_FEATURES = 2000;

/** A ring of [x, y] (lon/lat degrees or Lambert-93 metres); a polygon is outer ring then holes. */
export type Ring = readonly (readonly [number, number])[];
export type Polygon = readonly Ring[];

/** One planned building. */
export interface ScenarioBuilding {
  /** `name` or `id` of the feature, else "n° k" (1-based). */
  readonly label: string;
  readonly heightM: number;
  /** Footprint polygons in lon/lat degrees. */
  readonly wgs84: readonly Polygon[];
  /** Footprint polygons in Lambert-93 metres. */
  readonly l93: readonly Polygon[];
}

export interface Scenario {
  readonly name: string;
  readonly crs: 'EPSG:2154' | 'EPSG:4326';
  readonly buildings: readonly ScenarioBuilding[];
}

/** A problem of the file: `feature` is 1-based (0: the file itself). */
export interface ScenarioProblem {
  readonly feature: number;
  readonly label?: string;
  readonly field: string;
  readonly code:
    | 'not-json'
    | 'not-collection'
    | 'empty'
    | 'too-many'
    | 'too-large'
    | 'crs'
    | 'geometry-type'
    | 'coordinates'
    | 'out-of-region'
    | 'height-missing'
    | 'height-invalid';
  readonly detail?: string;
}

export type ScenarioParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: readonly ScenarioProblem[] };

const toL93 = proj4('WGS84', LAMBERT_93_PROJ4);

/** Lambert-93 extent of metropolitan France (with a margin), metres. */
const L93_X = [0, 1_300_000] as const;
const L93_Y = [6_000_000, 7_200_000] as const;
/** Hauts-de-France with a margin, degrees. */
const HDF = { west: 0.8, south: 48.6, east: 4.9, north: 51.4 } as const;

function crsOf(json: Record<string, unknown>): 'EPSG:2154' | 'EPSG:4326' | 'unknown' | null {
  const crs = json.crs as { properties?: { name?: unknown } } | undefined;
  const name = crs?.properties?.name;
  if (name === undefined) return null;
  if (typeof name !== 'string') return 'unknown';
  if (/(EPSG::?2154)$/i.test(name)) return 'EPSG:2154';
  if (/(EPSG::?4326|CRS84)$/i.test(name)) return 'EPSG:4326';
  return 'unknown';
}

function isPosition(p: unknown): p is [number, number] {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1])
  );
}

function readPolygon(coords: unknown): Polygon | null {
  if (!Array.isArray(coords) || coords.length === 0) return null;
  const rings: Ring[] = [];
  for (const ring of coords) {
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) return null;
    rings.push(ring.map((p) => [p[0], p[1]] as const));
  }
  return rings;
}

function labelOf(props: Record<string, unknown>, k: number): string {
  for (const key of ['name', 'nom', 'id']) {
    const v = props[key];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') return String(v).slice(0, 80);
  }
  return `n° ${k}`;
}

function heightOf(props: Record<string, unknown>): number | ScenarioProblem['code'] | ['field', string] {
  if (props.height !== undefined && props.height !== null) {
    const h = typeof props.height === 'string' ? Number(props.height) : props.height;
    if (typeof h !== 'number' || !Number.isFinite(h) || h <= 0 || h > MAX_HEIGHT_M) return 'height-invalid';
    return h;
  }
  if (props.storeys !== undefined && props.storeys !== null) {
    const s = typeof props.storeys === 'string' ? Number(props.storeys) : props.storeys;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s * STOREY_HEIGHT_M > MAX_HEIGHT_M)
      return ['field', 'storeys'];
    return s * STOREY_HEIGHT_M;
  }
  return 'height-missing';
}

/** Parses and validates a scenario file's text; `name` is the file name shown. */
export function parseScenario(text: string, name: string): ScenarioParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      problems: [{ feature: 0, field: 'JSON', code: 'not-json', detail: (e as Error).message }],
    };
  }
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'FeatureCollection')
    return { ok: false, problems: [{ feature: 0, field: 'type', code: 'not-collection' }] };
  const root = json as Record<string, unknown>;
  const features = root.features;
  if (!Array.isArray(features) || features.length === 0)
    return { ok: false, problems: [{ feature: 0, field: 'features', code: 'empty' }] };
  if (features.length > MAX_FEATURES)
    return {
      ok: false,
      problems: [{ feature: 0, field: 'features', code: 'too-many', detail: String(MAX_FEATURES) }],
    };
  const declared = crsOf(root);
  if (declared === 'unknown') return { ok: false, problems: [{ feature: 0, field: 'crs', code: 'crs' }] };

  const problems: ScenarioProblem[] = [];
  const read: { label: string; heightM: number; polygons: Polygon[] }[] = [];
  features.forEach((f: unknown, i) => {
    const k = i + 1;
    const feat = (typeof f === 'object' && f !== null ? f : {}) as Record<string, unknown>;
    const props = (
      typeof feat.properties === 'object' && feat.properties !== null ? feat.properties : {}
    ) as Record<string, unknown>;
    const label = labelOf(props, k);
    const geom = feat.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    const type = geom?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      problems.push({
        feature: k,
        label,
        field: 'geometry.type',
        code: 'geometry-type',
        detail: String(type),
      });
      return;
    }
    const parts = type === 'Polygon' ? [geom?.coordinates] : (geom?.coordinates as unknown[]);
    const polygons = Array.isArray(parts) ? parts.map(readPolygon) : [null];
    if (polygons.length === 0 || polygons.some((p) => p === null)) {
      problems.push({ feature: k, label, field: 'geometry.coordinates', code: 'coordinates' });
      return;
    }
    const h = heightOf(props);
    if (typeof h !== 'number') {
      if (Array.isArray(h)) problems.push({ feature: k, label, field: 'storeys', code: 'height-invalid' });
      else problems.push({ feature: k, label, field: h === 'height-missing' ? 'height' : 'height', code: h });
      return;
    }
    read.push({ label, heightM: h, polygons: polygons as Polygon[] });
  });
  if (problems.length > 0) return { ok: false, problems };

  // Without a declared CRS: Lambert-93 when every coordinate is in its range, else WGS 84.
  const all = read.flatMap((b) => b.polygons.flat(2));
  const looksL93 = all.every(([x, y]) => x >= L93_X[0] && x <= L93_X[1] && y >= L93_Y[0] && y <= L93_Y[1]);
  const crs = declared ?? (looksL93 ? 'EPSG:2154' : 'EPSG:4326');
  const mapRings = (p: Polygon, fn: (xy: readonly [number, number]) => [number, number]): Polygon =>
    p.map((r) => r.map(fn));
  const buildings: ScenarioBuilding[] = [];
  read.forEach((b, i) => {
    const wgs84 =
      crs === 'EPSG:4326'
        ? b.polygons
        : b.polygons.map((p) => mapRings(p, (xy) => toL93.inverse([xy[0], xy[1]]) as [number, number]));
    const inside = wgs84
      .flat(2)
      .every(([lon, lat]) => lon >= HDF.west && lon <= HDF.east && lat >= HDF.south && lat <= HDF.north);
    if (!inside) {
      problems.push({
        feature: i + 1,
        label: b.label,
        field: 'geometry.coordinates',
        code: 'out-of-region',
        detail: crs,
      });
      return;
    }
    const l93 =
      crs === 'EPSG:2154'
        ? b.polygons
        : b.polygons.map((p) => mapRings(p, (xy) => toL93.forward([xy[0], xy[1]]) as [number, number]));
    buildings.push({ label: b.label, heightM: b.heightM, wgs84, l93 });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, scenario: { name, crs, buildings } };
}
