/**
 * The mesh job handler of a worker thread (or the main thread), built from a JSON config: opens the
 * DEM files on demand (whole files, a few kept decoded), reads the geoid grid once, reads imagery
 * tiles from the pyramid folder and writes GLBs atomically.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TileAddress } from '../core';
import type { DemHeader, GeoidSpec } from '../dem';
import { loadGeoid, readDemRaster } from '../dem';
import type { JobHandler } from '../engine';
import { lruCache } from '../engine/cache';
import { createCrsTransform } from '../reproject';
import { FsTileTarget } from '../write';
import type { MeshJob, MeshJobResult } from './job';
import { runMeshJob } from './job';
import type { Tiles3dOptions } from './options';

/** JSON config of `createMeshJobHandler`. */
export interface MeshJobHandlerConfig {
  /** The imagery pyramid folder ({z}/{x}/{y}.<extension>). */
  pyramidDir: string;
  extension: string;
  /** The 3D Tiles folder ({z}/{x}/{y}.glb). */
  outDir: string;
  options: Tiles3dOptions & { minZoom: number; maxZoom: number };
  latRadians: number;
  epsg: number;
  dems: DemHeader[];
  geoid: GeoidSpec;
  /** DEM files kept decoded per worker (16: 64 MB of 1 km RGE ALTI files). */
  openDems?: number;
}

/** Builds the job handler from its JSON config. */
export async function createMeshJobHandler(config: unknown): Promise<JobHandler<MeshJob, MeshJobResult>> {
  const c = config as MeshJobHandlerConfig;
  const geoid = await loadGeoid(c.geoid);
  const crs = createCrsTransform(c.epsg);
  const target = new FsTileTarget(c.outDir, { extension: 'glb' });
  const demCache = lruCache(c.openDems ?? 16, (index: number) => {
    const header = c.dems[index];
    if (!header) throw new Error(`tiling/3d: internal: no DEM ${index}`);
    return readDemRaster(header.id);
  });
  const readImagery = async (tile: TileAddress): Promise<Uint8Array | null> => {
    try {
      return new Uint8Array(
        await readFile(join(c.pyramidDir, String(tile.z), String(tile.x), `${tile.y}.${c.extension}`)),
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  };
  return (job) =>
    runMeshJob(job, {
      options: c.options,
      latRadians: c.latRadians,
      crs,
      dems: c.dems,
      loadDem: (index) => demCache.get(index),
      geoid,
      readImagery,
      writeTile: (tile, glb) => target.putTile(tile, glb),
    });
}
