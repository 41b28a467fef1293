import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  groundResolutionMetres,
  lonLatToMercator,
  MERCATOR_HALF_EXTENT_METRES,
  maxZoomForResolution,
  mercatorExtentToTileRange,
  mercatorToLonLat,
  mercatorToPixel,
  mercatorToTile,
  pixelToMercator,
  quadkeyToZxy,
  tileAncestor,
  tileChildren,
  tileIdToZxy,
  tileParent,
  tileRangeCount,
  tileToLonLatBounds,
  tileToMercatorBounds,
  zxyToQuadkey,
  zxyToTileId,
} from '../../../format/grid';

const tileArb = (maxZ = 24) =>
  fc.integer({ min: 0, max: maxZ }).chain((z) =>
    fc.record({
      z: fc.constant(z),
      x: fc.integer({ min: 0, max: 2 ** z - 1 }),
      y: fc.integer({ min: 0, max: 2 ** z - 1 }),
    }),
  );

describe('WebMercatorQuad addressing', () => {
  it('a tile is found again from any point strictly inside its bounds', () => {
    fc.assert(
      fc.property(
        tileArb(),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (t, fx, fy) => {
          const b = tileToMercatorBounds(t);
          const x = b.minX + (b.maxX - b.minX) * fx;
          const y = b.minY + (b.maxY - b.minY) * fy;
          expect(mercatorToTile(x, y, t.z)).toEqual(t);
        },
      ),
    );
  });

  it('the children of a tile exactly tile its bounds and have it as parent', () => {
    fc.assert(
      fc.property(tileArb(23), (t) => {
        const b = tileToMercatorBounds(t);
        const kids = tileChildren(t);
        for (const k of kids) expect(tileParent(k)).toEqual(t);
        const tl = tileToMercatorBounds(kids[0]);
        const br = tileToMercatorBounds(kids[3]);
        const eps = 1e-9 * MERCATOR_HALF_EXTENT_METRES;
        expect(Math.abs(tl.minX - b.minX)).toBeLessThan(eps);
        expect(Math.abs(tl.maxY - b.maxY)).toBeLessThan(eps);
        expect(Math.abs(br.maxX - b.maxX)).toBeLessThan(eps);
        expect(Math.abs(br.minY - b.minY)).toBeLessThan(eps);
      }),
    );
  });

  it('quadkeys and tile ids round-trip and ancestors are quadkey prefixes', () => {
    fc.assert(
      fc.property(tileArb(), (t) => {
        expect(quadkeyToZxy(zxyToQuadkey(t))).toEqual(t);
        expect(tileIdToZxy(zxyToTileId(t))).toEqual(t);
        const z = Math.floor(t.z / 2);
        expect(zxyToQuadkey(t).startsWith(zxyToQuadkey(tileAncestor(t, z)))).toBe(true);
      }),
    );
  });

  it('tile ids are unique across zooms: consecutive ids name different tiles', () => {
    const seen = new Set<string>();
    for (let id = 0; id < 1365; id++) {
      const t = tileIdToZxy(id);
      const key = `${t.z}/${t.x}/${t.y}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(tileIdToZxy(1365)).toEqual({ z: 6, x: 0, y: 0 });
  });

  it('lon/lat <-> mercator and pixel <-> mercator round-trip', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179.9, max: 179.9, noNaN: true }),
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.integer({ min: 0, max: 24 }),
        (lon, lat, z) => {
          const [x, y] = lonLatToMercator(lon, lat);
          const [lon2, lat2] = mercatorToLonLat(x, y);
          expect(Math.abs(lon2 - lon)).toBeLessThan(1e-9);
          expect(Math.abs(lat2 - lat)).toBeLessThan(1e-9);
          const [px, py] = mercatorToPixel(x, y, z);
          const [x2, y2] = pixelToMercator(px, py, z);
          expect(Math.abs(x2 - x)).toBeLessThan(1e-6);
          expect(Math.abs(y2 - y)).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('tile 0/0/0 spans the whole Mercator square and the whole longitude range', () => {
    const b = tileToLonLatBounds({ z: 0, x: 0, y: 0 });
    expect(b.minX).toBeCloseTo(-180, 9);
    expect(b.maxX).toBeCloseTo(180, 9);
    expect(b.maxY).toBeCloseTo(85.0511287798, 8);
  });

  it('a range leaves out tiles that only touch the extent on an edge', () => {
    const t = { z: 10, x: 520, y: 340 };
    const r = mercatorExtentToTileRange(tileToMercatorBounds(t), 10);
    expect(r).toEqual({ z: 10, minX: 520, maxX: 520, minY: 340, maxY: 340 });
    expect(tileRangeCount(r)).toBe(1);
  });

  it('5 cm pixels at 50.6 deg N give zoom 21 (4.7 cm), 20 cm give 19', () => {
    const lat = (50.6 * Math.PI) / 180;
    expect(maxZoomForResolution(0.05, lat)).toBe(21);
    expect(groundResolutionMetres(21, lat)).toBeLessThan(0.05);
    expect(groundResolutionMetres(20, lat)).toBeGreaterThan(0.05);
    expect(maxZoomForResolution(0.2, lat)).toBe(19);
  });
});
