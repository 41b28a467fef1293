/**
 * The outline of one picked vector-tile feature as lon/lat polylines, gathered from every tile
 * of the finest level that holds a piece of it. No Cesium here (plain numbers): the binding
 * (pick-outline.tsx) turns the lines into ground polylines, and tests run it on real tiles.
 *
 * A polygon crossing tile edges is cut by the tiler (geojson-vt) at each tile's buffer, so one
 * tile's piece has artificial edges outside the tile. Each piece is clipped to its own tile
 * square: what lies outside is drawn by the neighbour that owns it, and the buffer's cut lines
 * disappear. Neighbours are visited while the feature reaches past a tile's edge.
 */
import type { VectorTile, VectorTileFeature } from '@mapbox/vector-tile';
import { lonLatToTile, type TileAddress } from '../../format/grid';

/** Most tiles read for one outline (a feature wider than this many tiles is outlined in part). */
export const OUTLINE_MAX_TILES = 49;

/** What {@link featureOutline} reads: a decoded tile, or null where the pyramid has none. */
export type GetTile = (t: TileAddress) => Promise<VectorTile | null>;

/** The identity of a feature across tiles: its `id` attribute, else all its attributes. */
export function featureKey(properties: Readonly<Record<string, unknown>>): string {
  if (properties.id !== undefined && properties.id !== null) return `id:${String(properties.id)}`;
  const keys = Object.keys(properties).sort();
  return `props:${JSON.stringify(keys.map((k) => [k, properties[k]]))}`;
}

type Point = { readonly x: number; readonly y: number };

/**
 * Clips segment a→b to the square [0, extent]² (Liang–Barsky). Null when it lies outside.
 */
export function clipSegment(a: Point, b: Point, extent: number): [Point, Point] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges: [number, number][] = [
    [-dx, a.x],
    [dx, extent - a.x],
    [-dy, a.y],
    [dy, extent - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  return [
    { x: a.x + t0 * dx, y: a.y + t0 * dy },
    { x: a.x + t1 * dx, y: a.y + t1 * dy },
  ];
}

/**
 * The parts of a feature's rings inside its tile's square, as polylines in tile units. A ring
 * wholly inside stays one closed line.
 */
export function clippedLines(rings: readonly (readonly Point[])[], extent: number): Point[][] {
  const lines: Point[][] = [];
  for (const ring of rings) {
    const from = lines.length;
    let current: Point[] | null = null;
    for (let i = 1; i < ring.length; i++) {
      const c = clipSegment(ring[i - 1] as Point, ring[i] as Point, extent);
      if (!c) {
        current = null;
        continue;
      }
      const last = current?.[current.length - 1];
      if (current && last && last.x === c[0].x && last.y === c[0].y) current.push(c[1]);
      else {
        current = [c[0], c[1]];
        lines.push(current);
      }
    }
    // A ring cut open where it starts: its last line runs on into its first.
    const first = lines[from];
    const last = lines[lines.length - 1];
    if (first && last && first !== last) {
      const end = last[last.length - 1] as Point;
      const start = first[0] as Point;
      if (end.x === start.x && end.y === start.y) {
        last.push(...first.slice(1));
        lines.splice(from, 1);
      }
    }
  }
  return lines;
}

/** A position in tile `t` (tile units of a tile of `extent`) in degrees. */
export function tileUnitsToLonLat(x: number, y: number, t: TileAddress, extent: number): [number, number] {
  const n = 2 ** t.z;
  const fx = t.x + x / extent;
  const fy = t.y + y / extent;
  const lon = (fx / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * fy) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/**
 * The outline of the feature of `layerName` whose {@link featureKey} is `key`, starting from the
 * finest tile (`maxZoom`) under lon/lat: polylines as flat `[lon0, lat0, lon1, lat1, …]` degrees.
 * Empty when the tile has no such feature.
 * @throws what `getTile` throws (HTTP errors, undecodable bytes).
 */
export async function featureOutline(
  getTile: GetTile,
  maxZoom: number,
  lon: number,
  lat: number,
  layerName: string,
  key: string,
): Promise<number[][]> {
  const start = lonLatToTile(lon, lat, maxZoom);
  const n = 2 ** maxZoom;
  const seen = new Set<string>([`${start.x}/${start.y}`]);
  const queue: TileAddress[] = [start];
  const out: number[][] = [];
  while (queue.length > 0) {
    const t = queue.shift() as TileAddress;
    const layer = (await getTile(t))?.layers[layerName];
    if (!layer) continue;
    const extent = layer.extent;
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < layer.length; i++) {
      const f: VectorTileFeature = layer.feature(i);
      if (f.type !== 3 || featureKey(f.properties) !== key) continue;
      const rings = f.loadGeometry();
      for (const ring of rings)
        for (const p of ring) {
          if (p.x < minX) minX = p.x;
          if (p.y < minY) minY = p.y;
          if (p.x > maxX) maxX = p.x;
          if (p.y > maxY) maxY = p.y;
        }
      for (const line of clippedLines(rings, extent))
        out.push(line.flatMap((p) => tileUnitsToLonLat(p.x, p.y, t, extent)));
    }
    if (minX > maxX) continue;
    // The feature reaches past this tile's square: its neighbours there hold the rest.
    const dxs = [minX < 0 ? -1 : 0, 0, maxX > extent ? 1 : 0];
    const dys = [minY < 0 ? -1 : 0, 0, maxY > extent ? 1 : 0];
    for (const dx of new Set(dxs))
      for (const dy of new Set(dys)) {
        const x = t.x + dx;
        const y = t.y + dy;
        const id = `${x}/${y}`;
        if (x < 0 || y < 0 || x >= n || y >= n || seen.has(id) || seen.size >= OUTLINE_MAX_TILES) continue;
        seen.add(id);
        queue.push({ z: t.z, x, y });
      }
  }
  return out;
}
