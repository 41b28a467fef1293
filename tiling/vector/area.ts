/**
 * Planar areas and clipping in a projected CRS (Lambert-93 metres). Official OCS2D and ENAF
 * figures are planar Lambert-93 areas, so these are the twin's figures too. Pure. The area itself
 * (shoelace, holes subtracted) is the contract's, format/area.ts: the server's review items use it.
 */
import type { Position } from 'geojson';

import { ringSignedArea } from '../../format/area';

export { multiPolygonArea, polygonArea, ringSignedArea } from '../../format/area';

/**
 * Clips a ring to an axis-aligned rectangle (Sutherland–Hodgman: the rectangle is convex, so the
 * clipped ring's area is the area of the ring inside the rectangle).
 */
export function clipRingToRect(
  ring: readonly Position[],
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
): Position[] {
  let out: Position[] = ring.map((p) => [p[0] as number, p[1] as number]);
  const edges: [(p: Position) => boolean, (a: Position, b: Position) => Position][] = [
    [(p) => (p[0] as number) >= minX, (a, b) => cutX(a, b, minX)],
    [(p) => (p[0] as number) <= maxX, (a, b) => cutX(a, b, maxX)],
    [(p) => (p[1] as number) >= minY, (a, b) => cutY(a, b, minY)],
    [(p) => (p[1] as number) <= maxY, (a, b) => cutY(a, b, maxY)],
  ];
  for (const [inside, cut] of edges) {
    const input = out;
    out = [];
    const n = input.length;
    if (n === 0) break;
    for (let i = 0; i < n; i++) {
      const cur = input[i] as Position;
      const prev = input[(i + n - 1) % n] as Position;
      const curIn = inside(cur);
      if (curIn) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cut(prev, cur));
    }
  }
  return out;
}

function cutX(a: Position, b: Position, x: number): Position {
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  return [x, ay + ((by - ay) * (x - ax)) / (bx - ax)];
}

function cutY(a: Position, b: Position, y: number): Position {
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  return [ax + ((bx - ax) * (y - ay)) / (by - ay), y];
}

/** Area of a polygon inside a rectangle, square metres. */
export function polygonAreaInRect(
  rings: readonly (readonly Position[])[],
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
): number {
  let area = 0;
  rings.forEach((ring, i) => {
    const a = Math.abs(ringSignedArea(clipRingToRect(ring, minX, minY, maxX, maxY)));
    area += i === 0 ? a : -a;
  });
  return Math.max(0, area);
}
