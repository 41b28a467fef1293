/**
 * The vector job handler of a worker thread, the main thread or a `tiling worker` process, built
 * from a JSON config: reads its job's bucket (newline-delimited GeoJSON, streamed: the top bucket
 * holds every feature) and writes `{z}/{x}/{y}.pbf` atomically.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Feature } from 'geojson';
import { DataError } from '../core';
import type { JobHandler } from '../engine';
import { FsTileTarget } from '../write';
import type { VectorJobResult, VectorPyramidOptions } from './job';
import { runVectorJob } from './job';
import { NAME } from './options';
import type { VectorJob } from './plan';

/** JSON config of `createVectorJobHandler`. */
export interface VectorJobHandlerConfig {
  /** The pyramid folder ({z}/{x}/{y}.pbf). */
  outDir: string;
  /** Folder of the bucket files `<bucket>.ndjson`. */
  bucketDir: string;
  options: VectorPyramidOptions;
  /** The tile layers, in the pyramid's order (the order of the layers inside each tile). */
  layers: string[];
}

/** Tile file extension. */
export const VECTOR_EXTENSION = 'pbf';

/** File of a bucket in the bucket folder. */
export const bucketFile = (bucketDir: string, bucket: string) => join(bucketDir, `${bucket}.ndjson`);

/**
 * A bucket's features per layer (in `layers` order; each layer in file order).
 * @throws DataError when the file is missing or a line is not a feature of a known layer.
 */
export async function readBucket(
  path: string,
  layers: readonly string[],
): Promise<Record<string, Feature[]>> {
  const out: Record<string, Feature[]> = {};
  for (const l of layers) out[l] = [];
  const input = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (e) {
    input.destroy();
    throw new DataError(
      `${NAME}: the bucket file "${path}" cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): the coordinator writes it before enqueuing; every worker must see the output folder at the same path.`,
    );
  }
  let n = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    if (line.length === 0) continue;
    let f: { layer?: unknown; properties?: unknown; geometry?: unknown };
    try {
      f = JSON.parse(line);
    } catch {
      throw new DataError(`${NAME}: line ${n} of the bucket file "${path}" is not JSON (damaged file).`);
    }
    const list = typeof f.layer === 'string' ? out[f.layer] : undefined;
    if (!list)
      throw new DataError(
        `${NAME}: line ${n} of the bucket file "${path}" names the layer ${JSON.stringify(f.layer)}, not one of ${layers.join(', ')}.`,
      );
    list.push({
      type: 'Feature',
      properties: f.properties as Feature['properties'],
      geometry: f.geometry as Feature['geometry'],
    });
  }
  return out;
}

/** Builds the job handler from its JSON config. */
export async function createVectorJobHandler(
  config: unknown,
): Promise<JobHandler<VectorJob, VectorJobResult>> {
  const c = config as VectorJobHandlerConfig;
  const target = new FsTileTarget(c.outDir, { extension: VECTOR_EXTENSION });
  return async (job) => {
    const layers = await readBucket(bucketFile(c.bucketDir, job.bucket), c.layers);
    return runVectorJob(job, {
      options: c.options,
      layers,
      writeTile: (t) => target.putTile(t, t.bytes),
      now: () => performance.now(),
    });
  };
}
