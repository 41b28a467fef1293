/**
 * Fills the layout's pieces with what a 5 cm photo shows: town blocks (housing.ts), a warehouse,
 * a park with a pond, field parcels, a wood, the canal and the roads. Each result is a draft OCS2D
 * polygon (codes + look) plus trees.
 *
 * Subdivisions only ever cut convex pieces by straight lines (`splitByLine`, `clipBand`), and
 * buildings are holes in their lot, so the drafts stay an exact partition of the area.
 */
import { add, broadleaf, type Frame, frameOf, type Sink, same, scatterTrees } from './drafts';
import {
  clipBand,
  convexInsideDistance,
  edgeDirection,
  longestEdge,
  orient,
  orientedRect,
  pointInRing,
  projectRing,
  type Ring,
  ringArea,
  ringCentroid,
  ringsBox,
  splitByLine,
  type Vec2,
} from './geometry';
import { apartmentBlock, lotRows, terraceBlock, twoRows, withInnerStreet } from './housing';
import type { Cell, Piece } from './layout';
import {
  earthworksPaint,
  fieldPaint,
  flatRoofPaint,
  gardenPaint,
  junctionPaint,
  lawnPaint,
  meadowPaint,
  parkingPaint,
  pavedPaint,
  roadPaint,
  trackPaint,
  waterPaint,
  woodFloorPaint,
} from './palette';
import type { Rng } from './prng';

/** An activity block: a grass verge, a car park and a warehouse on its concrete yard. */
function activityBlock(sink: Sink, ring: Ring, rng: Rng): void {
  const a = edgeDirection(ring, longestEdge(ring));
  const b: Vec2 = [-a[1], a[0]];
  const [blo] = projectRing(ring, b[0], b[1]);
  const [verge, rest] = splitByLine(ring, b[0], b[1], blo + 6);
  if (verge)
    add(sink, 'activityGrass', { outer: verge, holes: [] }, same(lawnPaint(rng, 0.4, frameOf(verge))));
  if (!rest) return;
  const [alo, ahi] = projectRing(rest, a[0], a[1]);
  const [park, yard] = splitByLine(rest, a[0], a[1], alo + (ahi - alo) * rng.range(0.25, 0.35));
  if (park)
    add(
      sink,
      'activityYard',
      { outer: park, holes: [] },
      same(parkingPaint(rng, [...ringCentroid(park), b[0], b[1]], false)),
    );
  if (!yard) return;
  const c = ringCentroid(yard);
  const [ylo, yhi] = projectRing(yard, a[0], a[1]);
  const [vlo, vhi] = projectRing(yard, b[0], b[1]);
  let hl = Math.min(45, (yhi - ylo) / 2 - 8);
  let hw = Math.min(28, (vhi - vlo) / 2 - 8);
  let building: Ring | null = null;
  while (hl > 8 && hw > 6) {
    const r = orientedRect(c[0], c[1], a[0], a[1], hl, hw);
    if (r.every(([x, y]) => convexInsideDistance(x, y, yard) >= 4)) {
      building = r;
      break;
    }
    hl *= 0.9;
    hw *= 0.9;
  }
  add(
    sink,
    'activityYard',
    { outer: yard, holes: building ? [building] : [] },
    same(pavedPaint(rng, frameOf(yard), false)),
  );
  if (building)
    add(
      sink,
      'warehouse',
      { outer: building, holes: [] },
      same(flatRoofPaint(rng, [c[0], c[1], a[0], a[1]], hl, hw)),
      rng.range(9, 12),
    );
}

