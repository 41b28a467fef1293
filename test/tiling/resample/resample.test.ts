import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApproxGrid } from '../../../tiling/reproject';
import {
  accumulateBoxes,
  compositeInto,
  createBoxAccumulator,
  downsampleTile2x2,
  finishBoxes,
  tileCoverage,
  warpBilinear,
} from '../../../tiling/resample';

/** An identity-like grid: output pixel centre (c + 0.5, r + 0.5) -> source (c * s + du, r * s + dv). */
function affineGrid(width: number, height: number, s: number, du: number, dv: number): ApproxGrid {
  // Nodes are at pixel-edge positions 0 and width: u(edge e) = (e - 0.5) * s + du.
  const u = new Float64Array([
    (0 - 0.5) * s + du,
    (width - 0.5) * s + du,
    (0 - 0.5) * s + du,
    (width - 0.5) * s + du,
  ]);
  const v = new Float64Array([
    (0 - 0.5) * s + dv,
    (0 - 0.5) * s + dv,
    (height - 0.5) * s + dv,
    (height - 0.5) * s + dv,
  ]);
  return { x0: 0, y0: 0, width, height, cells: 1, u, v, measuredErrorPx: 0 };
}

function solid(size: number, rgba: [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let i = 0; i < out.length; i += 4) out.set(rgba, i);
  return out;
}

describe('bilinear warp', () => {
  it('copies the source exactly when output pixels fall on source pixel centres', () => {
    const src = new Uint8Array(16 * 16 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 37) & 255));
    const out = new Uint8Array(8 * 8 * 4);
    warpBilinear({ rgba: src, width: 16, height: 16, x: 0, y: 0, factor: 1 }, affineGrid(8, 8, 1, 3, 5), out);
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 8; c++) {
        for (let k = 0; k < 4; k++)
          expect(out[(r * 8 + c) * 4 + k]).toBe(src[((r + 5) * 16 + c + 3) * 4 + k]);
      }
    }
  });

  it('interpolates halfway between two pixels to their mean', () => {
    const src = new Uint8Array([0, 0, 0, 255, 100, 200, 50, 255, 0, 0, 0, 255, 100, 200, 50, 255]);
    const out = new Uint8Array(4);
    // The output pixel's centre lands at source (0.5, 0): halfway between pixels (0, 0) and (1, 0).
    const grid = affineGrid(1, 1, 1, 0.5, 0);
    warpBilinear({ rgba: src, width: 2, height: 2, x: 0, y: 0, factor: 1 }, grid, out);
    expect([...out]).toEqual([50, 100, 25, 255]);
  });

  it('is transparent, not black, outside the source, and keeps colour at a data edge', () => {
    const src = solid(4, [200, 100, 50, 255]);
    const out = new Uint8Array(8 * 8 * 4);
    // Sample positions -2 .. 5 (source has 0 .. 3).
    warpBilinear({ rgba: src, width: 4, height: 4, x: 0, y: 0, factor: 1 }, affineGrid(8, 8, 1, -2, 0), out);
    const px = (c: number, r: number) => [...out.subarray((r * 8 + c) * 4, (r * 8 + c) * 4 + 4)];
    expect(px(0, 0)).toEqual([0, 0, 0, 0]);
    expect(px(7, 0)).toEqual([0, 0, 0, 0]);
    expect(px(3, 1)).toEqual([200, 100, 50, 255]);
    // Half a pixel outside the data: colour kept, alpha falls off (no dark fringe).
    const half = affineGrid(1, 1, 1, -0.5, 1);
    const o1 = new Uint8Array(4);
    warpBilinear({ rgba: src, width: 4, height: 4, x: 0, y: 0, factor: 1 }, half, o1);
    expect([...o1]).toEqual([200, 100, 50, 128]);
  });

  it('reads a reduced window at the matching reduced position', () => {
    // 2x2 boxes: reduced pixel j covers full-resolution pixels 2j, 2j+1; its centre is at 2j + 0.5.
    const src = new Uint8Array(4 * 4);
    for (let j = 0; j < 4; j++) src.set([j * 10, 0, 0, 255], j * 4);
    const out = new Uint8Array(4);
    const grid = affineGrid(1, 1, 1, 2.5, 0); // full-resolution 2.5 -> reduced (2.5 + 0.5) / 2 - 0.5 = 1
    warpBilinear({ rgba: src, width: 4, height: 1, x: 0, y: 0, factor: 2 }, grid, out);
    expect(out[0]).toBe(10);
  });
});

