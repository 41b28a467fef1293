/**
 * Draft polygons and trees: what the block fillers produce before ids are given, and the small
 * helpers they share (frames, lots cut into strips, scattered trees).
 */
import type { LandRole, PaintSpec } from './codes';
import {
  clipBand,
  convexInsideDistance,
  edgeDirection,
  longestEdge,
  orient,
  type Poly,
  pointInRing,
  polyArea,
  projectRing,
  type Ring,
  ringCentroid,
  ringsBox,
  type Vec2,
  vertex,
} from './geometry';
import type { Rng } from './prng';

/** A polygon before ids are given: codes (through its role), geometry, look per vintage. */
export interface Draft {
  role: LandRole;
  poly: Poly;
  /** Look in the first and second vintage (the same object when nothing changes). */
  paint: [PaintSpec, PaintSpec];
  /** Building height above ground, metres (0 for ground surfaces). */
  height: number;
  /** Set on field parcels: the grid cell, and whether the canal cut it. */
  parcel?: { cell: number; cut: boolean };
}

/** A tree crown seen from above. */
export interface Tree {
  x: number;
  y: number;
  /** Crown radius, metres. */
  r: number;
  /** Height, metres. */
  h: number;
  /** Foliage colour (sRGB). */
  c: [number, number, number];
  /** Per-tree number that shapes its lobes. */
  seed: number;
}

/** Where drafts and trees are collected. */
export interface Sink {
  drafts: Draft[];
  trees: Tree[];
}

/** A frame: origin x, y and unit axis x, y. */
export type Frame = [number, number, number, number];

/** Frame of a ring: its centroid and the direction of its longest edge. */
export function frameOf(ring: Ring): Frame {
  const c = ringCentroid(ring);
  const a = edgeDirection(ring, longestEdge(ring));
  return [c[0], c[1], a[0], a[1]];
}

/** The same look in both vintages. */
export function same(p: PaintSpec): [PaintSpec, PaintSpec] {
  return [p, p];
}

/** Adds a draft (outer ring counter-clockwise, holes clockwise) to the sink. */
export function add(
  sink: Sink,
  role: LandRole,
  poly: Poly,
  paint: [PaintSpec, PaintSpec],
  height = 0,
): Draft {
  const d: Draft = {
    role,
    poly: { outer: orient(poly.outer, true), holes: poly.holes.map((h) => orient(h, false)) },
    paint,
    height,
  };
  sink.drafts.push(d);
  return d;
}

/** Outward unit normal of edge i of a counter-clockwise ring. */
export function outwardNormal(ring: Ring, i: number): Vec2 {
  const a = vertex(ring, i);
  const b = vertex(ring, i + 1);
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return [(b[1] - a[1]) / len, -(b[0] - a[0]) / len];
}

/** The edge of a ring that faces `dir` most (the lot's street front). */
export function facingEdge(ring: Ring, dir: Vec2): number {
  let best = 0;
  let bestDot = -Infinity;
  for (let i = 0; i < ring.length; i++) {
    const a = vertex(ring, i);
    const b = vertex(ring, i + 1);
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len < 2) continue;
    const n = outwardNormal(ring, i);
    const d = n[0] * dir[0] + n[1] * dir[1];
    if (d > bestDot) {
      bestDot = d;
      best = i;
    }
  }
  return best;
}

/** Cuts a convex ring into strips across `axis`, of widths drawn in [min, max]. */
export function cutStrips(ring: Ring, axis: Vec2, rng: Rng, min: number, max: number): Ring[] {
  const [lo, hi] = projectRing(ring, axis[0], axis[1]);
  const cuts = [lo];
  let c = lo + rng.range(min, max);
  while (c < hi - min * 0.8) {
    cuts.push(c);
    c += rng.range(min, max);
  }
  cuts.push(hi);
  const out: Ring[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const part = clipBand(ring, axis[0], axis[1], cuts[k] as number, cuts[k + 1] as number);
    if (part) out.push(part);
  }
  return out;
}

/** A small tree population inside a ring, away from an optional rectangle (a house). */
export function scatterTrees(
  sink: Sink,
  ring: Ring,
  rng: Rng,
  count: number,
  size: [number, number],
  avoid?: (x: number, y: number, r: number) => boolean,
): void {
  const box = ringsBox([ring]);
  for (let k = 0, tries = 0; k < count && tries < count * 12; tries++) {
    const r = rng.range(size[0], size[1]);
    const x = rng.range(box.minX, box.maxX);
    const y = rng.range(box.minY, box.maxY);
    if (!pointInRing(x, y, ring) || convexInsideDistance(x, y, ring) < r * 0.4) continue;
    if (avoid?.(x, y, r)) continue;
    sink.trees.push(broadleaf(rng, x, y, r));
    k++;
  }
}

/** A broadleaf tree (a copper beech now and then when `ornamental`). */
export function broadleaf(rng: Rng, x: number, y: number, r: number, ornamental = true): Tree {
  const shade = rng.range(0.85, 1.15);
  const copper = ornamental && rng.chance(0.05);
  const c: [number, number, number] = copper
    ? [96 * shade, 66 * shade, 56 * shade]
    : [(66 + rng.range(-10, 16)) * shade, (94 + rng.range(-8, 18)) * shade, (44 + rng.range(-6, 8)) * shade];
  return { x, y, r, h: r * rng.range(1.8, 2.6), c, seed: rng.int(2 ** 31) };
}

/** Area of a draft, m² (planar, local frame). */
export function draftArea(d: Draft): number {
  return polyArea(d.poly);
}
