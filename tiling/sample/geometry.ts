/**
 * Plane geometry for the sample scene: rings, half-plane clipping, convex splits, areas.
 *
 * Coordinates are metres in the sample's local frame (x east, y north, origin at the area's
 * south-west corner). The scene is a *partition*: neighbouring polygons share edges exactly. That
 * holds because every vertex that two polygons share is computed by one formula from the same
 * inputs: an edge is always cut by a line with its end points taken in a canonical order
 * (`intersectSegmentLine`), whichever polygon the edge is walked from.
 */

/** A point [x, y] in metres. */
export type Vec2 = [number, number];
/** A closed ring without its repeated closing point; counter-clockwise for outer rings. */
export type Ring = Vec2[];

/** A polygon with holes (holes clockwise). */
export interface Poly {
  outer: Ring;
  holes: Ring[];
}

/** An axis-aligned box. */
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Vertex i of a ring, wrapping around. */
export function vertex(ring: Ring, i: number): Vec2 {
  const n = ring.length;
  return ring[((i % n) + n) % n] as Vec2;
}

/** Signed area (shoelace): positive for counter-clockwise rings, m². */
export function ringArea(ring: Ring): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Vec2;
    const b = ring[(i + 1) % n] as Vec2;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** Area of a polygon: outer minus holes, m². */
export function polyArea(p: Poly): number {
  let a = Math.abs(ringArea(p.outer));
  for (const h of p.holes) a -= Math.abs(ringArea(h));
  return a;
}

/** The ring reversed when needed so that its orientation is counter-clockwise (ccw = true) or not. */
export function orient(ring: Ring, ccw: boolean): Ring {
  return ringArea(ring) > 0 === ccw ? ring : [...ring].reverse();
}

/** Bounding box of rings. */
export function ringsBox(rings: readonly Ring[]): Box {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const r of rings)
    for (const [x, y] of r) {
      if (x < b.minX) b.minX = x;
      if (y < b.minY) b.minY = y;
      if (x > b.maxX) b.maxX = x;
      if (y > b.maxY) b.maxY = y;
    }
  return b;
}

/** Centroid of a ring (area-weighted). */
export function ringCentroid(ring: Ring): Vec2 {
  let cx = 0;
  let cy = 0;
  let a = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Vec2;
    const q = ring[(i + 1) % n] as Vec2;
    const w = p[0] * q[1] - q[0] * p[1];
    a += w;
    cx += (p[0] + q[0]) * w;
    cy += (p[1] + q[1]) * w;
  }
  if (a === 0) return ring[0] ?? [0, 0];
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * Where segment [p, q] crosses the line n·x = c. The end points are put in lexicographic order
 * first, so the result is bit-identical whichever way round the segment is given: that is what
 * keeps two polygons cut by the same line sharing their new vertex exactly.
 */
export function intersectSegmentLine(p: Vec2, q: Vec2, nx: number, ny: number, c: number): Vec2 {
  const swap = p[0] > q[0] || (p[0] === q[0] && p[1] > q[1]);
  const a = swap ? q : p;
  const b = swap ? p : q;
  const da = nx * a[0] + ny * a[1] - c;
  const db = nx * b[0] + ny * b[1] - c;
  const t = da / (da - db);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/** Removes repeated consecutive vertices; returns null when fewer than 3 remain or the area is ~0. */
export function cleanRing(ring: Ring, minArea = 1e-6): Ring | null {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    out.push(p);
  }
  while (out.length > 1) {
    const first = out[0] as Vec2;
    const last = out[out.length - 1] as Vec2;
    if (first[0] === last[0] && first[1] === last[1]) out.pop();
    else break;
  }
  if (out.length < 3 || Math.abs(ringArea(out)) < minArea) return null;
  return out;
}

/**
 * Sutherland-Hodgman clip of a ring to the half-plane n·x <= c. Vertices exactly on the line are
 * kept by both a clip and its complement, so the two halves share them.
 */
export function clipHalfPlane(ring: Ring, nx: number, ny: number, c: number): Ring {
  const out: Ring = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const p = ring[i] as Vec2;
    const q = ring[(i + 1) % n] as Vec2;
    const dp = nx * p[0] + ny * p[1] - c;
    const dq = nx * q[0] + ny * q[1] - c;
    if (dp <= 0) out.push(p);
    if ((dp < 0 && dq > 0) || (dp > 0 && dq < 0)) out.push(intersectSegmentLine(p, q, nx, ny, c));
  }
  return out;
}

