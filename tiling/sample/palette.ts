/**
 * Colours and patterns of the sample's surfaces, as seen on a PCRS-like aerial photo taken in
 * spring (2021 flight, mid-May) and early summer (2024 flight, early June). Values are sRGB
 * guesses checked by eye against the look of real 5 cm orthophotos of the Lille fringe.
 */
import { PAINT, type PaintKind, type PaintSpec } from './codes';
import type { Rng } from './prng';

type Rgb = [number, number, number];

/** A crop as seen in one flight: plant colour, soil colour, rows. */
interface CropLook {
  plant: Rgb;
  soil: Rgb;
  /** Row spacing, metres (0: no visible rows). */
  period: number;
  /** Fraction of a row period covered by plants (1: closed canopy). */
  cover: number;
  /** 1 for potato ridges (shaded soil ridges). */
  ridges: number;
}

const SOIL: Rgb[] = [
  [142, 118, 92],
  [150, 128, 100],
  [128, 108, 86],
  [158, 136, 106],
];

/** Crops of the Lille fringe and how they look in May (index 0) and June (index 1). */
const CROPS: { name: string; weight: number; look: [Omit<CropLook, 'soil'>, Omit<CropLook, 'soil'>] }[] = [
  {
    name: 'wheat',
    weight: 4,
    look: [
      { plant: [92, 124, 56], period: 0.17, cover: 1, ridges: 0 },
      { plant: [134, 142, 76], period: 0.17, cover: 1, ridges: 0 },
    ],
  },
  {
    name: 'barley',
    weight: 2,
    look: [
      { plant: [108, 134, 62], period: 0.17, cover: 1, ridges: 0 },
      { plant: [170, 160, 96], period: 0.17, cover: 1, ridges: 0 },
    ],
  },
  {
    name: 'rapeseed',
    weight: 1,
    look: [
      { plant: [196, 184, 72], period: 0, cover: 1, ridges: 0 },
      { plant: [98, 116, 58], period: 0, cover: 1, ridges: 0 },
    ],
  },
  {
    name: 'beet',
    weight: 2,
    look: [
      { plant: [72, 110, 48], period: 0.45, cover: 0.22, ridges: 0 },
      { plant: [66, 108, 46], period: 0.45, cover: 0.62, ridges: 0 },
    ],
  },
  {
    name: 'maize',
    weight: 2,
    look: [
      { plant: [84, 116, 52], period: 0.75, cover: 0.1, ridges: 0 },
      { plant: [78, 114, 50], period: 0.75, cover: 0.34, ridges: 0 },
    ],
  },
  {
    name: 'potato',
    weight: 2,
    look: [
      { plant: [80, 112, 52], period: 0.75, cover: 0.04, ridges: 1 },
      { plant: [70, 106, 48], period: 0.75, cover: 0.5, ridges: 1 },
    ],
  },
  {
    name: 'bare',
    weight: 1,
    look: [
      { plant: [110, 120, 70], period: 0.35, cover: 0, ridges: 1 },
      { plant: [110, 120, 70], period: 0.35, cover: 0, ridges: 1 },
    ],
  },
];

function vary(c: Rgb, rng: Rng, amount: number): Rgb {
  const k = 1 + rng.range(-amount, amount);
  return [c[0] * k + rng.range(-4, 4), c[1] * k + rng.range(-4, 4), c[2] * k + rng.range(-4, 4)];
}

function spec(kind: PaintKind, c: Rgb, frame: [number, number, number, number], p: number[]): PaintSpec {
  return { kind, r: c[0], g: c[1], b: c[2], ox: frame[0], oy: frame[1], ax: frame[2], ay: frame[3], p };
}

/** A field's look for one flight (vintage index 0 = May, 1 = June) with its own crop. */
export function fieldPaint(rng: Rng, vintage: 0 | 1, frame: [number, number, number, number]): PaintSpec {
  const total = CROPS.reduce((s, c) => s + c.weight, 0);
  let x = rng.next() * total;
  let crop = CROPS[0];
  for (const c of CROPS) {
    x -= c.weight;
    if (x < 0) {
      crop = c;
      break;
    }
  }
  const look = (crop ?? CROPS[0])?.look[vintage];
  if (!look) throw new Error('sample/palette: no crop');
  const soil = vary(rng.pick(SOIL), rng, 0.05);
  const plant = vary(look.plant, rng, 0.08);
  // p: [row period m, plant cover, row contrast, tramline spacing m, soil r, g, b, ridges]
  return spec(PAINT.field, plant, frame, [
    look.period,
    look.cover,
    look.cover >= 1 ? 0.06 : 1,
    rng.pick([24, 24, 28, 36]),
    soil[0],
    soil[1],
    soil[2],
    look.ridges,
  ]);
}