/** A park: lawn, trees and a pond (a hole in the lawn). */
function parkBlock(sink: Sink, ring: Ring, rng: Rng): void {
  const c = ringCentroid(ring);
  let radius = Math.min(26, 0.3 * Math.sqrt(Math.abs(ringArea(ring))));
  const phase = [rng.range(0, 6.3), rng.range(0, 6.3), rng.range(0, 6.3)];
  let pond: Ring | null = null;
  while (radius > 5) {
    const pts: Ring = [];
    for (let k = 0; k < 36; k++) {
      const t = (k / 36) * Math.PI * 2;
      const r =
        radius *
        (1 +
          0.2 * Math.sin(2 * t + (phase[0] ?? 0)) +
          0.1 * Math.sin(3 * t + (phase[1] ?? 0)) +
          0.05 * Math.sin(5 * t + (phase[2] ?? 0)));
      pts.push([c[0] + r * Math.cos(t) * 1.3, c[1] + r * Math.sin(t)]);
    }
    if (pts.every(([x, y]) => convexInsideDistance(x, y, ring) >= 8)) {
      pond = pts;
      break;
    }
    radius *= 0.85;
  }
  const frame = frameOf(ring);
  add(sink, 'park', { outer: ring, holes: pond ? [pond] : [] }, same(lawnPaint(rng, 0.3, frame)));
  if (pond) add(sink, 'pond', { outer: pond, holes: [] }, same(waterPaint(rng, false, frame)));
  const p = pond;
  scatterTrees(sink, ring, rng, Math.round(Math.abs(ringArea(ring)) / 260), [2.5, 5], (x, y, r) => {
    if (!p) return false;
    const d = Math.hypot(x - c[0], (y - c[1]) * 1.3);
    return d < radius * 1.35 * 1.3 + r;
  });
}

/** Field parcels: a cell cut into 1-3 parcels, sometimes with a grass strip between two. */
function fieldBlock(sink: Sink, ring: Ring, rng: Rng, cell: number, cut: boolean, depth = 0): void {
  const area = Math.abs(ringArea(ring));
  if (area > 7000 && depth < 2) {
    const a = edgeDirection(ring, longestEdge(ring));
    const [lo, hi] = projectRing(ring, a[0], a[1]);
    const at = lo + (hi - lo) * rng.range(0.35, 0.65);
    if (rng.chance(0.3)) {
      const strip = clipBand(ring, a[0], a[1], at - 3, at + 3);
      const [left] = splitByLine(ring, a[0], a[1], at - 3);
      const [, right] = splitByLine(ring, a[0], a[1], at + 3);
      if (strip)
        add(
          sink,
          'grassStrip',
          { outer: strip, holes: [] },
          same(lawnPaint(rng, 0.9, [...ringCentroid(strip), -a[1], a[0]])),
        );
      if (left) fieldBlock(sink, left, rng, cell, cut, depth + 1);
      if (right) fieldBlock(sink, right, rng, cell, cut, depth + 1);
    } else {
      const [left, right] = splitByLine(ring, a[0], a[1], at);
      if (left) fieldBlock(sink, left, rng, cell, cut, depth + 1);
      if (right) fieldBlock(sink, right, rng, cell, cut, depth + 1);
    }
    return;
  }
  const frame = frameOf(ring);
  // Rows mostly follow the parcel's long side; some run across it.
  const rows: Frame = rng.chance(0.8) ? frame : [frame[0], frame[1], -frame[3], frame[2]];
  const meadow = rng.chance(0.2);
  const d = meadow
    ? add(sink, 'meadow', { outer: ring, holes: [] }, [meadowPaint(rng, 0, rows), meadowPaint(rng, 1, rows)])
    : add(sink, 'field', { outer: ring, holes: [] }, [fieldPaint(rng, 0, rows), fieldPaint(rng, 1, rows)]);
  d.parcel = { cell, cut };
}

/** Wood: the floor polygon (merged with its neighbours later) and a dense canopy. */
function woodBlock(sink: Sink, ring: Ring, rng: Rng): void {
  add(sink, 'wood', { outer: ring, holes: [] }, same(woodFloorPaint(rng)));
  const box = ringsBox([ring]);
  const step = 4.8;
  for (let y = Math.floor(box.minY / step) * step; y < box.maxY; y += step)
    for (let x = Math.floor(box.minX / step) * step; x < box.maxX; x += step) {
      const px = x + rng.range(0, step);
      const py = y + rng.range(0, step);
      if (!pointInRing(px, py, ring)) continue;
      const edge = convexInsideDistance(px, py, ring);
      const r = rng.range(2.6, 4.4) * (edge < 6 ? 0.85 : 1);
      const t = broadleaf(rng, px, py, r, false);
      t.h = rng.range(12, 22);
      sink.trees.push(t);
    }
}

