/**
 * `computeStats`: OCS2D vintages + commune boundaries (+ detected changes) -> the indicators per
 * commune, in planar Lambert-93 hectares, as the official figures are computed:
 * - surfaces by class per vintage, for each nomenclature (cs, us, p4, p21, enaf);
 * - the transition matrix between every two vintages (from-class > to-class, hectares), from the
 *   overlay of the two vintages' polygons, for each nomenclature;
 * - ENAF consumption between every two vintages: NAF -> non-NAF, by destination;
 * - detected changes: hectares by change class.
 * The viewer sums communes up the hierarchy (EPCI, département, région). Pure. The file's shape
 * (`StatsFile`) is the contract's: format/stats.ts.
 */
import {
  type CommuneStats,
  ENAF_DESTINATIONS,
  emptyNomenclatureSums,
  type NomenclatureSums,
  STAT_NOMENCLATURES,
  STATS_VERSION,
  type StatNomenclature,
  type StatsFile,
  type Sums,
} from '../../format/stats';
import { type ClassifiedFeature, classifyVintage, NAF_CLASSES, type OcsFeature } from './classify';
import {
  BoxIndex,
  bboxOf,
  type Geometry,
  intersection,
  intersectionArea,
  type Polygons,
  toGeometry,
} from './geometry';

/** The stats.json shape (format/stats.ts), for the tiling's callers. */
export * from '../../format/stats';

export interface CommuneInput {
  readonly code: string;
  readonly name: string;
  readonly epci?: string | null;
  readonly dep?: string | null;
  readonly polygons: Polygons;
}

export interface ChangeInput {
  readonly classCode: string;
  readonly polygons: Polygons;
}

export interface StatsInput {
  readonly communes: readonly CommuneInput[];
  readonly vintages: readonly { readonly year: number; readonly features: readonly OcsFeature[] }[];
  readonly changes?: readonly ChangeInput[];
}

const add = (s: Sums, key: string, v: number) => {
  s[key] = (s[key] ?? 0) + v;
};
/** Hectares rounded to the square metre. */
const ha = (m2: number) => Math.round(m2) / 1e4;

function classKey(f: ClassifiedFeature, n: StatNomenclature): string {
  const v = f[n];
  return v === null ? 'none' : String(v);
}

function roundAll(s: Sums): Sums {
  const out: Sums = {};
  for (const k of Object.keys(s).sort()) {
    const v = ha(s[k] as number);
    if (v > 0) out[k] = v;
  }
  return out;
}

/** The indicators per commune. Deterministic: same input, same output. */
export function computeStats(input: StatsInput): StatsFile {
  const communes = input.communes.map((c) => {
    const geometry = toGeometry(c.polygons);
    return { c, geometry, bbox: bboxOf(geometry) };
  });
  const communeIndex = new BoxIndex(communes.map((c) => c.bbox));
  /** m² of `g` in each commune it meets. */
  const perCommune = (
    g: Geometry,
    bbox: [number, number, number, number],
    use: (code: string, m2: number) => void,
  ) => {
    for (const k of communeIndex.search(bbox)) {
      const c = communes[k] as (typeof communes)[number];
      const a = intersectionArea(g, c.geometry);
      if (a > 0) use(c.c.code, a);
    }
  };

  const raw = new Map<
    string,
    { surfaces: Map<string, NomenclatureSums>; transitions: Map<string, NomenclatureSums>; changes: Sums }
  >();
  const of = (code: string) => {
    let r = raw.get(code);
    if (!r) {
      r = { surfaces: new Map(), transitions: new Map(), changes: {} };
      raw.set(code, r);
    }
    return r;
  };
  const sumsOf = (m: Map<string, NomenclatureSums>, key: string) => {
    let s = m.get(key);
    if (!s) {
      s = emptyNomenclatureSums();
      m.set(key, s);
    }
    return s;
  };

  const vintages = [...input.vintages].sort((a, b) => a.year - b.year);
  const classified = vintages.map((v) => ({ year: v.year, features: classifyVintage(v.features) }));

  for (const v of classified) {
    for (const f of v.features) {
      perCommune(f.geometry, f.bbox, (code, m2) => {
        const s = sumsOf(of(code).surfaces, String(v.year));
        for (const n of STAT_NOMENCLATURES) add(s[n], classKey(f, n), m2);
      });
    }
  }

  for (let i = 0; i < classified.length; i++) {
    for (let k = i + 1; k < classified.length; k++) {
      const a = classified[i] as (typeof classified)[number];
      const b = classified[k] as (typeof classified)[number];
      const pair = `${a.year}-${b.year}`;
      const bIndex = new BoxIndex(b.features.map((f) => f.bbox));
      for (const fa of a.features) {
        for (const j of bIndex.search(fa.bbox)) {
          const fb = b.features[j] as ClassifiedFeature;
          const inter = intersection(fa.geometry, fb.geometry);
          if (!inter) continue;
          perCommune(inter, bboxOf(inter), (code, m2) => {
            const s = sumsOf(of(code).transitions, pair);
            for (const n of STAT_NOMENCLATURES) add(s[n], `${classKey(fa, n)}>${classKey(fb, n)}`, m2);
          });
        }
      }
    }
  }

  for (const ch of input.changes ?? []) {
    const g = toGeometry(ch.polygons);
    perCommune(g, bboxOf(g), (code, m2) => add(of(code).changes, ch.classCode, m2));
  }

  const out: Record<string, CommuneStats> = {};
  for (const { c, geometry } of [...communes].sort((x, y) => (x.c.code < y.c.code ? -1 : 1))) {
    const r = raw.get(c.code);
    if (!r) continue;
    const surfaces: CommuneStats['surfaces'] = {};
    for (const [year, s] of [...r.surfaces].sort()) {
      surfaces[year] = Object.fromEntries(
        STAT_NOMENCLATURES.map((n) => [n, roundAll(s[n])]),
      ) as NomenclatureSums;
    }
    const transitions: CommuneStats['transitions'] = {};
    const consumption: CommuneStats['consumption'] = {};
    for (const [pair, s] of [...r.transitions].sort()) {
      transitions[pair] = Object.fromEntries(
        STAT_NOMENCLATURES.map((n) => [n, roundAll(s[n])]),
      ) as NomenclatureSums;
      const cons: Sums = {};
      for (const [key, m2] of Object.entries(s.enaf)) {
        const [from, to] = key.split('>') as [string, string];
        const dest = ENAF_DESTINATIONS[to];
        if (NAF_CLASSES.has(from) && dest) add(cons, dest, m2);
      }
      consumption[pair] = roundAll(cons);
    }
    out[c.code] = {
      name: c.name,
      epci: c.epci ?? null,
      dep: c.dep ?? null,
      areaHa: ha(geometry.getArea()),
      surfaces,
      transitions,
      consumption,
      changes: roundAll(r.changes),
    };
  }
  return {
    version: STATS_VERSION,
    attribution: 'Indicateurs OCS2D et ENAF selon les règles de Géo2France (geo2france/ocs2d, GPL-3.0)',
    vintages: vintages.map((v) => v.year),
    communes: out,
  };
}
