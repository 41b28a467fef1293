/**
 * The buildings job handler of a worker thread (or the main thread), built from a JSON config:
 * reads its job's bucket of footprints, opens the DSM and DTM files on demand (a few kept decoded:
 * a 1 km LiDAR HD file at 50 cm is 16 MB), reads the geoid grid once, writes GLBs and the job's
 * external tileset atomically, and its result beside the manifest (the stage's tileset.json reads it).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DemHeader, DemRaster, GeoidSpec } from '../dem';
import { loadGeoid, readDemRaster } from '../dem';
import type { JobHandler } from '../engine';
import { lruCache } from '../engine/cache';
import { createCrsTransform } from '../reproject';
import { FsTileTarget, writeFileAtomic } from '../write';
import type { Footprint } from './footprint';
import type { BuildingsJob, BuildingsJobResult } from './job';
import { runBuildingsJob } from './job';
import type { BuildingsOptions } from './options';
import { NAME } from './options';

/** JSON config of `createBuildingsJobHandler`. */
export interface BuildingsJobHandlerConfig {
  outDir: string;
  /** Folder of the bucket files `{z}-{x}-{y}.jsonl` (one footprint per line). */
  bucketDir: string;
  /** Folder of the job results `{z}-{x}-{y}.json`. */
  resultDir: string;
  options: BuildingsOptions;
  epsg: number;
  dsm: DemHeader[];
  dtm: DemHeader[];
  geoid: GeoidSpec;
  /** Raster files kept decoded per worker, each kind (8). */
  openRasters?: number;
}

/** File name of a job's bucket and result. */
export const jobFileName = (t: { z: number; x: number; y: number }) => `${t.z}-${t.x}-${t.y}`;

function rasterCache(headers: DemHeader[], capacity: number): (index: number) => Promise<DemRaster> {
  const cache = lruCache(capacity, (index: number) => {
    const header = headers[index];
    if (!header) throw new Error(`${NAME}: internal: no raster ${index}`);
    return readDemRaster(header.id);
  });
  return (index) => cache.get(index);
}

/** Builds the job handler from its JSON config. */
export async function createBuildingsJobHandler(
  config: unknown,
): Promise<JobHandler<BuildingsJob, BuildingsJobResult>> {
  const c = config as BuildingsJobHandlerConfig;
  const geoid = await loadGeoid(c.geoid);
  const crs = createCrsTransform(c.epsg);
  const target = new FsTileTarget(c.outDir, { extension: 'glb' });
  const loadDsm = rasterCache(c.dsm, c.openRasters ?? 8);
  const loadDtm = rasterCache(c.dtm, c.openRasters ?? 8);
  return async (job) => {
    const text = await readFile(join(c.bucketDir, `${jobFileName(job.tile)}.jsonl`), 'utf8');
    const footprints = text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Footprint);
    const result = await runBuildingsJob(job, {
      options: c.options,
      footprints,
      dsm: c.dsm,
      dtm: c.dtm,
      loadDsm,
      loadDtm,
      geoid,
      toLonLat: (x, y) => crs.toLonLat(x, y),
      writeGlb: (tile, bytes) => target.putTile(tile, bytes),
      writeJson: async (path, json) => {
        await mkdir(dirname(join(c.outDir, path)), { recursive: true });
        await writeFileAtomic(join(c.outDir, path), json, target.tmpDir);
      },
    });
    await writeFileAtomic(
      join(c.resultDir, `${jobFileName(job.tile)}.json`),
      JSON.stringify(result),
      target.tmpDir,
    );
    return result;
  };
}