/** Trees along the canal banks, roughly every 10 m. */
function bankTrees(sink: Sink, ring: Ring, axis: Vec2, rng: Rng): void {
  const [lo, hi] = projectRing(ring, axis[0], axis[1]);
  const n: Vec2 = [-axis[1], axis[0]];
  const [nlo, nhi] = projectRing(ring, n[0], n[1]);
  if (nhi - nlo < 2.5) return;
  for (let s = lo + rng.range(2, 8); s < hi; s += rng.range(8, 13)) {
    const t = (nlo + nhi) / 2 + rng.range(-0.5, 0.5);
    const x = axis[0] * s + n[0] * t;
    const y = axis[1] * s + n[1] * t;
    if (!pointInRing(x, y, ring) || rng.chance(0.25)) continue;
    sink.trees.push(broadleaf(rng, x, y, rng.range(2.8, 4.5)));
  }
}

/** Turns one layout piece into drafts and trees. */
export function fillPiece(sink: Sink, piece: Piece, cell: Cell | undefined, rng: Rng): void {
  const ring = orient(piece.ring, true);
  switch (piece.role) {
    case 'road': {
      const r = piece.road;
      if (!r) return;
      const role = r.cls === 'main' ? 'roadMain' : 'roadSecondary';
      add(
        sink,
        role,
        { outer: ring, holes: [] },
        same(roadPaint(rng, r.cls, [r.ox, r.oy, r.ax, r.ay], r.halfWidth, false)),
      );
      return;
    }
    case 'junction': {
      const cls = piece.road?.cls ?? 'street';
      add(
        sink,
        cls === 'main' ? 'roadMain' : 'roadSecondary',
        { outer: ring, holes: [] },
        same(junctionPaint(rng, cls)),
      );
      return;
    }
    case 'canal': {
      const ax = piece.axis ?? [1, 0];
      add(
        sink,
        'canal',
        { outer: ring, holes: [] },
        same(waterPaint(rng, true, [...(piece.middle ?? ringCentroid(ring)), ax[0], ax[1]])),
      );
      return;
    }
    case 'towpath': {
      const ax = piece.axis ?? [1, 0];
      add(
        sink,
        'towpath',
        { outer: ring, holes: [] },
        same(trackPaint(rng, [...(piece.middle ?? ringCentroid(ring)), ax[0], ax[1]])),
      );
      return;
    }
    case 'canalBank': {
      const ax = piece.axis ?? [1, 0];
      add(
        sink,
        'canalBank',
        { outer: ring, holes: [] },
        same(lawnPaint(rng, 0.8, [...ringCentroid(ring), ax[0], ax[1]])),
      );
      bankTrees(sink, ring, ax, rng);
      return;
    }
    case 'block':
      break;
  }
  const zone = cell?.zone ?? 'field';
  const area = Math.abs(ringArea(ring));
  if (zone !== 'field' && zone !== 'wood' && area < 600) {
    add(sink, 'garden', { outer: ring, holes: [] }, same(gardenPaint(rng, frameOf(ring), null, false)));
    return;
  }
  switch (zone) {
    case 'house':
      for (const half of withInnerStreet(sink, ring, rng)) lotRows(sink, twoRows(half), rng, [13, 19], false);
      return;
    case 'townhouse':
      for (const half of withInnerStreet(sink, ring, rng)) terraceBlock(sink, half, rng);
      return;
    case 'apartments':
      apartmentBlock(sink, ring, rng);
      return;
    case 'activity':
      activityBlock(sink, ring, rng);
      return;
    case 'park':
      parkBlock(sink, ring, rng);
      return;
    case 'wood':
      woodBlock(sink, ring, rng);
      return;
    case 'field':
      fieldBlock(sink, ring, rng, cell?.index ?? -1, piece.cut === true);
      return;
  }
}

/** 2024: a field parcel turned into a fresh car park. */
export function newParking(sink: Sink, parcel: Ring, rng: Rng): void {
  const a = edgeDirection(parcel, longestEdge(parcel));
  add(
    sink,
    'parking',
    { outer: parcel, holes: [] },
    same(parkingPaint(rng, [...ringCentroid(parcel), a[0], a[1]], true)),
  );
}

/** 2024: a field parcel stripped for construction (earthworks). */
export function newEarthworks(sink: Sink, parcel: Ring, rng: Rng): void {
  const a = edgeDirection(parcel, longestEdge(parcel));
  add(
    sink,
    'chantier',
    { outer: parcel, holes: [] },
    same(earthworksPaint(rng, [...ringCentroid(parcel), a[0], a[1]])),
  );
}
