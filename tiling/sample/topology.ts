/**
 * Makes the scene's partition topologically clean: where a vertex of one polygon lies on an edge
 * of its neighbour (a "T-junction", left by splitting one side of a shared edge), the vertex is
 * inserted into the neighbour's edge too. Then shared edges have the same vertex sequence on both
 * sides, so rounding coordinates for output (GeoJSON at the millimetre) moves both sides
 * identically and no sliver gap or overlap appears, as in a real OCS2D partition.
 */
import { cleanRing, type Ring, type Vec2 } from './geometry';

const CELL = 8;
const EPS = 1e-6;

/**
 * Replaces vertices closer than `tolerance` metres to an earlier vertex by that vertex (corners
 * computed from different but coincident lines differ in the last bits), then drops repeated ones.
 */
export function weldVertices(rings: Ring[], tolerance = 1e-6): Ring[] {
  const cell = tolerance * 4;
  const grid = new Map<string, Vec2[]>();
  const canonical = (p: Vec2): Vec2 => {
    const cx = Math.floor(p[0] / cell);
    const cy = Math.floor(p[1] / cell);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const list = grid.get(`${cx + dx},${cy + dy}`);
        if (!list) continue;
        for (const q of list)
          if (Math.abs(q[0] - p[0]) <= tolerance && Math.abs(q[1] - p[1]) <= tolerance) return q;
      }
    const k = `${cx},${cy}`;
    const list = grid.get(k);
    if (list) list.push(p);
    else grid.set(k, [p]);
    return p;
  };
  return rings.map((r) => cleanRing(r.map(canonical), 0) ?? r.map(canonical));
}

/** Inserts, into every ring, the vertices of all rings that lie strictly inside one of its edges. */
export function insertSharedVertices(rings: Ring[]): Ring[] {
  const grid = new Map<number, Vec2[]>();
  const seen = new Set<string>();
  const key = (cx: number, cy: number): number => (cx + 4096) * 8192 + (cy + 4096);
  for (const r of rings)
    for (const p of r) {
      const k = `${p[0]},${p[1]}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const gk = key(Math.floor(p[0] / CELL), Math.floor(p[1] / CELL));
      const list = grid.get(gk);
      if (list) list.push(p);
      else grid.set(gk, [p]);
    }
  return rings.map((ring) => {
    const out: Ring = [];
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const a = ring[i] as Vec2;
      const b = ring[(i + 1) % n] as Vec2;
      out.push(a);
      const ex = b[0] - a[0];
      const ey = b[1] - a[1];
      const len2 = ex * ex + ey * ey;
      if (len2 === 0) continue;
      const len = Math.sqrt(len2);
      const found: { t: number; p: Vec2 }[] = [];
      const x0 = Math.floor((Math.min(a[0], b[0]) - EPS) / CELL);
      const x1 = Math.floor((Math.max(a[0], b[0]) + EPS) / CELL);
      const y0 = Math.floor((Math.min(a[1], b[1]) - EPS) / CELL);
      const y1 = Math.floor((Math.max(a[1], b[1]) + EPS) / CELL);
      for (let cx = x0; cx <= x1; cx++)
        for (let cy = y0; cy <= y1; cy++) {
          // Skip cells the segment cannot touch (long diagonal edges span many empty cells).
          const mx = (cx + 0.5) * CELL;
          const my = (cy + 0.5) * CELL;
          if (Math.abs(ex * (my - a[1]) - ey * (mx - a[0])) / len > CELL) continue;
          const list = grid.get(key(cx, cy));
          if (!list) continue;
          for (const p of list) {
            if ((p[0] === a[0] && p[1] === a[1]) || (p[0] === b[0] && p[1] === b[1])) continue;
            const t = ((p[0] - a[0]) * ex + (p[1] - a[1]) * ey) / len2;
            if (t <= 0 || t >= 1) continue;
            const d = Math.abs(ex * (p[1] - a[1]) - ey * (p[0] - a[0])) / len;
            if (d < EPS) found.push({ t, p });
          }
        }
      if (found.length > 0) {
        found.sort((u, v) => u.t - v.t);
        for (const f of found) out.push(f.p);
      }
    }
    return out;
  });
}
