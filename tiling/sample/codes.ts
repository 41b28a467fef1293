/**
 * The OCS2D codes the sample uses and how each kind of surface is painted.
 *
 * OCS2D (occupation du sol en 2 dimensions, Géo2France) gives every polygon a land-cover code
 * (CS, 33 level-3 codes such as CS1.1.1 "Surfaces bâties") and a land-use code (US, 53 level-3
 * codes such as US5.2.2 "Habitat discontinu moyennement compact"). Every (cs, us) pair below is a
 * real pair of the 2021 nomenclature (../shared/data/ocs2d-geo2france/nomenclature) and has a
 * plain (non-spatial) ENAF class in ../shared/data/ocs2d-derived/cs_us_to_enaf.csv, given here for
 * reference; the tests check both against the tables.
 */

/** What a surface is, for OCS2D (codes) and for the painter (look). */
export interface LandType {
  cs: string;
  us: string;
  /** ENAF class of the pair (A agricole, F forêt, N naturel, Uh habitat, Ue activité, Ui infrastructure, Ua autre). */
  enaf: 'A' | 'F' | 'N' | 'Uh' | 'Ue' | 'Ui' | 'Ua';
}

/** Every land type of the sample, by role. */
export const LAND = {
  house: { cs: 'CS1.1.1', us: 'US5.2.2', enaf: 'Uh' },
  garden: { cs: 'CS6.6.0', us: 'US5.2.2', enaf: 'Uh' },
  townhouse: { cs: 'CS1.1.1', us: 'US5.1.2', enaf: 'Uh' },
  townGarden: { cs: 'CS6.6.0', us: 'US5.1.2', enaf: 'Uh' },
  townYard: { cs: 'CS1.1.2', us: 'US5.1.2', enaf: 'Uh' },
  apartment: { cs: 'CS1.1.1', us: 'US5.3.2', enaf: 'Uh' },
  apartmentLawn: { cs: 'CS6.6.0', us: 'US5.3.2', enaf: 'Uh' },
  apartmentParking: { cs: 'CS1.1.2', us: 'US5.3.2', enaf: 'Uh' },
  warehouse: { cs: 'CS1.1.1', us: 'US2.1.1', enaf: 'Ue' },
  activityYard: { cs: 'CS1.1.2', us: 'US2.1.1', enaf: 'Ue' },
  activityGrass: { cs: 'CS6.6.0', us: 'US2.1.1', enaf: 'Ue' },
  parking: { cs: 'CS1.1.2', us: 'US3.1.4', enaf: 'Ue' },
  park: { cs: 'CS6.6.0', us: 'US3.2.1', enaf: 'N' },
  pond: { cs: 'CS3.1.1', us: 'US3.2.1', enaf: 'N' },
  roadMain: { cs: 'CS1.1.2', us: 'US4.1.1', enaf: 'Ui' },
  roadSecondary: { cs: 'CS1.1.2', us: 'US4.1.2', enaf: 'Ui' },
  canal: { cs: 'CS3.1.2', us: 'US4.4.0', enaf: 'N' },
  towpath: { cs: 'CS1.2.1', us: 'US4.4.0', enaf: 'Ui' },
  canalBank: { cs: 'CS6.6.0', us: 'US4.4.0', enaf: 'Ui' },
  field: { cs: 'CS6.3.0', us: 'US1.1.3', enaf: 'A' },
  meadow: { cs: 'CS6.1.1', us: 'US1.1.1', enaf: 'A' },
  grassStrip: { cs: 'CS6.6.0', us: 'US1.1.2', enaf: 'A' },
  wood: { cs: 'CS4.1.2', us: 'US1.2.4', enaf: 'F' },
  chantier: { cs: 'CS1.2.1', us: 'US6.1.1', enaf: 'Ua' },
} as const satisfies Record<string, LandType>;

/** A role of `LAND`. */
export type LandRole = keyof typeof LAND;

/**
 * How a polygon is painted. Numbers, because the painter dispatches on them per run of pixels.
 * Each kind reads its own meaning of `PaintSpec.p` (documented in paint.ts).
 */
export const PAINT = {
  field: 1,
  meadow: 2,
  lawn: 3,
  garden: 4,
  woodFloor: 5,
  road: 6,
  junction: 7,
  parking: 8,
  paved: 9,
  track: 10,
  water: 11,
  roofGable: 12,
  roofHip: 13,
  roofFlat: 14,
  earthworks: 15,
} as const;

/** A value of `PAINT`. */
export type PaintKind = (typeof PAINT)[keyof typeof PAINT];

/** Kinds that are roofs (shadows do not fall on them, trees do not cover them). */
export function isRoof(kind: number): boolean {
  return kind === PAINT.roofGable || kind === PAINT.roofHip || kind === PAINT.roofFlat;
}

/**
 * How one polygon looks in one vintage. Colours are sRGB 0-255 before texture. `(ox, oy)` and the
 * unit axis `(ax, ay)` give the polygon's own frame (crop rows, road axis, ridge line...).
 */
export interface PaintSpec {
  kind: PaintKind;
  r: number;
  g: number;
  b: number;
  ox: number;
  oy: number;
  ax: number;
  ay: number;
  /** Kind-specific parameters (at most `PAINT_PARAMS`). */
  p: number[];
}

/** Number of kind-specific parameters a PaintSpec may carry. */
export const PAINT_PARAMS = 8;