describe('2x2 downsample', () => {
  it('a parent tile equals the 2x2 box average of its four children', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4 * 8 * 8 * 4, maxLength: 4 * 8 * 8 * 4 }), (bytes) => {
        const kids = [0, 1, 2, 3].map((q) => {
          const k = bytes.slice(q * 256, (q + 1) * 256);
          for (let i = 3; i < k.length; i += 4) k[i] = 255;
          return k;
        });
        const out = new Uint8Array(8 * 8 * 4);
        downsampleTile2x2(kids, 8, out);
        for (let r = 0; r < 8; r++) {
          for (let c = 0; c < 8; c++) {
            const q = (r >= 4 ? 2 : 0) + (c >= 4 ? 1 : 0);
            const k = kids[q] as Uint8Array;
            const cr = (r % 4) * 2;
            const cc = (c % 4) * 2;
            for (let ch = 0; ch < 3; ch++) {
              const s =
                (k[(cr * 8 + cc) * 4 + ch] as number) +
                (k[(cr * 8 + cc + 1) * 4 + ch] as number) +
                (k[((cr + 1) * 8 + cc) * 4 + ch] as number) +
                (k[((cr + 1) * 8 + cc + 1) * 4 + ch] as number);
              expect(out[(r * 8 + c) * 4 + ch]).toBe((s + 2) >> 2);
            }
            expect(out[(r * 8 + c) * 4 + 3]).toBe(255);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('ignores the colour of transparent pixels and averages alpha', () => {
    const kid = new Uint8Array(2 * 2 * 4);
    kid.set([0, 0, 0, 0, 255, 255, 255, 255, 10, 20, 30, 255, 99, 99, 99, 0]);
    const out = new Uint8Array(2 * 2 * 4);
    downsampleTile2x2([kid, null, null, null], 2, out);
    // (255 + 10) / 2, (255 + 20) / 2, (255 + 30) / 2 with alpha 510 / 4.
    expect([...out.subarray(0, 4)]).toEqual([133, 138, 143, 128]);
    expect([...out.subarray(4)]).toEqual(new Array(12).fill(0));
  });
});

describe('coverage and compositing', () => {
  it('classifies tiles as empty, opaque or partial', () => {
    expect(tileCoverage(solid(4, [1, 2, 3, 0]))).toBe('empty');
    expect(tileCoverage(solid(4, [1, 2, 3, 255]))).toBe('opaque');
    const t = solid(4, [1, 2, 3, 255]);
    t[7] = 0;
    expect(tileCoverage(t)).toBe('partial');
  });

  it('compositing never lets a transparent pixel punch through', () => {
    const dst = solid(2, [9, 9, 9, 255]);
    const src = new Uint8Array([1, 1, 1, 255, 2, 2, 2, 0]);
    compositeInto(dst, 2, 0, 1, src, 2, 1);
    expect([...dst.subarray(8, 16)]).toEqual([1, 1, 1, 255, 9, 9, 9, 255]);
  });

  it('box sums from two blocks meeting inside a box equal the box of the whole', () => {
    const whole = new Uint8Array(4 * 2 * 4).map((_, i) => (i % 4 === 3 ? 255 : i * 7));
    const a = createBoxAccumulator(2, 1, 2);
    accumulateBoxes(a, whole, 4, 2, 0, 0);
    const b = createBoxAccumulator(2, 1, 2);
    const left = new Uint8Array(3 * 2 * 4);
    const right = new Uint8Array(1 * 2 * 4);
    for (let r = 0; r < 2; r++) {
      left.set(whole.subarray(r * 16, r * 16 + 12), r * 12);
      right.set(whole.subarray(r * 16 + 12, r * 16 + 16), r * 4);
    }
    accumulateBoxes(b, left, 3, 2, 0, 0);
    accumulateBoxes(b, right, 1, 2, 3, 0);
    expect([...finishBoxes(b)]).toEqual([...finishBoxes(a)]);
  });
});
