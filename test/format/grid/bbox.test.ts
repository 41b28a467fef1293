import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bboxContains,
  bboxIntersection,
  bboxToTileRange,
  HAUTS_DE_FRANCE_BBOX,
  isValidBbox,
  lonLatToTile,
  tileRangeCount,
  tileToBbox,
} from '../../../format/grid';

describe('web mercator tile addressing in degrees', () => {
  it('puts Villeneuve-d’Ascq in the known z16 tile', () => {
    // 3.14°E 50.62°N: x = floor((183.14/360)·65536) = 33339, y = floor(22049.46) (computed independently).
    expect(lonLatToTile(3.14, 50.62, 16)).toEqual({ z: 16, x: 33339, y: 22049 });
  });

  it('a point lies inside the extent of the tile that contains it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179.999, max: 179.999, noNaN: true }),
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.integer({ min: 0, max: 22 }),
        (lon, lat, z) => {
          const [w, s, e, n] = tileToBbox(lonLatToTile(lon, lat, z));
          const eps = 1e-9;
          return lon >= w - eps && lon <= e + eps && lat >= s - eps && lat <= n + eps;
        },
      ),
    );
  });

  it('counts the tiles covering an extent', () => {
    const r = bboxToTileRange([3.13, 50.61, 3.15, 50.62], 16);
    expect(r.maxX - r.minX).toBeGreaterThanOrEqual(3);
    expect(tileRangeCount(r)).toBe((r.maxX - r.minX + 1) * (r.maxY - r.minY + 1));
    expect(tileRangeCount(bboxToTileRange([-180, -85, 180, 85], 2))).toBe(16);
  });
});

describe('extents', () => {
  it('the Hauts-de-France extent is valid and contains Lille and Amiens', () => {
    expect(isValidBbox(HAUTS_DE_FRANCE_BBOX)).toBe(true);
    expect(bboxContains(HAUTS_DE_FRANCE_BBOX, [3.06, 50.63, 3.07, 50.64])).toBe(true);
    expect(bboxContains(HAUTS_DE_FRANCE_BBOX, [2.29, 49.89, 2.3, 49.9])).toBe(true);
  });

  it('rejects inverted, out-of-range or non-finite extents', () => {
    expect(isValidBbox([3, 50, 2, 51])).toBe(false);
    expect(isValidBbox([2, 51, 3, 50])).toBe(false);
    expect(isValidBbox([-200, 0, 0, 1])).toBe(false);
    expect(isValidBbox([0, 0, Number.NaN, 1])).toBe(false);
    expect(isValidBbox([0, 0, 1])).toBe(false);
  });

  it('intersects extents', () => {
    expect(bboxIntersection([0, 0, 2, 2], [1, 1, 3, 3])).toEqual([1, 1, 2, 2]);
    expect(bboxIntersection([0, 0, 1, 1], [2, 2, 3, 3])).toBeNull();
  });
});
