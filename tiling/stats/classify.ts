/**
 * The classes of one OCS2D vintage, polygon by polygon, with the published spatial rules
 * (../shared/data/ocs2d-derived/README.md):
 * - rule B: a US7.0.0 polygon whose interior point lies within 20 m of a 4-class 1 (urbanised)
 *   polygon takes the "near" 4/21 classes, else the "far" ones;
 * - rule A: a farm-building polygon whose farm structure (touching farm polygons merged) lies
 *   within 50 m of the urban envelope is Ue (activité, non-NAF), else A (agricole, NAF); the
 *   envelope is the seeds grown by 50 m, merged, shrunk by 50 m, pieces of 10 ha or more kept,
 *   holes filled;
 * - rule C: US7.0.0 on CS1.2.1 / CS6.6.0 takes its ENAF class from rule B's 4-class value.
 * Pure: geometry in, classes out.
 */
import { classifyCsUs } from '../../format/ocs2d';
import { ENAF_SPATIAL, URBAN_ENVELOPE_SEEDS, US700_NEAR_FAR } from '../../format/ocs2d/spatial-table';
import {
  BoxIndex,
  bboxOf,
  buffer,
  fillHoles,
  type Geometry,
  interiorPoint,
  multi,
  type Polygons,
  parts,
  repair,
  toGeometry,
  unionAll,
  withinDistance,
} from './geometry';

/** One OCS2D polygon of a vintage (Lambert-93). */
export interface OcsFeature {
  readonly cs: string;
  readonly us: string;
  readonly polygons: Polygons;
}

/** NAF: natural, agricultural or forest. */
export const NAF_CLASSES: ReadonlySet<string> = new Set(['A', 'F', 'N']);

/** A polygon with its classes and geometry. */
export interface ClassifiedFeature {
  readonly index: number;
  readonly cs: string;
  readonly us: string;
  /** 4 classes (1..4) or null when the rules give none. */
  readonly p4: number | null;
  readonly p21: number | null;
  /** A, F, N, Uh, Ue, Ui, Ua, or null for a pair outside the nomenclature. */
  readonly enaf: string | null;
  readonly geometry: Geometry;
  readonly bbox: [number, number, number, number];
}

/** Distances of the rules, metres. */
export const RULE_DISTANCES = { us700: 20, farmToEnvelope: 50, envelopeClosing: 50 } as const;
/** Smallest urban envelope kept, m² (10 ha). */
export const MIN_ENVELOPE_M2 = 100_000;

const seeds = new Set(URBAN_ENVELOPE_SEEDS);
const us700 = new Map<string, { near: [number | null, number | null]; far: [number | null, number | null] }>(
  US700_NEAR_FAR.map((row) => {
    const [cs, us, p4n, p21n, p4f, p21f] = row.split('|');
    const n = (v: string | undefined) => (v ? Number(v) : null);
    return [`${cs}|${us}`, { near: [n(p4n), n(p21n)], far: [n(p4f), n(p21f)] }] as const;
  }),
);
const enafSpatial = new Map<string, { rule: 'A' | 'C'; near: string | null; far: string | null }>(
  ENAF_SPATIAL.map((row) => {
    const [cs, us, rule, near, far] = row.split('|');
    return [`${cs}|${us}`, { rule: rule as 'A' | 'C', near: near ?? null, far: far ?? null }] as const;
  }),
);

/**
 * The urban envelope of a vintage from its seed polygons (rule A, step 1).
 * Returns the envelope pieces (holes filled), possibly none.
 */
