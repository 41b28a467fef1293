/**
 * Input features (Lambert-93 polygons) -> the features written into the tiles: WGS 84 geometry,
 * the attributes the viewer shows and paints by, and the Lambert-93 planar area. Also the legend
 * (classes present, with their areas). Pure: the caller reads the file and writes the tiles.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { CHANGE_CLASSES, changeClassOf } from '../../format/change-classes';
import {
  classifyCsUs,
  ENGLISH_LABELS,
  NOMENCLATURE_CLASSES,
  NOMENCLATURES,
  type Nomenclature,
  type NomenclatureClass,
} from '../../format/ocs2d';
import type { VectorLegend as Legend, VectorLegendEntry as LegendEntry } from '../../format/tile-metadata';
import { DataError } from '../core';
import type { InputFeature } from '../source/vector-file';
import { classifyVintage } from '../stats/classify';
import { multiPolygonArea } from './area';
import { NAME, type VectorOptions } from './options';

/** Polygons of one feature in Lambert-93: a list of polygons, each a list of rings. */
export type Lambert93Polygons = Position[][][];

/** A feature ready for tiling. */
export interface PreparedFeature {
  /** Lambert-93 geometry (heat grid, areas). */
  readonly lambert93: Lambert93Polygons;
  /** Attributes written into the tile (text and numbers only). */
  readonly properties: Record<string, string | number>;
}

/** What {@link prepareFeatures} returns. */
export interface PreparedLayer {
  readonly features: PreparedFeature[];
  readonly legend: Legend;
  /** Total Lambert-93 area, m². */
  readonly areaM2: number;
  /** Lambert-93 extent `[minX, minY, maxX, maxY]`. */
  readonly extent: [number, number, number, number];
}

/** Most problems listed in one error (the count of the others is given). */
const MAX_PROBLEMS = 20;

/** Rough Lambert-93 validity box (metropolitan France with margin), metres. */
const L93_BOX = [-400_000, 5_900_000, 1_600_000, 7_300_000] as const;

function polygonsOf(geometry: InputFeature['geometry']): Lambert93Polygons | string {
  if (!geometry) return 'has no geometry';
  if (geometry.type === 'Polygon') return [(geometry as Polygon).coordinates];
  if (geometry.type === 'MultiPolygon') return (geometry as MultiPolygon).coordinates;
  return `is a ${geometry.type}; expected Polygon or MultiPolygon`;
}

