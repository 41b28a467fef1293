/**
 * Union of neighbouring pieces of a partition (wood cells, canal pieces) into whole polygons,
 * the way real OCS2D dissolves neighbours of one class. Works by edge cancellation: an edge walked
 * a->b by one piece and b->a by its neighbour is interior and disappears; the edges left are
 * chained into rings. Needs exactly shared vertices (run `insertSharedVertices` first).
 */
import { orient, type Poly, pointInRing, type Ring, ringArea, type Vec2 } from './geometry';

/** Dissolves counter-clockwise rings that share edges into polygons (with holes where enclosed). */
export function unionRings(rings: readonly Ring[]): Poly[] {
  const k = (p: Vec2): string => `${p[0]},${p[1]}`;
  const edges = new Map<string, { a: Vec2; b: Vec2 }>();
  for (const ring of rings) {
    const r = orient(ring, true);
    for (let i = 0; i < r.length; i++) {
      const a = r[i] as Vec2;
      const b = r[(i + 1) % r.length] as Vec2;
      const fwd = `${k(a)}>${k(b)}`;
      const back = `${k(b)}>${k(a)}`;
      if (edges.has(back)) edges.delete(back);
      else edges.set(fwd, { a, b });
    }
  }
  const byStart = new Map<string, { a: Vec2; b: Vec2 }[]>();
  for (const e of edges.values()) {
    const s = k(e.a);
    const list = byStart.get(s);
    if (list) list.push(e);
    else byStart.set(s, [e]);
  }
  const used = new Set<{ a: Vec2; b: Vec2 }>();
  const outers: Ring[] = [];
  const holes: Ring[] = [];
  for (const start of edges.values()) {
    if (used.has(start)) continue;
    const ring: Ring = [];
    let e: { a: Vec2; b: Vec2 } | undefined = start;
    while (e && !used.has(e)) {
      used.add(e);
      ring.push(e.a);
      const next: { a: Vec2; b: Vec2 }[] = byStart.get(k(e.b)) ?? [];
      e = next.find((n) => !used.has(n));
    }
    if (ring.length < 3) continue;
    const area = ringArea(ring);
    if (Math.abs(area) < 1e-6) continue;
    (area > 0 ? outers : holes).push(ring);
  }
  const polys: Poly[] = outers.map((outer) => ({ outer, holes: [] }));
  for (const h of holes) {
    const p = h[0] as Vec2;
    // A hole belongs to the smallest outer ring that contains one of its vertices.
    let best: Poly | undefined;
    let bestArea = Infinity;
    for (const poly of polys) {
      const a = ringArea(poly.outer);
      if (a < bestArea && ringContainsRing(poly.outer, h, p)) {
        best = poly;
        bestArea = a;
      }
    }
    best?.holes.push(h);
  }
  return polys;
}

function ringContainsRing(outer: Ring, hole: Ring, first: Vec2): boolean {
  // Hole vertices lie on the outer ring where they touch it; test a point just inside the hole.
  const n = hole.length;
  for (let i = 0; i < n; i++) {
    const a = hole[i] as Vec2;
    const b = hole[(i + 1) % n] as Vec2;
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    // Clockwise hole: its interior is on the right of each edge; step 1 mm to the left (outside it).
    const px = mx - ((b[1] - a[1]) / len) * 1e-3;
    const py = my + ((b[0] - a[0]) / len) * 1e-3;
    return pointInRing(px, py, outer);
  }
  return pointInRing(first[0], first[1], outer);
}
