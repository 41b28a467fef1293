/**
 * Writes the sample twin to disk: dalles of both vintages (painted and encoded by worker threads,
 * one dalle at a time each, so memory stays bounded whatever the area), the DEM, the OCS2D layers,
 * the change detections, and sample.json last. Every file is written to a temporary name and then
 * renamed, so a crash never leaves a truncated file under a final name.
 *
 * This file and paint-worker.ts are the sample generator's I/O edge (the only ones importing
 * node:*); STYLE.md keeps node:* to source/, write/, queue/ and cli/, but the generator is a
 * self-contained tool that no pipeline stage imports, so it keeps its own small I/O here.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';
import { DataError } from '../core';
import { encodeFloat32GeoTiff } from '../encode/geotiff';
import { buildingsFeatureCollection, dsmTileValues } from './buildings';
import { detectChanges } from './changes';
import { DEM_NODATA, demTiles, demTileValues } from './dem';
import { changesFeatureCollection, featureCollectionText, ocs2dFeatureCollection } from './geojson';
import { buildManifest, type SampleManifest } from './manifest';
import {
  dalleName,
  NAME,
  SAMPLE_LAYOUT,
  type SampleOptions,
  sampleExtent,
  validateSampleOptions,
} from './options';
import { DALLE_METRES, DallePainter, type PaintInput } from './paint';
import { paintInputFor } from './paint-input';
import type { WorkerReply } from './paint-worker';
import { type DalleJob, renderDalle } from './render-dalle';
import { generateScene } from './scene';

/** Options of `writeSample`. */
export interface WriteSampleOptions extends Partial<SampleOptions> {
  /** Output folder (created if missing; existing sample files are replaced). */
  outDir: string;
  /** Worker threads painting dalles (default: os.availableParallelism(); 0 paints on this thread). */
  workers?: number;
  /** Called after each dalle is written. */
  onDalle?: (done: number, total: number) => void;
}

/** One written file. */
export interface WrittenFile {
  /** Path relative to the output folder. */
  path: string;
  bytes: number;
}

/** What `writeSample` did. */
export interface WriteSampleResult {
  manifest: SampleManifest;
  files: WrittenFile[];
  totalBytes: number;
  /** Wall-clock time, milliseconds. */
  milliseconds: number;
  workers: number;
}

/**
 * Generates and writes the sample.
 * @throws DataError for invalid options (before anything is written).
 */
