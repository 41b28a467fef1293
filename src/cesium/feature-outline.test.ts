import { VectorTile } from '@mapbox/vector-tile';
import type { Feature } from 'geojson';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { lonLatToTile, type TileAddress, tileToBbox } from '../../format/grid';
import { vectorTiles } from '../../tiling/vector/tiles';
import { clipSegment, featureKey, featureOutline } from './feature-outline';

const Z = 16;

/** A lon/lat rectangle as a GeoJSON polygon feature. */
function rect(id: string, w: number, s: number, e: number, n: number): Feature {
  return {
    type: 'Feature',
    properties: { id, cs: 'CS1.1.1' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
  };
}

/** The real tiler's z16 tiles of `features`, decoded, served like the viewer's source. */
function tilesOf(features: Feature[]) {
  const tiles = new Map<string, VectorTile>();
  for (const t of vectorTiles({ ocs2d: features }, { minZoom: Z, maxZoom: Z, bounds: [2, 50, 4, 51] }))
    tiles.set(`${t.z}/${t.x}/${t.y}`, new VectorTile(new PbfReader(t.bytes)));
  const read: TileAddress[] = [];
  const getTile = async (t: TileAddress) => {
    read.push(t);
    return tiles.get(`${t.z}/${t.x}/${t.y}`) ?? null;
  };
  return { getTile, read };
}

/** Pairs of a flat [lon, lat, …] line. */
const pointsOf = (line: number[]) =>
  Array.from({ length: line.length / 2 }, (_, i) => [line[2 * i], line[2 * i + 1]] as [number, number]);

/** Length of the lines in (scaled) degrees: longitude × cos(lat) so both axes weigh alike. */
function lengthOf(lines: number[][], lat: number): number {
  const k = Math.cos((lat * Math.PI) / 180);
  let sum = 0;
  for (const line of lines) {
    const p = pointsOf(line);
    for (let i = 1; i < p.length; i++) {
      const [a, b] = [p[i - 1] as [number, number], p[i] as [number, number]];
      sum += Math.hypot((b[0] - a[0]) * k, b[1] - a[1]);
    }
  }
  return sum;
}

describe('featureOutline', () => {
  // The corner shared by four z16 tiles near Villeneuve-d'Ascq.
  const t = lonLatToTile(3.12, 50.615, Z);
  const [, south, east] = tileToBbox(t);
  const [w, s, e, n] = [east - 0.0012, south - 0.0008, east + 0.0009, south + 0.0007];
  const square = rect('across', w, s, e, n);
  const other = rect('beside', e + 0.0002, s, e + 0.0006, n);

  it('a polygon over four tiles is outlined along its own edges only, all the way round', async () => {
    const { getTile, read } = tilesOf([square, other]);
    const lines = await featureOutline(getTile, Z, w + 0.0001, n - 0.0001, 'ocs2d', 'id:across');
    expect(read.length).toBeGreaterThanOrEqual(4);
    // Every vertex lies on the rectangle's boundary: no line of the tiler's cuts, no other feature.
    const tol = 3e-6;
    for (const line of lines)
      for (const [lon, lat] of pointsOf(line)) {
        const onEdge =
          Math.abs(lon - w) < tol ||
          Math.abs(lon - e) < tol ||
          Math.abs(lat - s) < tol ||
          Math.abs(lat - n) < tol;
        expect(onEdge, `${lon},${lat} on the rectangle's edge`).toBe(true);
        expect(lon).toBeGreaterThan(w - tol);
        expect(lon).toBeLessThan(e + tol);
      }
    // One line per tile: each holds one corner of the rectangle, in one piece.
    expect(lines).toHaveLength(4);
    // The whole perimeter is there (the pieces of the four tiles add up).
    const k = Math.cos((50.615 * Math.PI) / 180);
    const perimeter = 2 * ((e - w) * k + (n - s));
    expect(lengthOf(lines, 50.615)).toBeGreaterThan(perimeter * 0.99);
    expect(lengthOf(lines, 50.615)).toBeLessThan(perimeter * 1.01);
  });

  it('a polygon inside one tile is one closed line read from that tile alone', async () => {
    const [tw, ts, te, tn] = tileToBbox(t);
    const inner = rect(
      'inner',
      tw + (te - tw) * 0.3,
      ts + (tn - ts) * 0.3,
      tw + (te - tw) * 0.6,
      ts + (tn - ts) * 0.6,
    );
    const { getTile, read } = tilesOf([inner]);
    const lines = await featureOutline(getTile, Z, (tw + te) / 2, (ts + tn) / 2, 'ocs2d', 'id:inner');
    expect(read).toHaveLength(1);
    expect(lines).toHaveLength(1);
    const p = pointsOf(lines[0] as number[]);
    expect(p[0]?.[0]).toBeCloseTo(p[p.length - 1]?.[0] as number, 9);
    expect(p[0]?.[1]).toBeCloseTo(p[p.length - 1]?.[1] as number, 9);
  });

  it('no feature of that key gives no line', async () => {
    const { getTile } = tilesOf([square]);
    expect(await featureOutline(getTile, Z, w + 0.0001, n - 0.0001, 'ocs2d', 'id:nothing')).toEqual([]);
    expect(await featureOutline(getTile, Z, w + 0.0001, n - 0.0001, 'changes', 'id:across')).toEqual([]);
  });
});

describe('featureKey and clipSegment', () => {
  it('the id names a feature; without one, all its attributes do, in any order', () => {
    expect(featureKey({ id: 12, cs: 'x' })).toBe('id:12');
    expect(featureKey({ a: 1, b: 'x' })).toBe(featureKey({ b: 'x', a: 1 }));
    expect(featureKey({ a: 1 })).not.toBe(featureKey({ a: 2 }));
  });
  it('a segment is cut at the tile square; one outside is dropped', () => {
    expect(clipSegment({ x: -64, y: 10 }, { x: 100, y: 10 }, 4096)).toEqual([
      { x: 0, y: 10 },
      { x: 100, y: 10 },
    ]);
    expect(clipSegment({ x: -64, y: 10 }, { x: -64, y: 500 }, 4096)).toBeNull();
  });
});
