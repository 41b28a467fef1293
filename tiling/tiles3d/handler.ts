/**
 * The mesh job handler of a worker thread (or the main thread), built from a JSON config: opens the
 * DEM files on demand (whole files, a few kept decoded), reads the geoid grid once, reads imagery
 * tiles from the pyramid folder and writes GLBs atomically.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TileAddress } from '../core';
import type { DemHeader, DemRaster, GeoidModel } from '../dem';
import { constantGeoid, gridGeoid, readDemRaster, readGeoidGrid } from '../dem';
import type { JobHandler } from '../engine';
import { createCrsTransform } from '../reproject';
import { FsTileTarget } from '../write';
import type { MeshJob, MeshJobResult } from './job';
import { runMeshJob } from './job';
import type { Tiles3dOptions } from './options';

/** How heights become ellipsoidal: a geoid grid file, or a constant undulation (metres). JSON. */
export type GeoidSpec = { grid: string } | { constantMetres: number };

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

/** The geoid model a spec names. @throws DataError when the grid cannot be read. */
export async function loadGeoid(spec: GeoidSpec): Promise<GeoidModel> {
  return 'grid' in spec ? gridGeoid(await readGeoidGrid(spec.grid)) : constantGeoid(spec.constantMetres);
}

/** Builds the job handler from its JSON config. */
export async function createMeshJobHandler(config: unknown): Promise<JobHandler<MeshJob, MeshJobResult>> {
  const c = config as MeshJobHandlerConfig;
  const geoid = await loadGeoid(c.geoid);
  const crs = createCrsTransform(c.epsg);
  const target = new FsTileTarget(c.outDir, { extension: 'glb' });
  const capacity = c.openDems ?? 16;
  const cache = new Map<number, Promise<DemRaster>>();
  const loadDem = (index: number): Promise<DemRaster> => {
    const hit = cache.get(index);
    if (hit) {
      cache.delete(index);
      cache.set(index, hit);
      return hit;
    }
    const header = c.dems[index];
    if (!header) throw new Error(`tiling/3d: internal: no DEM ${index}`);
    const p = readDemRaster(header.id);
    p.catch(() => cache.delete(index));
    cache.set(index, p);
    while (cache.size > capacity) cache.delete(cache.keys().next().value as number);
    return p;
  };
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
      loadDem,
      geoid,
      readImagery,
      writeTile: (tile, glb) => target.putTile(tile, glb),
    });
}