export async function writeSample(options: WriteSampleOptions): Promise<WriteSampleResult> {
  const { sizeMetres, seed } = validateSampleOptions({ sizeMetres: options.sizeMetres, seed: options.seed });
  const t0 = performance.now();
  try {
    await mkdir(options.outDir, { recursive: true });
  } catch (e) {
    throw new DataError(
      `${NAME}: cannot create the output folder "${options.outDir}" (${(e as Error).message}); expected a writable folder. Choose another --out.`,
    );
  }
  const scene = generateScene(seed, sizeMetres);
  const extent = sampleExtent(sizeMetres);
  const offset = { x: extent.minX, y: extent.minY };
  const inputs: PaintInput[] = [paintInputFor(scene, 0), paintInputFor(scene, 1)];
  const written: WrittenFile[] = [];
  const write = async (path: string, bytes: Uint8Array | string): Promise<void> => {
    const abs = join(options.outDir, path);
    await mkdir(dirname(abs), { recursive: true });
    const tmp = `${abs}.tmp-${process.pid}`;
    await writeFile(tmp, bytes);
    await rename(tmp, abs);
    written.push({ path, bytes: typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length });
  };

  const perSide = sizeMetres / DALLE_METRES;
  const jobs: DalleJob[] = [];
  const orthoFiles: string[] = [];
  const names = new Map<number, string>();
  for (const vintage of [0, 1] as const)
    for (let row = 0; row < perSide; row++)
      for (let col = 0; col < perSide; col++) {
        const xMin = extent.minX + col * DALLE_METRES;
        const yMax = extent.maxY - row * DALLE_METRES;
        const year = scene.vintages[vintage].year;
        const path = SAMPLE_LAYOUT.ortho(year, dalleName(year, xMin, yMax));
        const job: DalleJob = { id: jobs.length, vintage, col, row, xMin, yMax };
        jobs.push(job);
        names.set(job.id, path);
        orthoFiles.push(path);
      }
  const workers = Math.max(0, Math.min(options.workers ?? availableParallelism(), jobs.length));
  let done = 0;
  const dalles = paintDalles(jobs, inputs, workers, async (job, bytes) => {
    await write(names.get(job.id) ?? '', bytes);
    done++;
    options.onDalle?.(done, jobs.length);
  });

  // While the workers paint: the DEM and the vector layers.
  const demFiles: string[] = [];
  const dsmFiles: string[] = [];
  for (const tile of demTiles(extent.minX, extent.maxY, sizeMetres)) {
    // One 1 km, 1 m Float32 GeoTIFF in Lambert-93 at this tile's place (the DTM and each DSM).
    const encodeTile = (v: Float32Array) =>
      encodeFloat32GeoTiff(
        v,
        1000,
        1000,
        {
          epsg: 2154,
          originX: tile.xMin,
          originY: tile.yMax,
          pixelSizeX: 1,
          pixelSizeY: 1,
          citation: 'RGF93 v1 / Lambert-93',
        },
        { nodata: DEM_NODATA, compress: (b) => deflateSync(b), predictor: 3 },
      );
    const values = demTileValues(tile.xMin - extent.minX, tile.yMax - extent.minY, scene.canal, seed);
    const path = SAMPLE_LAYOUT.dem(tile.name);
    await write(path, encodeTile(values));
    demFiles.push(path);
    // The DSM of each vintage: the DTM plus the buildings of that year (new files beside the DEM).
    for (const v of scene.vintages) {
      const dsm = dsmTileValues(values, 1000, tile.xMin - extent.minX, tile.yMax - extent.minY, v, seed);
      const dsmPath = SAMPLE_LAYOUT.dsm(v.year, tile.name.replace('RGEALTI_', 'MNS_').replace('_MNT_', '_'));
      await write(dsmPath, encodeTile(dsm));
      dsmFiles.push(dsmPath);
    }
  }
  const buildingFiles: string[] = [];
  let olderIds: Set<string> | null = null;
  for (const v of scene.vintages) {
    const path = SAMPLE_LAYOUT.buildings(v.year);
    await write(path, featureCollectionText(buildingsFeatureCollection(v, offset, olderIds)));
    buildingFiles.push(path);
    olderIds = new Set(v.polygons.filter((p) => p.height > 0).map((p) => p.id));
  }
  const ocs2dFiles: string[] = [];
  for (const v of scene.vintages) {
    const path = SAMPLE_LAYOUT.ocs2d(v.year);
    await write(path, featureCollectionText(ocs2dFeatureCollection(v, offset)));
    ocs2dFiles.push(path);
  }
  const [before, after] = [scene.vintages[0].year, scene.vintages[1].year];
  const changesPath = SAMPLE_LAYOUT.changes(before, after);
  await write(
    changesPath,
    featureCollectionText(
      changesFeatureCollection(detectChanges(scene), offset, `changes-${before}-${after}`),
    ),
  );
  await dalles;

  const manifest = buildManifest({
    seed,
    sizeMetres,
    extent,
    files: {
      ortho: orthoFiles,
      dem: demFiles,
      ocs2d: ocs2dFiles,
      changes: [changesPath],
      buildings: buildingFiles,
      dsm: dsmFiles,
    },
  });
  await write(SAMPLE_LAYOUT.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  const files = [...written].sort((a, b) => a.path.localeCompare(b.path));
  return {
    manifest,
    files,
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    milliseconds: performance.now() - t0,
    workers,
  };
}

/** Starts a paint worker; from TypeScript sources (tsx) it registers tsx inside the worker first. */
function startWorker(inputs: PaintInput[]): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./paint-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(url, { workerData: { inputs } });
  // Workers do not inherit tsx's loader hooks (`execArgv: ['--import', 'tsx']` is not honoured
  // for workers on Node 20), so the worker registers tsx itself before importing the .ts module.
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, workerData: { inputs } });
}

/** Paints all jobs with `count` workers (0: on this thread), handing each result to `onResult`. */
async function paintDalles(
  jobs: DalleJob[],
  inputs: PaintInput[],
  count: number,
  onResult: (job: DalleJob, bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  if (count === 0) {
    let painter: DallePainter | null = null;
    let current = -1;
    for (const job of jobs) {
      if (job.vintage !== current) {
        painter = new DallePainter(inputs[job.vintage] as PaintInput, undefined, painter ?? undefined);
        current = job.vintage;
      }
      await onResult(job, await renderDalle(painter as DallePainter, job));
    }
    return;
  }
  const pending: Promise<void>[] = [];
  let next = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      let failed = false;
      const fail = (e: unknown): void => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      const feed = (w: Worker): void => {
        const job = jobs[next];
        if (!job) {
          if (active === 0) resolve();
          return;
        }
        next++;
        active++;
        w.postMessage(job);
      };
      for (let i = 0; i < count; i++) {
        const w = startWorker(inputs);
        pool.push(w);
        w.on('message', (reply: WorkerReply) => {
          active--;
          if ('error' in reply)
            return fail(new Error(`sample: painting dalle ${reply.id} failed in a worker:\n${reply.error}`));
          const job = jobs[reply.id] as DalleJob;
          pending.push(onResult(job, reply.bytes).catch(fail));
          if (next >= jobs.length && active === 0) resolve();
          else feed(w);
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (code !== 0) fail(new Error(`sample: a paint worker exited with code ${code}`));
        });
        feed(w);
      }
    });
    await Promise.all(pending);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
