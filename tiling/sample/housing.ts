/**
 * Housing: detached-house lots (the house a hole in its garden, with driveway, hedges and trees),
 * terraced rows, apartment blocks, inner streets of deep blocks, and the 2024 housing estate.
 * Lots are strips cut from convex blocks, so the drafts stay an exact partition.
 */
import {
  add,
  cutStrips,
  type Frame,
  facingEdge,
  frameOf,
  outwardNormal,
  type Sink,
  same,
  scatterTrees,
} from './drafts';
import {
  clipBand,
  convexInsideDistance,
  edgeDirection,
  longestEdge,
  orientedRect,
  projectRing,
  type Ring,
  ringArea,
  ringCentroid,
  splitByLine,
  type Vec2,
  vertex,
} from './geometry';
import {
  flatRoofPaint,
  gardenPaint,
  lawnPaint,
  parkingPaint,
  pavedPaint,
  pitchedRoofPaint,
  roadPaint,
} from './palette';
import type { Rng } from './prng';

interface House {
  ring: Ring;
  frame: Frame;
  halfLength: number;
  halfWidth: number;
  setback: number;
}

/** Places a detached house behind the lot's street front, or null when it does not fit. */
function placeHouse(lot: Ring, front: Vec2, rng: Rng, fresh: boolean): House | null {
  const fi = facingEdge(lot, front);
  const p = vertex(lot, fi);
  const q = vertex(lot, fi + 1);
  const f = outwardNormal(lot, fi);
  const e: Vec2 = [-f[1], f[0]];
  const mx = (p[0] + q[0]) / 2;
  const my = (p[1] + q[1]) / 2;
  let width = fresh ? rng.range(8.5, 10) : rng.range(8, 11.5);
  let depth = fresh ? rng.range(8.5, 9.5) : rng.range(8.5, 11);
  const setback = fresh ? 5 : rng.range(4, 7.5);
  const shift = fresh ? 0 : rng.range(-1.5, 1.5);
  for (let attempt = 0; attempt < 4; attempt++) {
    const cx = mx - f[0] * (setback + depth / 2) + e[0] * shift;
    const cy = my - f[1] * (setback + depth / 2) + e[1] * shift;
    const ring = orientedRect(cx, cy, e[0], e[1], width / 2, depth / 2);
    if (ring.every(([x, y]) => convexInsideDistance(x, y, lot) >= 1.2))
      return { ring, frame: [cx, cy, e[0], e[1]], halfLength: width / 2, halfWidth: depth / 2, setback };
    width *= 0.85;
    depth *= 0.9;
    if (width < 6) break;
  }
  return null;
}

/** One detached-house lot: garden (with the house as a hole) and the house. */
function houseLot(sink: Sink, lot: Ring, front: Vec2, rng: Rng, fresh: boolean): void {
  const house = placeHouse(lot, front, rng, fresh);
  if (!house) {
    add(sink, 'garden', { outer: lot, holes: [] }, same(gardenPaint(rng, frameOf(lot), null, fresh)));
    return;
  }
  add(sink, 'garden', { outer: lot, holes: [house.ring] }, same(gardenPaint(rng, house.frame, house, fresh)));
  const alongStreet = rng.chance(0.75);
  const [cx, cy, ex, ey] = house.frame;
  const frame: Frame = alongStreet ? [cx, cy, ex, ey] : [cx, cy, -ey, ex];
  const [hl, hw] = alongStreet ? [house.halfLength, house.halfWidth] : [house.halfWidth, house.halfLength];
  const style = !fresh && rng.chance(0.2) ? 'hip' : 'gable';
  // Shadow height: between eaves (5 m) and ridge (8 m), the hull of a box is a fair outline.
  add(
    sink,
    'house',
    { outer: house.ring, holes: [] },
    same(pitchedRoofPaint(rng, style, frame, hl, hw, fresh)),
    6,
  );
  if (fresh) {
    if (rng.chance(0.5)) scatterTrees(sink, lot, rng, 1, [1, 1.6], (x, y, r) => nearHouse(house, x, y, r));
  } else {
    hedges(sink, lot, front, rng);
    scatterTrees(
      sink,
      lot,
      rng,
      rng.int(4),
      [1.6, 3.6],
      (x, y, r) => nearHouse(house, x, y, r) || inFront(house, x, y),
    );
  }
}

