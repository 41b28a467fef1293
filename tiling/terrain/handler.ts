/**
 * The terrain job handler of a worker thread (or the main thread), built from a JSON config: opens
 * the DEM files on demand (a few kept decoded), reads the geoid grid once, gzips (zlib, level 9:
 * the same bytes for the same tile) and writes `{z}/{x}/{tmsY}.terrain` atomically.
 */
import { gzipSync } from 'node:zlib';
import type { Extent } from '../../format/grid';
import type { DemHeader, GeoidSpec } from '../dem';
import { loadGeoid, readDemRaster } from '../dem';
import type { JobHandler } from '../engine';
import { lruCache } from '../engine/cache';
import { createCrsTransform } from '../reproject';
import { FsTileTarget } from '../write';
import type { TerrainJobResult } from './job';
import { runTerrainJob } from './job';
import type { TerrainOptions } from './options';
import { NAME } from './options';
import type { CoverLevel, TerrainJob } from './plan';
import { TileCover } from './plan';

/** JSON config of `createTerrainJobHandler`. */
export interface TerrainJobHandlerConfig {
  /** The terrain folder ({z}/{x}/{y}.terrain, TMS rows). */
  outDir: string;
  options: TerrainOptions & { maxZoom: number };
  levels: CoverLevel[];
  epsg: number;
  dems: DemHeader[];
  footprints: Extent[];
  geoid: GeoidSpec;
  /** DEM files kept decoded per worker (16). */
  openDems?: number;
}

/** Tile file extension. */
export const TERRAIN_EXTENSION = 'terrain';

/** Builds the job handler from its JSON config. */
export async function createTerrainJobHandler(
  config: unknown,
): Promise<JobHandler<TerrainJob, TerrainJobResult>> {
  const c = config as TerrainJobHandlerConfig;
  const geoid = await loadGeoid(c.geoid);
  const crs = createCrsTransform(c.epsg);
  const target = new FsTileTarget(c.outDir, { extension: TERRAIN_EXTENSION });
  const cover = new TileCover(c.levels);
  const demCache = lruCache(c.openDems ?? 16, (index: number) => {
    const header = c.dems[index];
    if (!header) throw new Error(`${NAME}: internal: no DEM ${index}`);
    return readDemRaster(header.id);
  });
  return (job) =>
    runTerrainJob(job, {
      options: c.options,
      cover,
      crs,
      dems: c.dems,
      footprints: c.footprints,
      loadDem: (index) => demCache.get(index),
      geoid,
      writeTile: (tile, bytes) => target.putTile(tile, bytes),
      ...(c.options.gzip ? { compress: (b: Uint8Array) => gzipSync(b, { level: 9 }) } : {}),
    });
}
