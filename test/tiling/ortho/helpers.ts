/**
 * Builders for pipeline tests: dalles in memory, real JPEG-in-TIFF dalles written by GDAL for the
 * command-line tests (`writeJpegDalles`), an encoder that keeps raw pixels, and an inline runner
 * over a plan.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
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

/**
 * A cols x rows block of adjacent JPEG-in-TIFF dalles of `size` px at 5 cm, top-left at
 * (708000, 7058000) Lambert-93, textured so tiles are not trivial, written by GDAL into `dir` as
 * `<name(c, r)>.tif` (the PNG each is made from goes to `scratch`).
 */
export async function writeJpegDalles(o: {
  dir: string;
  scratch: string;
  cols: number;
  rows: number;
  size: number;
  name: (c: number, r: number) => string;
}): Promise<void> {
  mkdirSync(o.dir, { recursive: true });
  const S = o.size;
  for (let r = 0; r < o.rows; r++) {
    for (let c = 0; c < o.cols; c++) {
      const px = Buffer.alloc(S * S * 3);
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          const X = c * S + x;
          const Y = r * S + y;
          const i = (y * S + x) * 3;
          px[i] = 128 + 100 * Math.sin(X / 37) * Math.cos(Y / 53);
          px[i + 1] = 128 + 90 * Math.sin((X + Y) / 71);
          px[i + 2] = ((X ^ Y) & 63) + 96;
        }
      }
      const png = join(o.scratch, `d_${o.name(c, r)}.png`);
      await sharp(px, { raw: { width: S, height: S, channels: 3 } })
        .png({ compressionLevel: 1 })
        .toFile(png);
      const x0 = 708000 + c * S * 0.05;
      const y0 = 7058000 - r * S * 0.05;
      execFileSync('gdal_translate', [
        '-q',
        '-a_srs',
        'EPSG:2154',
        '-a_ullr',
        String(x0),
        String(y0),
        String(x0 + S * 0.05),
        String(y0 - S * 0.05),
        '-co',
        'COMPRESS=JPEG',
        '-co',
        'PHOTOMETRIC=YCBCR',
        '-co',
        'TILED=YES',
        png,
        join(o.dir, `${o.name(c, r)}.tif`),
      ]);
    }
  }
}

/** An encoder whose "bytes" are the raw RGBA pixels (tests compare pixels exactly). */
export function createRawEncoder(): TileEncoder {
  return {
    format: 'png',
    extension: 'raw',
    mimeType: 'application/octet-stream',
    jpegEncoder: 'sharp',
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