/** A permanent meadow (prairie). */
export function meadowPaint(rng: Rng, vintage: 0 | 1, frame: [number, number, number, number]): PaintSpec {
  const base: Rgb = vintage === 0 ? [96, 128, 58] : [112, 132, 64];
  // p: [patchiness, mowing swath width m (0: none)]
  return spec(PAINT.meadow, vary(base, rng, 0.06), frame, [rng.range(0.6, 1), rng.chance(0.4) ? 1.8 : 0]);
}

/** Lawn, parks, banks, grass strips. `rough` 0 (mown lawn) to 1 (rough grass). */
export function lawnPaint(rng: Rng, rough: number, frame: [number, number, number, number]): PaintSpec {
  const base: Rgb = rough > 0.5 ? [104, 124, 66] : [98, 128, 62];
  // p: [roughness, mowing stripe width m (0: none)]
  return spec(PAINT.lawn, vary(base, rng, 0.07), frame, [rough, rough < 0.5 && rng.chance(0.3) ? 1.2 : 0]);
}

/**
 * A house garden: lawn around the house, with a driveway to the street and a terrace behind.
 * The frame is the house's: origin at its centre, axis along the street.
 */
export function gardenPaint(
  rng: Rng,
  frame: [number, number, number, number],
  house: { halfLength: number; halfWidth: number; setback: number } | null,
  fresh: boolean,
): PaintSpec {
  const base: Rgb = fresh ? [118, 124, 70] : [98, 126, 62];
  const side = rng.chance(0.5) ? 1 : -1;
  // Back-garden features as bits: 1 vegetable patch, 2 shed, 4 swimming pool.
  let features = 0;
  if (house && !fresh) {
    if (rng.chance(0.25)) features |= 1;
    if (rng.chance(0.35)) features |= 2;
    if (!(features & 1) && rng.chance(0.08)) features |= 4;
  }
  // p: [has house, house half-length, half-width (depth), setback m, driveway centre u m, terrace depth m, fresh, features]
  return spec(PAINT.garden, vary(base, rng, 0.08), frame, [
    house ? 1 : 0,
    house?.halfLength ?? 0,
    house?.halfWidth ?? 0,
    house?.setback ?? 0,
    house ? side * Math.max(0, house.halfLength - 1.6) : 0,
    house ? rng.range(2.5, 4) : 0,
    fresh ? 1 : 0,
    features,
  ]);
}

/** Broadleaf wood floor (mostly hidden by crowns). */
export function woodFloorPaint(rng: Rng): PaintSpec {
  return spec(PAINT.woodFloor, vary([52, 64, 38], rng, 0.05), [0, 0, 1, 0], []);
}

/** A road piece with its centre line frame. */
export function roadPaint(
  rng: Rng,
  cls: 'main' | 'street' | 'lane',
  frame: [number, number, number, number],
  halfWidth: number,
  fresh: boolean,
): PaintSpec {
  const grey = fresh ? 72 : cls === 'lane' ? 100 : 88;
  const c = vary([grey, grey + 2, grey + 6], rng, 0.04);
  // p: [half-width m, sidewalk width m, marking (0 none, 1 dashed centre, 2 + edge lines), parked cars, fresh]
  const sidewalk = cls === 'lane' ? 0 : cls === 'main' ? 2.2 : 1.6;
  const marking = cls === 'main' ? 2 : cls === 'street' && rng.chance(0.5) ? 1 : 0;
  return spec(PAINT.road, c, frame, [halfWidth, sidewalk, marking, cls === 'street' ? 1 : 0, fresh ? 1 : 0]);
}

/** A road junction (plain asphalt). */
export function junctionPaint(rng: Rng, cls: 'main' | 'street' | 'lane'): PaintSpec {
  const grey = cls === 'lane' ? 100 : 88;
  return spec(PAINT.junction, vary([grey, grey + 2, grey + 6], rng, 0.03), [0, 0, 1, 0], []);
}

