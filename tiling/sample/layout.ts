/**
 * The sample's large-scale layout: a jittered, slightly rotated quad grid whose cells are town
 * blocks, fields, a wood or a park, with road corridors between them, and a canal cutting across.
 *
 * Roads are not drawn on top of blocks: each block is its grid quad *inset* by half the road width
 * on each side, and the space between insets is cut into road pieces (one per grid edge, one per
 * grid node). Block corners are computed once and reused by the road pieces, so blocks and roads
 * tile the plane exactly. Edges between fields or woods get width 0 (no road).
 */
import {
  type Box,
  clipBand,
  clipRingToBox,
  intersectLines,
  projectRing,
  type Ring,
  ringArea,
  ringCentroid,
  splitByLine,
  type Vec2,
} from './geometry';
import { createRng } from './prng';

/** What a grid cell becomes. */
export type Zone = 'house' | 'townhouse' | 'apartments' | 'activity' | 'park' | 'field' | 'wood';

/** One grid cell that intersects the area. */
export interface Cell {
  index: number;
  i: number;
  j: number;
  zone: Zone;
  /** Urban score (high = town centre side). */
  score: number;
  /** Area of the cell's block inside the area, m². */
  area: number;
  /** Indices of the 4-neighbour cells that intersect the area. */
  neighbours: number[];
}

/** Road categories: a main road (with a bridge over the canal), a town street, a country lane. */
export type RoadClass = 'main' | 'street' | 'lane';

/** A piece of the layout partition. */
export interface Piece {
  ring: Ring;
  role: 'block' | 'road' | 'junction' | 'canal' | 'towpath' | 'canalBank';
  /** The cell a block piece belongs to. */
  cell?: number;
  /** True when the canal cut this block piece (it lies along the canal). */
  cut?: boolean;
  /** For road and junction pieces. */
  road?: { cls: RoadClass; ox: number; oy: number; ax: number; ay: number; halfWidth: number };
  /** For canal pieces: the canal axis (towpath and bank painting). */
  axis?: Vec2;
  /** For canal band pieces: the point of the band's middle line nearest the origin. */
  middle?: Vec2;
}

/** The canal: centre line n·x = c in the local frame; bands are offsets along n, metres. */
export interface Canal {
  nx: number;
  ny: number;
  c: number;
  /** Water from -waterHalfWidth to +waterHalfWidth. */
  waterHalfWidth: number;
  bands: { from: number; to: number; role: 'canal' | 'towpath' | 'canalBank' }[];
}

/** The layout of an area of `size` metres. */
export interface Layout {
  size: number;
  cells: Cell[];
  pieces: Piece[];
  canal: Canal;
  /** Unit vector pointing from the fields towards the town. */
  urbanDir: Vec2;
  /** Grid spacing, metres. */
  spacing: number;
}

const HALF_WIDTH: Record<RoadClass, number> = { main: 7.5, street: 4.5, lane: 3 };