/** Hedges (thuja, laurel, privet) along some side and back boundaries of a lot. */
function hedges(sink: Sink, lot: Ring, front: Vec2, rng: Rng): void {
  const fi = facingEdge(lot, front);
  for (let i = 0; i < lot.length; i++) {
    if (i === fi || !rng.chance(0.45)) continue;
    const a = vertex(lot, i);
    const b = vertex(lot, i + 1);
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len < 3) continue;
    const n = outwardNormal(lot, i);
    const r = rng.range(0.5, 0.75);
    const c: [number, number, number] = rng.pick<[number, number, number]>([
      [48, 74, 42],
      [58, 84, 44],
      [66, 88, 48],
    ]);
    const h = rng.range(1.6, 2.4);
    const count = Math.floor(len / (r * 0.9));
    for (let k = 1; k < count; k++) {
      const t = k / count;
      const x = a[0] + (b[0] - a[0]) * t - n[0] * (r + 0.1);
      const y = a[1] + (b[1] - a[1]) * t - n[1] * (r + 0.1);
      sink.trees.push({ x, y, r: r * rng.range(0.9, 1.1), h, c, seed: rng.int(2 ** 31) });
    }
  }
}

function nearHouse(h: House, x: number, y: number, r: number): boolean {
  const [cx, cy, ax, ay] = h.frame;
  const u = (x - cx) * ax + (y - cy) * ay;
  const v = (x - cx) * -ay + (y - cy) * ax;
  return Math.abs(u) < h.halfLength + r * 0.6 && Math.abs(v) < h.halfWidth + r * 0.6;
}

function inFront(h: House, x: number, y: number): boolean {
  const [cx, cy, ax, ay] = h.frame;
  // The street is on the right of the house axis (outward normal of the lot front).
  const v = (x - cx) * ay + (y - cy) * -ax;
  return v > h.halfWidth;
}

/** Rows of detached-house lots. `rows` gives each row's ring and the direction of its street. */
export function lotRows(
  sink: Sink,
  rows: { ring: Ring; front: Vec2 }[],
  rng: Rng,
  frontage: [number, number],
  fresh: boolean,
): void {
  for (const row of rows) {
    const along: Vec2 = [-row.front[1], row.front[0]];
    for (const lot of cutStrips(row.ring, along, rng, frontage[0], frontage[1]))
      houseLot(sink, lot, row.front, rng, fresh);
  }
}

/** Splits a block into two back-to-back rows facing the streets on both long sides (or one row). */
export function twoRows(ring: Ring): { ring: Ring; front: Vec2 }[] {
  const a = edgeDirection(ring, longestEdge(ring));
  const b: Vec2 = [-a[1], a[0]];
  const [lo, hi] = projectRing(ring, b[0], b[1]);
  if (hi - lo < 50) return [{ ring, front: [-b[0], -b[1]] }];
  const mid = (lo + hi) / 2;
  const [low, high] = splitByLine(ring, b[0], b[1], mid);
  const rows: { ring: Ring; front: Vec2 }[] = [];
  if (low) rows.push({ ring: low, front: [-b[0], -b[1]] });
  if (high) rows.push({ ring: high, front: b });
  return rows;
}

/**
 * Deep town blocks get a street through the middle along their long side (a lotissement's inner
 * street), so that lots stay 25-30 m deep. Returns the two halves (or the block unchanged).
 */
export function withInnerStreet(sink: Sink, ring: Ring, rng: Rng): Ring[] {
  const a = edgeDirection(ring, longestEdge(ring));
  const b: Vec2 = [-a[1], a[0]];
  const [lo, hi] = projectRing(ring, b[0], b[1]);
  const [alo, ahi] = projectRing(ring, a[0], a[1]);
  if (hi - lo < 85 || ahi - alo < 40) return [ring];
  const mid = (lo + hi) / 2 + rng.range(-4, 4);
  const street = clipBand(ring, b[0], b[1], mid - 4, mid + 4);
  const [low] = splitByLine(ring, b[0], b[1], mid - 4);
  const [, high] = splitByLine(ring, b[0], b[1], mid + 4);
  if (street) {
    // Frame on the street's centre line, axis along it.
    const c = ringCentroid(street);
    const off = b[0] * c[0] + b[1] * c[1] - mid;
    add(
      sink,
      'roadSecondary',
      { outer: street, holes: [] },
      same(roadPaint(rng, 'street', [c[0] - b[0] * off, c[1] - b[1] * off, a[0], a[1]], 4, false)),
    );
  }
  return [low, high].filter((r): r is Ring => r !== null);
}