/** A car park: rows of bays along the axis. */
export function parkingPaint(rng: Rng, frame: [number, number, number, number], fresh: boolean): PaintSpec {
  const grey = fresh ? 70 : 96;
  // p: [bay width m, bay depth m, aisle width m, occupancy 0-1, fresh]
  return spec(PAINT.parking, vary([grey, grey + 2, grey + 5], rng, 0.04), frame, [
    2.5,
    5,
    6,
    fresh ? 0.25 : rng.range(0.35, 0.75),
    fresh ? 1 : 0,
  ]);
}

/** Concrete or paving (yards, courtyards, front yards). */
export function pavedPaint(rng: Rng, frame: [number, number, number, number], light: boolean): PaintSpec {
  const base: Rgb = light ? [168, 164, 156] : [124, 122, 120];
  // p: [slab size m (0: none)]
  return spec(PAINT.paved, vary(base, rng, 0.05), frame, [light ? 4 : 0]);
}

/** Gravel towpath along the canal. */
export function trackPaint(rng: Rng, frame: [number, number, number, number]): PaintSpec {
  return spec(PAINT.track, vary([170, 160, 138], rng, 0.04), frame, []);
}

/** Water: the canal (1) or a pond (0). */
export function waterPaint(rng: Rng, canal: boolean, frame: [number, number, number, number]): PaintSpec {
  const base: Rgb = canal ? [44, 72, 86] : [52, 84, 92];
  // p: [is canal, half-width of the water m (canal: frame origin on its centre line)]
  return spec(PAINT.water, vary(base, rng, 0.03), frame, [canal ? 1 : 0, canal ? 9 : 0]);
}

const TILES: Rgb[] = [
  [158, 82, 58],
  [146, 74, 54],
  [170, 100, 72],
  [124, 66, 50],
  [152, 90, 66],
];
const SLATES: Rgb[] = [
  [72, 76, 84],
  [84, 86, 92],
  [62, 66, 74],
];

/**
 * A pitched roof (gable or hip): frame origin at the building centre, axis along the ridge.
 * @param style 'gable' | 'hip'
 */
export function pitchedRoofPaint(
  rng: Rng,
  style: 'gable' | 'hip',
  frame: [number, number, number, number],
  halfLength: number,
  halfWidth: number,
  fresh: boolean,
): PaintSpec {
  const slate = rng.chance(fresh ? 0.45 : 0.3);
  const c = slate ? rng.pick(SLATES) : rng.pick(TILES);
  const colour = vary(fresh && !slate ? [176, 96, 66] : c, rng, fresh ? 0.02 : 0.07);
  // p: [half-length m, half-width m, slope radians, material (0 tile, 1 slate), chimney u (0 none), skylights, weathering]
  return spec(style === 'gable' ? PAINT.roofGable : PAINT.roofHip, colour, frame, [
    halfLength,
    halfWidth,
    rng.range(0.6, 0.8),
    slate ? 1 : 0,
    !fresh && rng.chance(0.6) ? rng.range(-0.6, 0.6) * halfLength : 0,
    rng.chance(0.35) ? 1 : 0,
    fresh ? 0 : rng.range(0.3, 1),
  ]);
}

/** A flat roof (apartments, warehouses). */
export function flatRoofPaint(
  rng: Rng,
  frame: [number, number, number, number],
  halfLength: number,
  halfWidth: number,
): PaintSpec {
  const c = rng.pick<Rgb>([
    [178, 178, 172],
    [152, 152, 150],
    [196, 194, 186],
    [92, 92, 96],
  ]);
  // p: [half-length m, half-width m, HVAC density 0-1]
  return spec(PAINT.roofFlat, vary(c, rng, 0.04), frame, [halfLength, halfWidth, rng.range(0.2, 0.6)]);
}

/** Earthworks (chantier): bare, rutted soil. Axis: main direction of machine tracks. */
export function earthworksPaint(rng: Rng, frame: [number, number, number, number]): PaintSpec {
  // p: [wetness 0-1]
  return spec(PAINT.earthworks, vary([162, 140, 110], rng, 0.05), frame, [rng.range(0.2, 0.8)]);
}