/** Builds the layout for a seed and an area of `size` x `size` metres (local frame, origin SW). */
export function buildLayout(seed: number, size: number): Layout {
  const rng = createRng(seed, 'layout');
  const target = Math.min(125, Math.max(66, size / 4));
  const n = Math.max(3, Math.round(size / target));
  const g = size / n;
  const nodes = n + 5;
  const phx = rng.range(0.3, 0.7);
  const phy = rng.range(0.3, 0.7);
  const theta = rng.range(-0.18, 0.18);
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const mid = size / 2;
  const node: Vec2[] = [];
  for (let j = 0; j < nodes; j++)
    for (let i = 0; i < nodes; i++) {
      const u = (i - 2 + phx) * g - mid + rng.range(-0.15, 0.15) * g;
      const v = (j - 2 + phy) * g - mid + rng.range(-0.15, 0.15) * g;
      node.push([mid + u * cos - v * sin, mid + u * sin + v * cos]);
    }
  const N = (i: number, j: number): Vec2 => node[j * nodes + i] as Vec2;
  const box: Box = { minX: 0, minY: 0, maxX: size, maxY: size };
  const cellsAcross = nodes - 1;
  const quad = (i: number, j: number): Ring => [N(i, j), N(i + 1, j), N(i + 1, j + 1), N(i, j + 1)];

  // Zoning: cells nearest the town side become urban until they cover ~45 % of the area.
  const angle = rng.range(0, Math.PI * 2);
  const urbanDir: Vec2 = [Math.cos(angle), Math.sin(angle)];
  const cellAt = new Map<number, Cell>();
  const cells: Cell[] = [];
  for (let j = 0; j < cellsAcross; j++)
    for (let i = 0; i < cellsAcross; i++) {
      const clipped = clipRingToBox(quad(i, j), box);
      if (!clipped) continue;
      const c = ringCentroid(quad(i, j));
      const score = ((c[0] - mid) * urbanDir[0] + (c[1] - mid) * urbanDir[1]) / size + 0.06 * rng.gauss();
      const cell: Cell = {
        index: cells.length,
        i,
        j,
        zone: 'field',
        score,
        area: ringArea(clipped),
        neighbours: [],
      };
      cells.push(cell);
      cellAt.set(j * cellsAcross + i, cell);
    }
  for (const c of cells)
    for (const [di, dj] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      const nb = cellAt.get((c.j + dj) * cellsAcross + (c.i + di));
      if (nb) c.neighbours.push(nb.index);
    }
  assignZones(cells, size, g, rng);

  // Canal: roughly along the town-fields direction so that it crosses both.
  const canalAngle = angle + rng.range(-0.5, 0.5);
  const along: Vec2 = [Math.cos(canalAngle), Math.sin(canalAngle)];
  const canalN: Vec2 = [-along[1], along[0]];
  const offset = rng.range(-0.12, 0.12) * size;
  const canal: Canal = {
    nx: canalN[0],
    ny: canalN[1],
    c: canalN[0] * mid + canalN[1] * mid + offset,
    waterHalfWidth: 9,
    bands: [
      { from: -15, to: -9, role: 'canalBank' },
      { from: -9, to: 9, role: 'canal' },
      { from: 9, to: 13.5, role: 'towpath' },
      { from: 13.5, to: 17, role: 'canalBank' },
    ],
  };

  // Road widths per grid edge, from the zones on both sides.
  const mainLine = 2 + Math.floor(n / 2) + (rng.chance(0.5) ? 0 : -1);
  const mainVertical = rng.chance(0.5);
  const laneLine = 2 + rng.int(n);
  const zoneOf = (i: number, j: number): Zone | null => cellAt.get(j * cellsAcross + i)?.zone ?? null;
  const isUrban = (z: Zone | null): boolean => z !== null && z !== 'field' && z !== 'wood';
  const edgeClass = (a: Zone | null, b: Zone | null, line: number, vertical: boolean): RoadClass | null => {
    if (vertical === mainVertical && line === mainLine) return 'main';
    if (isUrban(a) || isUrban(b)) {
      if (a === 'park' && b === 'park') return null;
      return 'street';
    }
    if (vertical !== mainVertical && line === laneLine) return 'lane';
    return null;
  };
  // H(i, j): from N(i, j) to N(i+1, j), between cells (i, j-1) and (i, j).
  const hClass = (i: number, j: number): RoadClass | null =>
    edgeClass(zoneOf(i, j - 1), zoneOf(i, j), j, false);
  // V(i, j): from N(i, j) to N(i, j+1), between cells (i-1, j) and (i, j).
  const vClass = (i: number, j: number): RoadClass | null =>
    edgeClass(zoneOf(i - 1, j), zoneOf(i, j), i, true);
  const hw = (cls: RoadClass | null): number => (cls ? HALF_WIDTH[cls] : 0);

  // Inset corners of every cell, computed once (k: 0 SW, 1 SE, 2 NE, 3 NW in grid terms).
  const corners = new Map<number, Vec2[]>();
  const offsetLine = (p: Vec2, q: Vec2, d: number): [number, number, number] => {
    const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
    const nx = -(q[1] - p[1]) / len;
    const ny = (q[0] - p[0]) / len;
    return [nx, ny, nx * p[0] + ny * p[1] + d];
  };
  const cornersOf = (i: number, j: number): Vec2[] => {
    const key = j * cellsAcross + i;
    const hit = corners.get(key);
    if (hit) return hit;
    const bottom = offsetLine(N(i, j), N(i + 1, j), hw(hClass(i, j)));
    const right = offsetLine(N(i + 1, j), N(i + 1, j + 1), hw(vClass(i + 1, j)));
    const top = offsetLine(N(i + 1, j + 1), N(i, j + 1), hw(hClass(i, j + 1)));
    const left = offsetLine(N(i, j + 1), N(i, j), hw(vClass(i, j)));
    const x = (a: [number, number, number], b: [number, number, number]): Vec2 =>
      intersectLines(a[0], a[1], a[2], b[0], b[1], b[2]) ?? [0, 0];
    const cs = [x(left, bottom), x(bottom, right), x(right, top), x(top, left)];
    corners.set(key, cs);
    return cs;
  };
  const corner = (i: number, j: number, k: number): Vec2 => cornersOf(i, j)[k] as Vec2;

  const raw: Piece[] = [];
  for (const c of cells) raw.push({ ring: cornersOf(c.i, c.j), role: 'block', cell: c.index });
  const roadFrame = (p: Vec2, q: Vec2, cls: RoadClass): NonNullable<Piece['road']> => {
    const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
    return {
      cls,
      ox: p[0],
      oy: p[1],
      ax: (q[0] - p[0]) / len,
      ay: (q[1] - p[1]) / len,
      halfWidth: HALF_WIDTH[cls],
    };
  };
  const rank: Record<RoadClass, number> = { lane: 1, street: 2, main: 3 };
  // Where a road runs through a node with no crossing road, the grid line across it is bent at
  // the node: the road piece's end follows it through the node itself (a straight end from corner
  // to corner could cross its neighbour's), and no junction piece is needed.
  const noCrossV = (i: number, j: number): boolean => !vClass(i, j - 1) && !vClass(i, j);
  const noCrossH = (i: number, j: number): boolean => !hClass(i - 1, j) && !hClass(i, j);
  const inRange = (i: number, j: number): boolean => i > 0 && j > 0 && i < cellsAcross && j < cellsAcross;
  for (let j = 1; j < cellsAcross; j++)
    for (let i = 0; i < cellsAcross; i++) {
      const cls = hClass(i, j);
      if (!cls) continue;
      const ring = [corner(i, j - 1, 3), corner(i, j - 1, 2)];
      if (inRange(i + 1, j) && noCrossV(i + 1, j)) ring.push(N(i + 1, j));
      ring.push(corner(i, j, 1), corner(i, j, 0));
      if (inRange(i, j) && noCrossV(i, j)) ring.push(N(i, j));
      raw.push({ ring, role: 'road', road: roadFrame(N(i, j), N(i + 1, j), cls) });
    }
  for (let j = 0; j < cellsAcross; j++)
    for (let i = 1; i < cellsAcross; i++) {
      const cls = vClass(i, j);
      if (!cls) continue;
      const ring = [corner(i - 1, j, 1)];
      if (inRange(i, j) && noCrossH(i, j)) ring.push(N(i, j));
      ring.push(corner(i, j, 0), corner(i, j, 3));
      if (inRange(i, j + 1) && noCrossH(i, j + 1)) ring.push(N(i, j + 1));
      ring.push(corner(i - 1, j, 2));
      raw.push({ ring, role: 'road', road: roadFrame(N(i, j), N(i, j + 1), cls) });
    }
  for (let j = 1; j < cellsAcross; j++)
    for (let i = 1; i < cellsAcross; i++) {
      if (noCrossV(i, j) || noCrossH(i, j)) continue;
      const incident = [hClass(i - 1, j), hClass(i, j), vClass(i, j - 1), vClass(i, j)];
      let best: RoadClass | null = null;
      for (const cls of incident) if (cls && (!best || rank[cls] > rank[best])) best = cls;
      if (!best) continue;
      const ring = [corner(i - 1, j - 1, 2), corner(i, j - 1, 3), corner(i, j, 0), corner(i - 1, j, 1)];
      const p = N(i, j);
      raw.push({ ring, role: 'junction', road: { ...roadFrame(p, [p[0] + 1, p[1]], best) } });
    }

  // Clip to the area, then cut by the canal (the main road crosses it on a bridge).
  const pieces: Piece[] = [];
  const [lo, hi] = [canal.bands[0]?.from ?? 0, canal.bands[canal.bands.length - 1]?.to ?? 0];
  for (const piece of raw) {
    const ring = clipRingToBox(piece.ring, box);
    if (!ring) continue;
    const bridge = piece.road?.cls === 'main';
    const [pmin, pmax] = projectRing(ring, canal.nx, canal.ny);
    if (bridge || pmax <= canal.c + lo || pmin >= canal.c + hi) {
      pieces.push({ ...piece, ring });
      continue;
    }
    const [below, rest] = splitByLine(ring, canal.nx, canal.ny, canal.c + lo);
    const [, above] = rest ? splitByLine(rest, canal.nx, canal.ny, canal.c + hi) : [null, null];
    for (const part of [below, above]) {
      if (!part) continue;
      const small = piece.role === 'block' && Math.abs(ringArea(part)) < 300;
      pieces.push(
        small ? { ring: part, role: 'canalBank', axis: along } : { ...piece, ring: part, cut: true },
      );
    }
    for (const band of canal.bands) {
      const part = clipBand(ring, canal.nx, canal.ny, canal.c + band.from, canal.c + band.to);
      const m = canal.c + (band.from + band.to) / 2;
      if (part)
        pieces.push({ ring: part, role: band.role, axis: along, middle: [canal.nx * m, canal.ny * m] });
    }
  }
  return { size, cells, pieces, canal, urbanDir, spacing: g };
}