function checkCoordinates(polygons: Lambert93Polygons): string | null {
  for (const polygon of polygons) {
    for (const ring of polygon) {
      if (!Array.isArray(ring) || ring.length < 4) return 'has a ring with fewer than 4 positions';
      for (const p of ring) {
        const x = p[0];
        const y = p[1];
        if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
          return 'has a coordinate that is not a number';
        if (x < L93_BOX[0] || x > L93_BOX[2] || y < L93_BOX[1] || y > L93_BOX[3]) {
          const degrees = Math.abs(x) <= 180 && Math.abs(y) <= 90;
          return `has the position (${x}, ${y}), outside Lambert-93 France${degrees ? ': it looks like degrees (EPSG:4326); say so with --crs EPSG:4326 or a crs member' : ''}`;
        }
      }
    }
  }
  return null;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The field holding a code: the option, else `cs`, `cs21`, `cs_2021`, `cs2021` when present. */
function pickField(
  props: Readonly<Record<string, unknown>>,
  base: 'cs' | 'us',
  option: string | undefined,
  vintage: number | undefined,
): string {
  if (option) return option;
  const candidates = [base, base.toUpperCase()];
  if (vintage !== undefined) {
    const yy = String(vintage % 100).padStart(2, '0');
    candidates.push(`${base}${yy}`, `${base}_${vintage}`, `${base}${vintage}`, `${base.toUpperCase()}${yy}`);
  }
  return candidates.find((c) => props[c] !== undefined) ?? base;
}

function featureName(i: number, props: Readonly<Record<string, unknown>>): string {
  const id = text(props.id) ?? text(props.fid) ?? text(props.ID_PARCEL);
  return `feature ${i + 1}${id !== undefined ? ` (id "${id.slice(0, 40)}")` : ''}`;
}

function idOf(i: number, props: Readonly<Record<string, unknown>>): string {
  return text(props.id) ?? text(props.fid) ?? text(props.ID_PARCEL) ?? String(i + 1);
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

class LegendBuilder {
  private readonly counts = new Map<string, { count: number; area: number }>();
  add(group: string, code: string, area: number) {
    const key = `${group}:${code}`;
    const c = this.counts.get(key) ?? { count: 0, area: 0 };
    c.count++;
    c.area += area;
    this.counts.set(key, c);
  }
  entry(group: string, cls: { code: string; label: string; colour: string }, labelEn?: string) {
    const c = this.counts.get(`${group}:${cls.code}`);
    if (!c) return null;
    return {
      code: cls.code,
      label: cls.label,
      ...(labelEn !== undefined ? { labelEn } : {}),
      colour: cls.colour,
      count: c.count,
      areaM2: round2(c.area),
    };
  }
}

function extentOf(features: readonly PreparedFeature[]): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const f of features)
    for (const polygon of f.lambert93)
      for (const p of polygon[0] ?? []) {
        const x = p[0] as number;
        const y = p[1] as number;
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
  return [minX, minY, maxX, maxY];
}

/**
 * Checks and converts the input features of `source` (a name used in errors).
 * @throws DataError listing every bad feature (geometry, missing or unknown codes, confidence).
 */
export function prepareFeatures(
  source: string,
  input: readonly InputFeature[],
  options: Pick<VectorOptions, 'kind' | 'vintage' | 'csField' | 'usField' | 'defaultCs' | 'defaultUs'>,
): PreparedLayer {
  if (input.length === 0) throw new DataError(`${NAME}: "${source}" has no feature; nothing to tile.`);
  const problems: string[] = [];
  let bad = 0;
  const problem = (msg: string) => {
    bad++;
    if (problems.length < MAX_PROBLEMS) problems.push(msg);
  };
  const features: PreparedFeature[] = [];
  const legend = new LegendBuilder();
  let total = 0;
  const ocs: {
    id: string;
    cs: string;
    us: string;
    polygons: Lambert93Polygons;
    areaM2: number;
    millesime: number | undefined;
    derived: { p4: number | null; p21: number | null; enaf: string | null };
  }[] = [];

  for (const [i, f] of input.entries()) {
    const props = f.properties ?? {};
    const name = featureName(i, props);
    const polygons = polygonsOf(f.geometry);
    if (typeof polygons === 'string') {
      problem(`${name} ${polygons}`);
      continue;
    }
    const coordProblem = checkCoordinates(polygons);
    if (coordProblem) {
      problem(`${name} ${coordProblem}`);
      continue;
    }
    const areaM2 = multiPolygonArea(polygons);
    const vintageProp = Number(props.millesime ?? props.vintage);
    const millesime = Number.isInteger(vintageProp) && vintageProp > 1900 ? vintageProp : options.vintage;

    if (options.kind === 'ocs2d') {
      const csField = pickField(props, 'cs', options.csField, millesime);
      const usField = pickField(props, 'us', options.usField, millesime);
      const cs = text(props[csField]) ?? options.defaultCs;
      const us = text(props[usField]) ?? options.defaultUs;
      if (cs === undefined || us === undefined) {
        const missing = [cs === undefined ? `"${csField}"` : null, us === undefined ? `"${usField}"` : null]
          .filter(Boolean)
          .join(' and ');
        problem(
          `${name} has no ${missing} code; name the fields with --cs-field/--us-field, or give codes for all with --cs/--us`,
        );
        continue;
      }
      const derived = classifyCsUs(cs, us);
      if (!derived) {
        problem(
          `${name} has the pair ${cs} / ${us}, not in the OCS2D 2021 nomenclature (level-3 codes like CS1.1.1 / US5.2.2)`,
        );
        continue;
      }
      ocs.push({ id: idOf(i, props), cs, us, polygons, areaM2, millesime, derived });
    } else {
      const raw = text(props.class_code) ?? text(props.class) ?? text(props.classe);
      const cls = raw === undefined ? undefined : changeClassOf(raw);
      if (!cls) {
        problem(
          `${name} has the class ${raw === undefined ? '(none)' : `"${raw.slice(0, 40)}"`}; expected one of ${CHANGE_CLASSES.map((c) => c.code).join(', ')} (field class_code or class)`,
        );
        continue;
      }
      const confidence = Number(props.confidence ?? props.confiance);
      if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
        problem(`${name} has the confidence ${String(props.confidence)}; expected a number from 0 to 1`);
        continue;
      }
      const properties: Record<string, string | number> = {
        id: idOf(i, props),
        class_code: cls.code,
        confidence: Math.round(confidence * 1000) / 1000,
      };
      for (const key of ['date_before', 'date_after', 'model_version'] as const) {
        const v = text(props[key]);
        if (v !== undefined) properties[key] = v;
      }
      if (millesime !== undefined) properties.millesime = millesime;
      properties.area_m2 = round2(areaM2);
      legend.add('class', cls.code, areaM2);
      features.push({ lambert93: polygons, properties });
    }
    total += areaM2;
  }

  if (bad > 0) {
    const more = bad > problems.length ? [`… and ${bad - problems.length} more`] : [];
    throw new DataError(
      `${NAME}: ${bad} of the ${input.length} features of "${source}" cannot be tiled; nothing was written.`,
      [...problems, ...more],
    );
  }

  // The classes some pairs only get from their neighbours (US7.0.0 near urbanised polygons, farm
  // buildings near the urban envelope): the published spatial rules, when any such pair is present.
  const spatial = ocs.some((o) => o.derived.p4 === null || o.derived.enaf === null || o.us === 'US7.0.0')
    ? classifyVintage(ocs.map((o) => ({ cs: o.cs, us: o.us, polygons: o.polygons })))
    : null;
  for (const [k, o] of ocs.entries()) {
    const c = spatial?.[k] ?? o.derived;
    const properties: Record<string, string | number> = { id: o.id, cs: o.cs, us: o.us };
    if (c.p4 !== null) properties.p4 = c.p4;
    if (c.p21 !== null) properties.p21 = c.p21;
    if (c.enaf !== null) properties.enaf = c.enaf;
    if (o.millesime !== undefined) properties.millesime = o.millesime;
    properties.area_m2 = round2(o.areaM2);
    legend.add('cs', o.cs, o.areaM2);
    legend.add('us', o.us, o.areaM2);
    if (c.p4 !== null) legend.add('p4', String(c.p4), o.areaM2);
    if (c.p21 !== null) legend.add('p21', String(c.p21), o.areaM2);
    if (c.enaf !== null) legend.add('enaf', c.enaf, o.areaM2);
    features.push({ lambert93: o.polygons, properties });
  }

  const out: Legend = {};
  if (options.kind === 'ocs2d') {
    for (const n of NOMENCLATURES) {
      out[n] = (NOMENCLATURE_CLASSES[n as Nomenclature] as readonly NomenclatureClass[])
        .map((c) => legend.entry(n, c, ENGLISH_LABELS[`${n}:${c.code}`]))
        .filter((e): e is LegendEntry => e !== null);
    }
  } else {
    out.class = CHANGE_CLASSES.map((c) => legend.entry('class', c, c.labelEn)).filter(
      (e): e is LegendEntry => e !== null,
    );
  }
  return { features, legend: out, areaM2: round2(total), extent: extentOf(features) };
}

/** The tile feature of a prepared one, with WGS 84 coordinates from `toLonLat`. */
export function toLonLatFeature(
  f: PreparedFeature,
  toLonLat: (x: number, y: number) => [number, number],
): Feature<MultiPolygon> {
  return {
    type: 'Feature',
    properties: f.properties,
    geometry: {
      type: 'MultiPolygon',
      coordinates: f.lambert93.map((polygon) =>
        polygon.map((ring) => ring.map((p) => toLonLat(p[0] as number, p[1] as number))),
      ),
    },
  };
}
