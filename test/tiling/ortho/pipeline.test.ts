import { describe, expect, it } from 'vitest';
import { tileChildren } from '../../../format/grid';
import { planPyramid } from '../../../tiling/plan';
import { downsampleTile2x2 } from '../../../tiling/resample';
import { createFunctionRaster, createGradientRaster } from '../../../tiling/source/memory';
import type { MemoryTileTarget } from '../../../tiling/write';
import { createDalleGrid, runPlanInline } from './helpers';

const infos = (sources: { info: import('../../../tiling/core').RasterInfo }[]) => sources.map((s) => s.info);

describe('pipeline: seams, edges, parents', () => {
  it('a pyramid cut from 2x2 dalles equals the one cut from a single dalle of the same pixels (no seam, no hole)', async () => {
    const split = createDalleGrid(2, 2, 300);
    const whole = [
      createGradientRaster(600, 600, 3, {
        id: 'whole.tif',
        geoTransform: [708000, 0.05, 0, 7058000, 0, -0.05],
      }),
    ];
    const planSplit = planPyramid(infos(split), { maxZoom: 21, minZoom: 17 });
    const planWhole = planPyramid(infos(whole), { maxZoom: 21, minZoom: 17 });
    const a = (await runPlanInline(planSplit, split)).target as MemoryTileTarget;
    const b = (await runPlanInline(planWhole, whole)).target as MemoryTileTarget;
    expect([...a.tiles.keys()].sort()).toEqual([...b.tiles.keys()].sort());
    for (const [k, v] of a.tiles)
      expect(Buffer.compare(Buffer.from(v), Buffer.from(b.tiles.get(k) as Uint8Array)), k).toBe(0);
    // Tiles fully inside the data have no transparent pixel at all, across dalle borders too.
    const opaque = [...a.tiles.entries()].filter(([k]) => k.startsWith('21/'));
    expect(opaque.some(([, v]) => v.every((x, i) => i % 4 !== 3 || x === 255))).toBe(true);
  });

  it('edge tiles are transparent outside the data (alpha 0), not black, and coloured inside', async () => {
    const sources = createDalleGrid(1, 1, 300);
    const plan = planPyramid(infos(sources), { maxZoom: 21, minZoom: 19 });
    const { target } = await runPlanInline(plan, sources);
    const tiles = (target as MemoryTileTarget).tiles;
    let partial = 0;
    let blackTransparent = 0;
    for (const [key, rgba] of tiles) {
      if (!key.startsWith('21/')) continue;
      let transparent = 0;
      let opaque = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3] === 0) {
          transparent++;
          if ((rgba[i] as number) + (rgba[i + 1] as number) + (rgba[i + 2] as number) !== 0)
            blackTransparent++;
        } else if (rgba[i + 3] === 255) {
          opaque++;
          if ((rgba[i] as number) + (rgba[i + 1] as number) + (rgba[i + 2] as number) === 0)
            blackTransparent++;
        }
      }
      if (transparent > 0 && opaque > 0) partial++;
    }
    expect(blackTransparent).toBe(0);
    expect(partial).toBeGreaterThan(0);
  });

  it('a parent tile equals the 2x2 downsample of its four children, inside a job and across jobs', async () => {
    const sources = createDalleGrid(2, 1, 400);
    // Span 1: every level is its own job, so each parent is made from side-store children.
    const plan = planPyramid(infos(sources), { maxZoom: 21, minZoom: 16, jobZoomSpan: 1 });
    expect(plan.jobs.some((j) => j.kind === 'children')).toBe(true);
    const { target } = await runPlanInline(plan, sources);
    const tiles = (target as MemoryTileTarget).tiles;
    let checked = 0;
    for (const [key, rgba] of tiles) {
      const [z, x, y] = key.split('/').map(Number) as [number, number, number];
      if (z === 21) continue;
      const kids = tileChildren({ z, x, y }).map((t) => tiles.get(`${t.z}/${t.x}/${t.y}`) ?? null);
      const expected = new Uint8Array(256 * 256 * 4);
      downsampleTile2x2(kids, 256, expected);
      expect(Buffer.compare(Buffer.from(rgba), Buffer.from(expected)), key).toBe(0);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('the output does not depend on the job layout or the memory budget', async () => {
    const sources = createDalleGrid(2, 2, 250);
    const base = planPyramid(infos(sources), { maxZoom: 21, minZoom: 15, jobZoomSpan: 3 });
    const other = planPyramid(infos(sources), {
      maxZoom: 21,
      minZoom: 15,
      jobZoomSpan: 2,
      sourceBudgetPx: 300_000,
    });
    const a = (await runPlanInline(base, sources)).target as MemoryTileTarget;
    const b = (await runPlanInline(other, sources)).target as MemoryTileTarget;
    expect(a.tiles.size).toBeGreaterThan(10);
    expect([...b.tiles.keys()].sort()).toEqual([...a.tiles.keys()].sort());
    for (const [k, v] of a.tiles)
      expect(Buffer.compare(Buffer.from(v), Buffer.from(b.tiles.get(k) as Uint8Array)), k).toBe(0);
  });

  it('reads only windows of the dalles, never a whole dalle', async () => {
    const sources = createDalleGrid(1, 1, 1200);
    const plan = planPyramid(infos(sources), { maxZoom: 21, minZoom: 18, jobZoomSpan: 1 });
    await runPlanInline(plan, sources);
    const reads = (sources[0] as unknown as { reads: { width: number; height: number }[] }).reads;
    expect(reads.length).toBeGreaterThan(4);
    for (const r of reads) expect(r.width * r.height).toBeLessThan(1200 * 1200);
  });

  it('a coarse max zoom averages source boxes (reduction) and stays close to the mean colour', async () => {
    const flat = createFunctionRaster(800, 800, 3, (_x, _y, b) => [200, 120, 40][b] as number, {
      id: 'flat.tif',
      geoTransform: [708000, 0.05, 0, 7058000, 0, -0.05],
    });
    const plan = planPyramid([flat.info], { maxZoom: 18, minZoom: 17 });
    const { target, results } = await runPlanInline(plan, [flat]);
    expect(results.reduce((s, r) => s + r.sourcePixels, 0)).toBeGreaterThan(0);
    for (const rgba of (target as MemoryTileTarget).tiles.values()) {
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3] !== 255) continue;
        expect(Math.abs((rgba[i] as number) - 200)).toBeLessThanOrEqual(1);
        expect(Math.abs((rgba[i + 2] as number) - 40)).toBeLessThanOrEqual(1);
      }
    }
  });
});