/** Gives every cell a zone: town on the high-score side, then a wood far from it, fields elsewhere. */
function assignZones(cells: Cell[], size: number, g: number, rng: ReturnType<typeof createRng>): void {
  const total = size * size;
  const byScore = [...cells].sort((a, b) => b.score - a.score || a.index - b.index);
  let acc = 0;
  const urban: Cell[] = [];
  for (const c of byScore) {
    if (acc >= 0.45 * total && urban.length >= 2) break;
    c.zone = 'house';
    urban.push(c);
    acc += c.area;
  }
  const rural = byScore.filter((c) => c.zone === 'field');
  // The wood grows from the rural cell farthest from town, through neighbours, to ~10 % of the area.
  const seedCell = [...rural].reverse().find((c) => c.area > 0.3 * g * g) ?? rural[rural.length - 1];
  if (seedCell) {
    const queue = [seedCell];
    let woodArea = 0;
    while (queue.length > 0 && woodArea < 0.1 * total) {
      const c = queue.shift() as Cell;
      if (c.zone !== 'field') continue;
      c.zone = 'wood';
      woodArea += c.area;
      for (const k of c.neighbours) {
        const nb = cells[k];
        if (nb && nb.zone === 'field') queue.push(nb);
      }
    }
  }
  const big = urban.filter((c) => c.area > 0.5 * g * g);
  const pickFrom = (list: Cell[]): Cell | undefined => list.find((c) => c.zone === 'house');
  if (big.length >= 3) {
    const park = pickFrom([...big].sort((a, b) => a.score - b.score).slice(Math.floor(big.length / 2)));
    if (park) park.zone = 'park';
  }
  if (big.length >= 5) {
    const activity = pickFrom([...big].sort((a, b) => a.score - b.score));
    if (activity) activity.zone = 'activity';
  }
  if (big.length >= 7) {
    const apartments = pickFrom([...big].sort((a, b) => b.score - a.score));
    if (apartments) apartments.zone = 'apartments';
  }
  for (const c of urban) if (c.zone === 'house' && c.score > 0.2 && rng.chance(0.45)) c.zone = 'townhouse';
}
