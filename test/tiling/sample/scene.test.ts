/**
 * The scene before anything is written: both vintages partition the area for several seeds and
 * sizes (each pixel centre in exactly one polygon, as the painter's label image needs), and the
 * layout depends on the seed.
 */
import { describe, expect, it } from 'vitest';
import { generateScene, scanPolygon } from '../../../tiling/sample';

describe('sample scene', () => {
  it.each([
    [200, 1],
    [400, 2],
    [600, 3],
    [400, 4242],
  ])('%i m, seed %i: every 25 cm pixel centre lies in exactly one polygon of each vintage', (size, seed) => {
    const scene = generateScene(seed, size);
    const px = 0.25;
    const w = Math.round(size / px);
    for (const v of scene.vintages) {
      const count = new Uint8Array(w * w);
      for (const p of v.polygons)
        scanPolygon(
          [p.poly.outer, ...p.poly.holes],
          { x0: 0, yTop: size, pixel: px, width: w, height: w },
          (row, c0, c1) => {
            for (let c = c0; c < c1; c++) count[row * w + c] = (count[row * w + c] ?? 0) + 1;
          },
        );
      let gaps = 0;
      let overlaps = 0;
      for (const n of count) {
        if (n === 0) gaps++;
        else if (n > 1) overlaps++;
      }
      expect({ year: v.year, gaps, overlaps }).toEqual({ year: v.year, gaps: 0, overlaps: 0 });
    }
  });

  it('has the three kinds of change, and a different seed gives a different layout', () => {
    const a = generateScene(1, 400);
    const b = generateScene(2, 400);
    expect(new Set(a.changes.map((c) => c.kind))).toEqual(
      new Set(['vers_bati', 'vers_impermeable', 'vers_terrassement']),
    );
    const outline = (s: typeof a): string =>
      JSON.stringify(s.vintages[0].polygons.slice(0, 20).map((p) => p.poly.outer));
    expect(outline(a)).not.toBe(outline(b));
    expect(outline(generateScene(1, 400))).toBe(outline(a));
  });
});