/** Clips a ring to a box; null when nothing is left. */
export function clipRingToBox(ring: Ring, b: Box): Ring | null {
  let r = clipHalfPlane(ring, -1, 0, -b.minX);
  r = clipHalfPlane(r, 1, 0, b.maxX);
  r = clipHalfPlane(r, 0, -1, -b.minY);
  r = clipHalfPlane(r, 0, 1, b.maxY);
  return cleanRing(r);
}

/** Splits a (convex) ring by the line n·x = c into [n·x <= c part, n·x >= c part]; either may be null. */
export function splitByLine(ring: Ring, nx: number, ny: number, c: number): [Ring | null, Ring | null] {
  return [cleanRing(clipHalfPlane(ring, nx, ny, c)), cleanRing(clipHalfPlane(ring, -nx, -ny, -c))];
}

/** The part of a (convex) ring between the lines n·x = c0 and n·x = c1 (c0 < c1); null if empty. */
export function clipBand(ring: Ring, nx: number, ny: number, c0: number, c1: number): Ring | null {
  const r = clipHalfPlane(ring, -nx, -ny, -c0);
  return cleanRing(clipHalfPlane(r, nx, ny, c1));
}

/** Intersection of the lines n1·x = c1 and n2·x = c2 (null when parallel). */
export function intersectLines(
  n1x: number,
  n1y: number,
  c1: number,
  n2x: number,
  n2y: number,
  c2: number,
): Vec2 | null {
  const det = n1x * n2y - n1y * n2x;
  if (Math.abs(det) < 1e-12) return null;
  return [(c1 * n2y - c2 * n1y) / det, (n1x * c2 - n2x * c1) / det];
}

/** Even-odd point-in-ring test. */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i] as Vec2;
    const b = ring[j] as Vec2;
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** Point-in-polygon (inside the outer ring and outside every hole). */
export function pointInPoly(x: number, y: number, p: Poly): boolean {
  if (!pointInRing(x, y, p.outer)) return false;
  for (const h of p.holes) if (pointInRing(x, y, h)) return false;
  return true;
}

/**
 * Signed distance from a point to the boundary of a convex counter-clockwise ring: positive
 * inside (the distance to the nearest edge line), negative outside.
 */
export function convexInsideDistance(x: number, y: number, ring: Ring): number {
  let d = Infinity;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Vec2;
    const b = ring[(i + 1) % n] as Vec2;
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const len = Math.hypot(ex, ey);
    if (len === 0) continue;
    const s = (ex * (y - a[1]) - ey * (x - a[0])) / len;
    if (s < d) d = s;
  }
  return d;
}

/** Convex hull (monotone chain), counter-clockwise. */
export function convexHull(points: readonly Vec2[]): Ring {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Vec2, a: Vec2, b: Vec2): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Vec2[] = [];
  for (const p of pts) {
    while (
      lower.length >= 2 &&
      cross(lower[lower.length - 2] as Vec2, lower[lower.length - 1] as Vec2, p) <= 0
    )
      lower.pop();
    lower.push(p);
  }
  const upper: Vec2[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i] as Vec2;
    while (
      upper.length >= 2 &&
      cross(upper[upper.length - 2] as Vec2, upper[upper.length - 1] as Vec2, p) <= 0
    )
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/** The four corners (counter-clockwise) of a rectangle centred on (cx, cy) with unit axis (ax, ay). */
export function orientedRect(
  cx: number,
  cy: number,
  ax: number,
  ay: number,
  halfLength: number,
  halfWidth: number,
): Ring {
  const bx = -ay;
  const by = ax;
  return [
    [cx - ax * halfLength - bx * halfWidth, cy - ay * halfLength - by * halfWidth],
    [cx + ax * halfLength - bx * halfWidth, cy + ay * halfLength - by * halfWidth],
    [cx + ax * halfLength + bx * halfWidth, cy + ay * halfLength + by * halfWidth],
    [cx - ax * halfLength + bx * halfWidth, cy - ay * halfLength + by * halfWidth],
  ];
}

/** Index of the longest edge of a ring (edge i goes from vertex i to i + 1). */
export function longestEdge(ring: Ring): number {
  let best = 0;
  let bestLen = -1;
  for (let i = 0; i < ring.length; i++) {
    const a = vertex(ring, i);
    const b = vertex(ring, i + 1);
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len > bestLen) {
      bestLen = len;
      best = i;
    }
  }
  return best;
}

/** Unit direction of edge i of a ring. */
export function edgeDirection(ring: Ring, i: number): Vec2 {
  const a = vertex(ring, i);
  const b = vertex(ring, i + 1);
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
}

/** Extent of a ring's vertices projected on a unit axis: [min, max] of a·v. */
export function projectRing(ring: Ring, ax: number, ay: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [x, y] of ring) {
    const s = ax * x + ay * y;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  return [lo, hi];
}
