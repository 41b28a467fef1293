/**
 * The ortho product's job handler, as the engine builds it in each worker thread, worker process or
 * the main thread: `createTileJobHandler(config)` loads sharp, opens the output storage and a cache
 * of open dalles, and returns the function that runs one `runTileJob` (or, packed layout, one
 * `runPackedTileJob`: the job's tiles as one archive).
 * Owns: the handler's JSON config, `loadSharp`, `loadTileJpeg`, `createOrthoTileEncoder`, `createDalleCache`. Registered with the engine
 * under the name "ortho" (tiling/engine/registry.ts).
 */
import type { RasterSource } from '../core';
import { DataError } from '../core';
import type { EncodeOptions, JpegBatchEncoder, SharpFactory, TileEncoder } from '../encode';
import { createSharpTileEncoder } from '../encode';
import type { JobHandler } from '../engine';
import { lruCache } from '../engine/cache';
import type { Mosaic } from '../plan';
import { sourceOpenOptions } from '../plan';
import { openRasterSource } from '../source';
import type { StorageSpec } from '../storage';
import { openStorage } from '../storage';
import { FsSideStore, FsTileTarget } from '../write';
import type { PlanContext, TileJobMessage, TileJobResult } from './job';
import { NAME, runTileJob } from './job';
import { runPackedTileJob } from './packed';

/** JSON config of `createTileJobHandler` (sent to every worker). */
export interface TileJobHandlerConfig {
  outDir: string;
  plan: PlanContext;
  encode?: Partial<EncodeOptions>;
  /** Dalles kept open per worker (8). */
  openDalles?: number;
  /** Where tiles go when not `outDir` on this file system (e.g. S3; distributed batches). */
  storage?: StorageSpec;
  /** Packed layout: each job writes one archive `packs/<z>/<x>/<y>.pmtiles` (./packed.ts). */
  packed?: boolean;
}

/** Imports sharp, or fails naming what to install. */
export async function loadSharp(): Promise<SharpFactory> {
  try {
    const mod = (await import('sharp')) as unknown as { default: SharpFactory };
    return mod.default;
  } catch (e) {
    throw new DataError(
      `${NAME}: the tile encoder needs the "sharp" package (npm i -E sharp@0.35.5): ${(e as Error).message}`,
    );
  }
}

/**
 * The native/tile-jpeg addon's batch encoder (libjpeg-turbo; same bytes as sharp's JPEG at half the
 * CPU), or null with the reason when it is not built here (no compiler or libjpeg headers when
 * `npm ci` ran) or `TILING_JPEG_ENCODER=sharp` asks for sharp's. Without it the tiles are the same,
 * only slower.
 */
export async function loadTileJpeg(): Promise<{ encode: JpegBatchEncoder | null; reason?: string }> {
  if (process.env.TILING_JPEG_ENCODER === 'sharp')
    return { encode: null, reason: 'TILING_JPEG_ENCODER=sharp' };
  try {
    const mod = (await import('tile-jpeg')) as unknown as {
      default?: { encode: JpegBatchEncoder };
      encode?: JpegBatchEncoder;
    };
    const encode = mod.encode ?? mod.default?.encode;
    if (typeof encode !== 'function') return { encode: null, reason: 'tile-jpeg has no encode()' };
    return { encode };
  } catch (e) {
    return { encode: null, reason: (e as Error).message.split('\n')[0] };
  }
}

/**
 * The pyramid's tile encoder in this thread: sharp (loaded and set for many small images), with the
 * tile-jpeg batch encoder for JPEG tiles when it is built.
 */
export async function createOrthoTileEncoder(options: Partial<EncodeOptions>): Promise<TileEncoder> {
  const sharp = await loadSharp();
  sharp.concurrency(1); // parallelism comes from worker threads and batches, not from libvips threads
  sharp.cache(false); // every tile is new: the operation cache only holds memory
  const jpeg = await loadTileJpeg();
  return createSharpTileEncoder(sharp, options, jpeg.encode ?? undefined);
}

/** Opens dalles on demand, keeping the most recently used ones open. */
export function createDalleCache(
  mosaic: Mosaic,
  open: (path: string) => Promise<RasterSource>,
  capacity = 8,
): { openDalle(index: number): Promise<RasterSource>; closeAll(): Promise<void> } {
  const close = (p: Promise<RasterSource>) => p.then((s) => s.close()).catch(() => {});
  const cache = lruCache(
    capacity,
    (index: number) => {
      const dalle = mosaic.dalles[index];
      if (!dalle) throw new Error(`${NAME}: internal: no dalle ${index}`);
      return open(dalle.id);
    },
    (p) => void close(p),
  );
  return {
    openDalle: (index) => cache.get(index),
    async closeAll() {
      await Promise.all(cache.clear().map(close));
    },
  };
}

/** Builds the job handler of a worker (or of the main thread) from its JSON config. */
export async function createTileJobHandler(
  config: unknown,
): Promise<JobHandler<TileJobMessage, TileJobResult>> {
  const c = config as TileJobHandlerConfig;
  const encoder = await createOrthoTileEncoder({
    ...c.encode,
    format: c.plan.options.format,
    quality: c.plan.options.quality,
  });
  const { target, side } = c.storage
    ? await openStorage(c.storage, encoder.extension)
    : {
        target: new FsTileTarget(c.outDir, { extension: encoder.extension }),
        side: new FsSideStore(c.outDir),
      };
  const openOptions = sourceOpenOptions(c.plan.options);
  const dalles = createDalleCache(
    c.plan.mosaic,
    (path) => openRasterSource(path, openOptions),
    c.openDalles ?? 8,
  );
  const handler = (job: TileJobMessage) =>
    c.packed
      ? runPackedTileJob(job, { plan: c.plan, openDalle: dalles.openDalle, encoder, side }, target)
      : runTileJob(job, { plan: c.plan, openDalle: dalles.openDalle, encoder, target, side });
  // A kept worker switching to another stage closes the dalles this handler opened.
  return Object.assign(handler, { close: () => dalles.closeAll() });
}