/** Terraced houses: narrow lots, each a front yard, a house across the full width, a back garden. */
export function terraceBlock(sink: Sink, ring: Ring, rng: Rng): void {
  const slate = rng.chance(0.4);
  for (const row of twoRows(ring)) {
    const along: Vec2 = [-row.front[1], row.front[0]];
    for (const lot of cutStrips(row.ring, along, rng, 5.5, 7.5)) {
      const f = row.front;
      const [lo, cf] = projectRing(lot, f[0], f[1]);
      if (cf - lo < 22) {
        houseLot(sink, lot, f, rng, false);
        continue;
      }
      const yardDepth = rng.range(1.5, 3.5);
      const depth = rng.range(9, 11);
      const [back, rest] = splitByLine(lot, f[0], f[1], cf - yardDepth - depth);
      const [house, yard] = rest ? splitByLine(rest, f[0], f[1], cf - yardDepth) : [null, null];
      if (yard)
        add(
          sink,
          'townYard',
          { outer: yard, holes: [] },
          same(pavedPaint(rng, frameOf(yard), rng.chance(0.5))),
        );
      if (back) {
        add(
          sink,
          'townGarden',
          { outer: back, holes: [] },
          same(gardenPaint(rng, frameOf(back), null, false)),
        );
        if (Math.abs(ringArea(back)) > 80 && rng.chance(0.5)) scatterTrees(sink, back, rng, 1, [1.5, 3]);
      }
      if (house) {
        const c = ringCentroid(house);
        const [ulo, uhi] = projectRing(house, along[0], along[1]);
        const paint = pitchedRoofPaint(
          rng,
          'gable',
          [c[0], c[1], along[0], along[1]],
          (uhi - ulo) / 2,
          depth / 2,
          false,
        );
        if (slate) paint.p[3] = 1;
        add(sink, 'townhouse', { outer: house, holes: [] }, same(paint), 9);
      }
    }
  }
}

/** Apartment blocks: lawn strips holding long flat-roofed buildings, alternating with car parks. */
export function apartmentBlock(sink: Sink, ring: Ring, rng: Rng): void {
  const a = edgeDirection(ring, longestEdge(ring));
  const b: Vec2 = [-a[1], a[0]];
  const strips = cutStrips(ring, b, rng, 26, 34);
  strips.forEach((strip, k) => {
    if (strips.length > 1 && k % 2 === 1) {
      add(
        sink,
        'apartmentParking',
        { outer: strip, holes: [] },
        same(parkingPaint(rng, [...ringCentroid(strip), a[0], a[1]], false)),
      );
      return;
    }
    const c = ringCentroid(strip);
    const [alo, ahi] = projectRing(strip, a[0], a[1]);
    let half = Math.min((ahi - alo) / 2 - 10, rng.range(22, 34));
    const hw = 6.5;
    let building: Ring | null = null;
    while (half > 10) {
      const r = orientedRect(c[0], c[1], a[0], a[1], half, hw);
      if (r.every(([x, y]) => convexInsideDistance(x, y, strip) >= 3)) {
        building = r;
        break;
      }
      half *= 0.85;
    }
    const lawnFrame = frameOf(strip);
    if (!building) {
      add(sink, 'apartmentLawn', { outer: strip, holes: [] }, same(lawnPaint(rng, 0.2, lawnFrame)));
      return;
    }
    add(sink, 'apartmentLawn', { outer: strip, holes: [building] }, same(lawnPaint(rng, 0.2, lawnFrame)));
    add(
      sink,
      'apartment',
      { outer: building, holes: [] },
      same(flatRoofPaint(rng, [c[0], c[1], a[0], a[1]], half, hw)),
      rng.range(14, 20),
    );
    scatterTrees(sink, strip, rng, 3, [2, 4], (x, y, r) => {
      const u = (x - c[0]) * a[0] + (y - c[1]) * a[1];
      const v = (x - c[0]) * b[0] + (y - c[1]) * b[1];
      return Math.abs(u) < half + r && Math.abs(v) < hw + r;
    });
  });
}

/** 2024: a field parcel turned into a small housing estate (an access road and house lots). */
export function newHousing(sink: Sink, parcel: Ring, towards: Vec2, rng: Rng): void {
  const a = edgeDirection(parcel, longestEdge(parcel));
  const b: Vec2 = [-a[1], a[0]];
  const [lo, hi] = projectRing(parcel, b[0], b[1]);
  if (hi - lo >= 48) {
    const mid = (lo + hi) / 2;
    const road = clipBand(parcel, b[0], b[1], mid - 3, mid + 3);
    const [low] = splitByLine(parcel, b[0], b[1], mid - 3);
    const [, high] = splitByLine(parcel, b[0], b[1], mid + 3);
    if (road) {
      const c = ringCentroid(road);
      const paint = roadPaint(rng, 'street', [c[0], c[1], a[0], a[1]], 3, true);
      paint.p[1] = 0;
      add(sink, 'roadSecondary', { outer: road, holes: [] }, same(paint));
    }
    const rows: { ring: Ring; front: Vec2 }[] = [];
    if (low) rows.push({ ring: low, front: b });
    if (high) rows.push({ ring: high, front: [-b[0], -b[1]] });
    lotRows(sink, rows, rng, [15, 17], true);
  } else {
    const toward = towards[0] * b[0] + towards[1] * b[1] >= 0 ? b : ([-b[0], -b[1]] as Vec2);
    lotRows(sink, [{ ring: parcel, front: toward }], rng, [15, 17], true);
  }
}