export function urbanEnvelope(seedGeometries: readonly Geometry[]): Geometry[] {
  if (seedGeometries.length === 0) return [];
  const grown = repair(
    unionAll(seedGeometries.map((g) => buffer(g, RULE_DISTANCES.envelopeClosing, 'round'))),
  );
  const kept: Geometry[] = [];
  for (const piece of parts(grown)) {
    const shrunk = buffer(piece, -RULE_DISTANCES.envelopeClosing, 'bevel');
    if (shrunk.isEmpty()) continue;
    // Total area rounded to 0.01 ha, parts added up.
    if (Math.round(shrunk.getArea() / 100) / 100 < MIN_ENVELOPE_M2 / 1e4) continue;
    const filled = parts(shrunk).map(fillHoles);
    const big = filled.filter((p) => p.getArea() >= MIN_ENVELOPE_M2);
    kept.push(...(big.length > 0 ? big : filled));
  }
  return kept;
}

/** Classes of every polygon of one vintage, the spatial rules applied. */
export function classifyVintage(features: readonly OcsFeature[]): ClassifiedFeature[] {
  const base = features.map((f, index) => {
    const geometry = toGeometry(f.polygons);
    const pair = `${f.cs}|${f.us}`;
    return { index, f, pair, geometry, bbox: bboxOf(geometry), attr: classifyCsUs(f.cs, f.us) };
  });

  // Rule B: near an urbanised (attribute 4-class 1) polygon?
  const urban = base.filter((b) => b.attr?.p4 === 1);
  const urbanIndex = new BoxIndex(urban.map((b) => b.bbox));
  const nearUrban = (g: Geometry): boolean => {
    const pt = interiorPoint(g);
    const box = bboxOf(pt);
    return urbanIndex
      .search(box, RULE_DISTANCES.us700)
      .some((k) => withinDistance(pt, (urban[k] as (typeof urban)[number]).geometry, RULE_DISTANCES.us700));
  };

  // Rule A: farm structures near the urban envelope.
  const farm = base.filter((b) => enafSpatial.get(b.pair)?.rule === 'A');
  const farmNear = new Map<number, boolean>();
  if (farm.length > 0) {
    const envelope = urbanEnvelope(base.filter((b) => seeds.has(b.pair)).map((b) => b.geometry));
    const envelopeIndex = new BoxIndex(envelope.map(bboxOf));
    const structures = parts(repair(unionAll(farm.map((b) => b.geometry))));
    const structureIndex = new BoxIndex(structures.map(bboxOf));
    const structureNear = structures.map((s) =>
      envelopeIndex
        .search(bboxOf(s), RULE_DISTANCES.farmToEnvelope)
        .some((k) => withinDistance(s, envelope[k] as Geometry, RULE_DISTANCES.farmToEnvelope)),
    );
    for (const b of farm) {
      // The structure this polygon belongs to (it meets it); the first one found, like DISTINCT ON.
      const k = structureIndex
        .search(b.bbox)
        .find((i) => withinDistance(b.geometry, structures[i] as Geometry, 0));
      farmNear.set(b.index, k !== undefined && structureNear[k] === true);
    }
  }

  return base.map((b): ClassifiedFeature => {
    let p4 = b.attr?.p4 ?? null;
    let p21 = b.attr?.p21 ?? null;
    let enaf = b.attr?.enaf ?? null;
    const nf = us700.get(b.pair);
    let near: boolean | null = null;
    if (nf) {
      near = nearUrban(b.geometry);
      [p4, p21] = near ? nf.near : nf.far;
    }
    const sp = enafSpatial.get(b.pair);
    if (sp?.rule === 'A') enaf = farmNear.get(b.index) ? sp.near : sp.far;
    else if (sp?.rule === 'C') enaf = (near ?? nearUrban(b.geometry)) ? sp.near : sp.far;
    return { index: b.index, cs: b.f.cs, us: b.f.us, p4, p21, enaf, geometry: b.geometry, bbox: b.bbox };
  });
}

/** The envelope pieces as one geometry (for display and tests). */
export function envelopeGeometry(features: readonly OcsFeature[]): Geometry {
  return multi(
    urbanEnvelope(features.filter((f) => seeds.has(`${f.cs}|${f.us}`)).map((f) => toGeometry(f.polygons))),
  );
}
