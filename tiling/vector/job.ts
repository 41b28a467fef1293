/**
 * One vector job (pure): the tiles of its part of the pyramid (levels `fromZoom..toZoom` under its
 * root tile, ./plan.ts) from the features of its bucket, the very bytes of the single-process run
 * (`vectorTiles` with a subset). Jobs read only their bucket, so they are independent (no deps) and
 * idempotent (same job, same bytes). Writing goes through the context (I/O injected).
 */
import type { Feature } from 'geojson';
import type { VectorJob } from './plan';
import { type LonLatBounds, type VectorTile, vectorTiles } from './tiles';

/** The whole pyramid's levels and bounds (every job of a plan gets the same). */
export interface VectorPyramidOptions {
  minZoom: number;
  maxZoom: number;
  bounds: LonLatBounds;
}

/** What a vector job did (JSON). */
export interface VectorJobResult {
  job: string;
  tiles: number;
  bytes: number;
  /** Tiles written per level ("z" -> count). */
  perZoom: Record<string, number>;
  seconds: number;
}

/** What a vector job runs against. */
export interface VectorJobContext {
  options: VectorPyramidOptions;
  /** The bucket's features of each tile layer, in the pyramid's layer order and feature order. */
  layers: Readonly<Record<string, readonly Feature[]>>;
  writeTile(tile: VectorTile): Promise<void>;
  /** Clock for `seconds` (the handler passes performance.now); default: none (0 s). */
  now?(): number;
}

/** The tiles of a job (pure, lazy, in (z, x, y) order). */
export function vectorJobTiles(
  job: Pick<VectorJob, 'root' | 'fromZoom' | 'toZoom'>,
  layers: Readonly<Record<string, readonly Feature[]>>,
  options: VectorPyramidOptions,
): Generator<VectorTile> {
  return vectorTiles(layers, options, { root: job.root, fromZoom: job.fromZoom, toZoom: job.toZoom });
}

/** Runs a job: each tile written through the context; its figures. */
export async function runVectorJob(job: VectorJob, ctx: VectorJobContext): Promise<VectorJobResult> {
  const t0 = ctx.now?.() ?? 0;
  const result: VectorJobResult = { job: job.id, tiles: 0, bytes: 0, perZoom: {}, seconds: 0 };
  for (const tile of vectorJobTiles(job, ctx.layers, ctx.options)) {
    await ctx.writeTile(tile);
    result.tiles++;
    result.bytes += tile.bytes.byteLength;
    result.perZoom[tile.z] = (result.perZoom[tile.z] ?? 0) + 1;
  }
  result.seconds = ((ctx.now?.() ?? 0) - t0) / 1000;
  return result;
}
