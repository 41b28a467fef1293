import { describe, expect, it } from 'vitest';
import { mercatorExtentToTileRange, tileAncestor, tileRangeCount } from '../../../format/grid';
import type { RasterInfo } from '../../../tiling/core';
import { estimatePlan, formatPlan, planPyramid } from '../../../tiling/plan';
import { createMemoryRasterInfo } from '../../../tiling/source/memory';

/** Headers of a cols x rows block of 4000 px PCRS dalles (200 m at 5 cm) near Lille. */
function dalles(
  cols: number,
  rows: number,
  over: (c: number, r: number) => Partial<RasterInfo> = () => ({}),
): RasterInfo[] {
  const out: RasterInfo[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out.push(
        createMemoryRasterInfo({
          id: `ortho/0708_${7058 - r * 0.2}_${c}.tif`,
          width: 4000,
          height: 4000,
          geoTransform: [708000 + c * 200, 0.05, 0, 7058000 - r * 200, 0, -0.05],
          ...over(c, r),
        }),
      );
    }
  }
  return out;
}

describe('plan', () => {
  it('chooses zoom 21 for 5 cm dalles and a min zoom where the data fits in at most 4 tiles', () => {
    const plan = planPyramid(dalles(5, 5));
    expect(plan.options.maxZoom).toBe(21);
    const min = plan.options.minZoom;
    expect(tileRangeCount(mercatorExtentToTileRange(plan.boundsMercator, min))).toBeLessThanOrEqual(4);
    expect(tileRangeCount(mercatorExtentToTileRange(plan.boundsMercator, min + 1))).toBeGreaterThan(4);
    expect(plan.levels.map((l) => l.z)).toEqual(Array.from({ length: 21 - min + 1 }, (_, i) => min + i));
  });

  it('covers every base tile with exactly one source job and links every job to its children', () => {
    const plan = planPyramid(dalles(2, 2), { minZoom: 12 });
    const sources = plan.jobs.filter((j) => j.kind === 'source');
    const base = plan.levels.at(-1);
    // 8x8 base tiles per job at most; counts add up.
    expect(
      sources.reduce((s, j) => s + j.tiles, 0) +
        plan.jobs.filter((j) => j.kind === 'children').reduce((s, j) => s + j.tiles, 0),
    ).toBe(plan.totalTiles);
    expect(base?.tiles).toBeGreaterThan(0);
    const ids = new Set(plan.jobs.map((j) => j.id));
    for (const j of plan.jobs) {
      for (const d of j.deps) {
        expect(ids.has(d)).toBe(true);
        const [z, x, y] = d.split('-').map(Number) as [number, number, number];
        expect(tileAncestor({ z, x, y }, j.z)).toEqual({ z: j.z, x: j.x, y: j.y });
      }
    }
    // Levels are listed bottom-up: a job comes after every job it depends on.
    const pos = new Map(plan.jobs.map((j, i) => [j.id, i]));
    for (const j of plan.jobs)
      for (const d of j.deps) expect(pos.get(d) as number).toBeLessThan(pos.get(j.id) as number);
    const top = plan.jobs.at(-1);
    expect(top?.z).toBe(12);
    expect(top?.exportRoot).toBe(false);
  });

  it('is deterministic: the same dalles in another order give the same plan', () => {
    const a = dalles(3, 2);
    const p1 = planPyramid(a);
    const p2 = planPyramid([...a].reverse());
    expect(JSON.stringify(p2)).toBe(JSON.stringify(p1));
  });

  it('lists every bad dalle by name and stops, or leaves them out with --on-error skip', () => {
    const infos = dalles(3, 1, (c) =>
      c === 1 ? { epsg: null } : c === 2 ? { geoTransform: [708400, 0.2, 0, 7058000, 0, -0.2] } : {},
    );
    let message = '';
    try {
      planPyramid(infos);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/2 dalle\(s\) cannot be used/);
    expect(message).toMatch(/"ortho\/0708_7058_1\.tif" has no CRS/);
    expect(message).toMatch(/"ortho\/0708_7058_2\.tif" has 0\.2 x 0\.2 m pixels/);
    const plan = planPyramid(infos, { onError: 'skip' });
    expect(plan.mosaic.dalles.map((d) => d.id)).toEqual(['ortho/0708_7058_0.tif']);
    expect(plan.skipped.map((s) => s.id)).toEqual(['ortho/0708_7058_1.tif', 'ortho/0708_7058_2.tif']);
  });

  it('prints tiles per zoom, jobs and the calibrated estimate', () => {
    const plan = planPyramid(dalles(1, 1), { minZoom: 16 });
    const est = estimatePlan(plan, { tiles: 100, bytes: 2_000_000, seconds: 2, sourcePixels: 5e6 }, 2);
    expect(est.bytes).toBe(plan.totalTiles * 20_000);
    expect(est.seconds).toBeCloseTo((plan.totalTiles * 0.02) / 2, 6);
    const text = formatPlan(plan, est);
    expect(text).toMatch(/^\s+21\s+\d+\s+\d+ x \d+$/m);
    expect(text).toMatch(/estimate: .* with 2 worker\(s\)/);
  });
});
