/**
 * AI-style change detections between the two vintages, derived from the OCS2D transitions painted
 * into the second one. A real detector (Sentinel-2, 10 m pixels) outlines a change as a union of
 * 10 m pixels, misses or adds a few pixels at the edges, and reports a few false alarms with low
 * confidence; this module imitates that: each changed parcel becomes a stair-stepped polygon on the
 * Lambert-93 10 m grid, and two low-confidence false positives (< 0.5) fall on unchanged fields.
 */
import { type Poly, pointInPoly, type Ring, ringArea, ringsBox, type Vec2 } from './geometry';
import { createRng } from './prng';
import { type ChangeKind, SAMPLE_VINTAGES, type Scene } from './scene';
import { unionRings } from './union';

/** Labels of the change classes, as the regional detection names them. */
export const CHANGE_LABELS: Record<ChangeKind, string> = {
  vers_bati: 'vers bâti',
  vers_impermeable: 'vers imperméable',
  vers_terrassement: 'vers terrassement',
};

/** Version string written with every detection (the sample's imitation detector). */
export const DETECTION_MODEL_VERSION = 'hdf-twin-sample-s2-change-1.0 (synthetic)';

/** One detection (local frame coordinates). */
export interface Detection {
  id: string;
  kind: ChangeKind;
  confidence: number;
  poly: Poly;
  dateBefore: string;
  dateAfter: string;
}

const CELL = 10;

/**
 * The 10 m cells of the grid whose centre is inside `poly`, with edge cells randomly dropped or
 * added (p = 0.15), dissolved into polygons; the largest is kept.
 */
function staircase(poly: Poly, rng: ReturnType<typeof createRng>, size: number): Poly | null {
  const box = ringsBox([poly.outer]);
  const i0 = Math.floor(box.minX / CELL) - 1;
  const i1 = Math.ceil(box.maxX / CELL) + 1;
  const j0 = Math.floor(box.minY / CELL) - 1;
  const j1 = Math.ceil(box.maxY / CELL) + 1;
  const inside = new Set<string>();
  for (let j = j0; j < j1; j++)
    for (let i = i0; i < i1; i++)
      if (pointInPoly((i + 0.5) * CELL, (j + 0.5) * CELL, poly)) inside.add(`${i},${j}`);
  const cells: Ring[] = [];
  for (let j = j0; j < j1; j++)
    for (let i = i0; i < i1; i++) {
      if (i < 0 || j < 0 || (i + 1) * CELL > size || (j + 1) * CELL > size) continue;
      const k = `${i},${j}`;
      const isIn = inside.has(k);
      const edge =
        inside.has(`${i + 1},${j}`) !== isIn ||
        inside.has(`${i - 1},${j}`) !== isIn ||
        inside.has(`${i},${j + 1}`) !== isIn ||
        inside.has(`${i},${j - 1}`) !== isIn;
      const keep = edge && rng.chance(0.15) ? !isIn : isIn;
      if (keep)
        cells.push([
          [i * CELL, j * CELL],
          [(i + 1) * CELL, j * CELL],
          [(i + 1) * CELL, (j + 1) * CELL],
          [i * CELL, (j + 1) * CELL],
        ]);
    }
  const parts = unionRings(cells);
  let best: Poly | null = null;
  let bestArea = 0;
  for (const p of parts) {
    const a = Math.abs(ringArea(p.outer));
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  return best ? { outer: dropCollinear(best.outer), holes: best.holes.map(dropCollinear) } : null;
}

/** Removes vertices in the middle of straight runs (the cell corners along a side). */
function dropCollinear(ring: Ring): Ring {
  const out: Ring = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[(i + n - 1) % n] as Vec2;
    const b = ring[i] as Vec2;
    const c = ring[(i + 1) % n] as Vec2;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (cross !== 0) out.push(b);
  }
  return out;
}

/** The detections for a scene: one per changed parcel plus two false positives, ordered by id. */
export function detectChanges(scene: Scene): Detection[] {
  const rng = createRng(scene.seed, 'detections');
  const dateBefore = SAMPLE_VINTAGES[0].date;
  const dateAfter = SAMPLE_VINTAGES[1].date;
  const out: Detection[] = [];
  const base: Record<ChangeKind, [number, number]> = {
    vers_bati: [0.84, 0.97],
    vers_impermeable: [0.76, 0.93],
    vers_terrassement: [0.68, 0.9],
  };
  for (const change of scene.changes) {
    const poly = staircase(change.parent, rng, scene.sizeMetres);
    if (!poly) continue;
    const [lo, hi] = base[change.kind];
    out.push({
      id: '',
      kind: change.kind,
      confidence: round2(rng.range(lo, hi)),
      poly,
      dateBefore,
      dateAfter,
    });
  }
  // False alarms: bare soil after a harvest or a plastic-covered crop on an unchanged field.
  const after = new Set(scene.vintages[1].polygons.map((p) => p.id));
  const fields = scene.vintages[0].polygons.filter(
    (p) =>
      (p.role === 'field' || p.role === 'meadow') &&
      after.has(p.id) &&
      Math.abs(ringArea(p.poly.outer)) > 1500,
  );
  const falseKinds: ChangeKind[] = ['vers_terrassement', 'vers_impermeable'];
  for (const kind of falseKinds) {
    if (fields.length === 0) break;
    const field = fields.splice(rng.int(fields.length), 1)[0];
    if (!field) break;
    const box = ringsBox([field.poly.outer]);
    for (let tries = 0; tries < 50; tries++) {
      const cx = rng.range(box.minX, box.maxX);
      const cy = rng.range(box.minY, box.maxY);
      if (!pointInPoly(cx, cy, field.poly)) continue;
      const r = rng.range(9, 16);
      const blob: Ring = [];
      for (let k = 0; k < 12; k++) {
        const t = (k / 12) * Math.PI * 2;
        blob.push([cx + r * Math.cos(t) * rng.range(0.8, 1.2), cy + r * Math.sin(t) * rng.range(0.8, 1.2)]);
      }
      const poly = staircase({ outer: blob, holes: [] }, rng, scene.sizeMetres);
      if (!poly) continue;
      out.push({ id: '', kind, confidence: round2(rng.range(0.22, 0.45)), poly, dateBefore, dateAfter });
      break;
    }
  }
  out.forEach((d, i) => {
    d.id = `chg-${String(i + 1).padStart(4, '0')}`;
  });
  return out;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
