/**
 * Builders for pipeline tests: dalles in memory, an encoder that keeps raw pixels, and an inline
 * runner over a plan.
 */
import type { RasterSource } from '../../../tiling/core';
import type { RawTile, TileEncoder } from '../../../tiling/encode';
import type { TileJobResult, TilingPlan } from '../../../tiling/index';
import { createDalleCache, planContext, runTileJob } from '../../../tiling/ortho';
import type { MemoryRasterOptions } from '../../../tiling/source/memory';
import { createGradientRaster } from '../../../tiling/source/memory';
import type { SideStore, TileTarget } from '../../../tiling/write';
import { MemorySideStore, MemoryTileTarget } from '../../../tiling/write';

/** A cols x rows block of adjacent dalles of `size` px at 5 cm, top-left at (x0, y0) Lambert-93. */
export function createDalleGrid(
  cols: number,
  rows: number,
  size: number,
  x0 = 708000,
  y0 = 7058000,
  options: Partial<MemoryRasterOptions> & { bands?: number; pixelMetres?: number } = {},
): RasterSource[] {
  const px = options.pixelMetres ?? 0.05;
  const out: RasterSource[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out.push(
        createGradientRaster(size, size, options.bands ?? 3, {
          ...options,
          id: `dalle_${c}_${r}.tif`,
          geoTransform: [x0 + c * size * px, px, 0, y0 - r * size * px, 0, -px],
        }),
      );
    }
  }
  return out;
}

/** An encoder whose "bytes" are the raw RGBA pixels (tests compare pixels exactly). */
export function createRawEncoder(): TileEncoder {
  return {
    format: 'png',
    extension: 'raw',
    mimeType: 'application/octet-stream',
    async encode(tiles: readonly RawTile[]) {
      return tiles.map((t) => t.rgba.slice());
    },
  };
}

/** Opens plan dalles from a list of sources, by id. */
export function sourceOpener(sources: readonly RasterSource[]): (id: string) => Promise<RasterSource> {
  const byId = new Map(sources.map((s) => [s.info.id, s]));
  return async (id) => {
    const s = byId.get(id);
    if (!s) throw new Error(`no source ${id}`);
    return s;
  };
}

/** Runs every job of a plan in order, in this thread. */
export async function runPlanInline(
  plan: TilingPlan,
  sources: readonly RasterSource[],
  options: {
    encoder?: TileEncoder;
    target?: TileTarget;
    side?: SideStore;
    jobs?: (id: string) => boolean;
  } = {},
): Promise<{ target: TileTarget; results: TileJobResult[] }> {
  const target = options.target ?? new MemoryTileTarget();
  const side = options.side ?? new MemorySideStore();
  const encoder = options.encoder ?? createRawEncoder();
  const ctx = planContext(plan);
  const dalles = createDalleCache(plan.mosaic, sourceOpener(sources));
  const results: TileJobResult[] = [];
  for (const job of plan.jobs) {
    if (options.jobs && !options.jobs(job.id)) continue;
    results.push(await runTileJob(job, { plan: ctx, openDalle: dalles.openDalle, encoder, target, side }));
  }
  return { target, results };
}
