import { describe, expect, it } from 'vitest';
import type { PixelWindow, RasterSource } from '../../../tiling/core';
import { DataError } from '../../../tiling/core';
import { LocalJobEngine } from '../../../tiling/engine';
import type { TileJobMessage } from '../../../tiling/ortho';
import { createDalleCache, planContext, runPyramid, runTileJob } from '../../../tiling/ortho';
import { planPyramid } from '../../../tiling/plan';
import { MemoryManifest, MemorySideStore, MemoryTileTarget } from '../../../tiling/write';
import { createDalleGrid, createRawEncoder, sourceOpener } from './helpers';

/** A dalle whose header reads fine but whose pixels are corrupt (like a truncated file). */
function corrupt(source: RasterSource): RasterSource {
  return {
    info: source.info,
    async readWindow(w: PixelWindow) {
      throw new DataError(
        `tiling: dalle "${source.info.id}" cannot be decoded (window ${w.x},${w.y}): truncated file`,
      );
    },
    close: () => source.close(),
  };
}

async function runWith(onError: 'stop' | 'skip') {
  const good = createDalleGrid(2, 1, 400);
  const sources = [good[0] as RasterSource, corrupt(good[1] as RasterSource)];
  const plan = planPyramid(
    sources.map((s) => s.info),
    { maxZoom: 21, minZoom: 17, onError },
  );
  const target = new MemoryTileTarget();
  const side = new MemorySideStore();
  const encoder = createRawEncoder();
  const ctx = planContext(plan);
  const dalles = createDalleCache(plan.mosaic, sourceOpener(sources));
  const engine = new LocalJobEngine({
    workers: 0,
    inlineHandler: ((job: TileJobMessage) =>
      runTileJob(job, { plan: ctx, openDalle: dalles.openDalle, encoder, target, side })) as never,
  });
  const report = await runPyramid(plan, {
    engine,
    handler: { module: '', exportName: '', config: null },
    manifest: new MemoryManifest(),
    target,
    side,
    onError,
    name: 'test',
    attribution: '',
    baseUrl: '',
  });
  return { report, target };
}

describe('a dalle that fails while tiling', () => {
  it('with --on-error stop: the run stops and names the dalle', async () => {
    const { report, target } = await runWith('stop');
    expect(report.complete).toBe(false);
    expect(report.errors[0]?.message).toMatch(/dalle "dalle_1_0\.tif" cannot be decoded/);
    expect(target.files.has('tilejson.json')).toBe(false);
  });

  it('with --on-error skip: the rest is tiled and the dalle is listed in the report with its jobs', async () => {
    const { report, target } = await runWith('skip');
    expect(report.complete).toBe(true);
    expect(report.skippedDalles).toHaveLength(1);
    expect(report.skippedDalles[0]).toMatchObject({ id: 'dalle_1_0.tif' });
    expect(report.skippedDalles[0]?.jobs?.length).toBeGreaterThan(0);
    expect(report.tiles).toBeGreaterThan(0);
    expect(target.files.has('tilejson.json')).toBe(true);
  });
});
