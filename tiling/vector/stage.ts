/**
 * `runVector`: a vector file -> an MVT pyramid folder ({z}/{x}/{y}.pbf, metadata.json, legend.json)
 * through a job engine, the same bytes as the single-process `writeVectorPyramid`.
 *
 * 1. Setup (before anything is written): read, prepare and check the features (a bad input is
 *    refused as a whole), the WGS 84 layers, the plan (./plan.ts) and its fingerprint.
 * 2. Buckets: each job's features as newline-delimited GeoJSON in `<out>/.tiling/vector-buckets/`
 *    (the top job's bucket holds every feature); a marker records the finished pass.
 * 3. Jobs on the engine it is given (worker threads, or BullMQ workers), with a manifest: a killed
 *    run resumes, finished jobs are not redone, the result is the same bytes. A folder holding
 *    another plan (or no manifest) is replaced as a whole, as the single-process run does.
 * 4. metadata.json and legend.json, written last (their presence means the folder is complete);
 *    the buckets are removed.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Feature } from 'geojson';
import { DataError } from '../core';
import type { JobEngine, JobHandlerSpec } from '../engine';
import { handlerSpec, runWithManifest } from '../engine';
import type { InputCrs } from '../source/vector-file';
import { OGR_EXTENSIONS, readVectorFile } from '../source/vector-file';
import { FsManifest, FsTileTarget, STATE_DIR, writeFileAtomic } from '../write';
import type { VectorPyramid } from './build';
import { buildVectorPyramid } from './build';
import type { VectorJobHandlerConfig } from './handler';
import { bucketFile, VECTOR_EXTENSION } from './handler';
import type { VectorJobResult } from './job';
import type { VectorOptions } from './options';
import { NAME, VECTOR_DEFAULTS } from './options';
import type { VectorJob, VectorPyramidPlan } from './plan';
import { bucketLine, defaultJobZoom, planVectorPyramid, TOP_BUCKET } from './plan';
import type { PreparedLayer } from './prepare';
import { prepareFeatures } from './prepare';

/** Options of a vector run (every field JSON: a distributed batch keeps them to resume). */
export type VectorRunOptions = Partial<Omit<VectorOptions, 'kind'>> &
  Pick<VectorOptions, 'kind'> & {
    /** CRS of a GeoJSON without crs member (default EPSG:4326). */
    crs?: InputCrs | undefined;
    /** Level of the jobs' root tiles (default minZoom + 2, within the pyramid). */
    jobZoom?: number | undefined;
  };

/** Inputs of `setupVector` and `runVector`. */
export interface VectorInput {
  input: string;
  options: VectorRunOptions;
  /** Pyramid name in the metadata; default: the input's name without extension. */
  name?: string | undefined;
}

/** Options of `runVector`. */
export interface RunVectorOptions extends VectorInput {
  outDir: string;
  engine: JobEngine;
  onStart?(info: { jobs: number; tiles: number; resumed: number; features: number }): void;
  /**
   * Distributed engines: the handler spec is made portable (module names resolved by each worker)
   * and given here with the setup before any job runs, e.g. to register a BullMQ batch.
   */
  beforeRun?(setup: VectorSetup, spec: JobHandlerSpec): Promise<void>;
  onProgress?(done: number, total: number, tiles: number): void;
  signal?: AbortSignal;
  /** The setup of these inputs when the caller already has it (a batch's fingerprint). */
  setup?: VectorSetup;
}

/** The vector run's report (JSON). */
export interface VectorReport {
  complete: boolean;
  name: string;
  kind: VectorOptions['kind'];
  features: number;
  areaM2: number;
  levels: [number, number];
  jobZoom: number;
  jobs: { total: number; resumed: number; completed: number; failed: string[] };
  /** Upper bound of the plan (tiles of the levels over the bounds; empty tiles are not written). */
  plannedTiles: number;
  /** All jobs (this run and earlier runs of the same plan): tiles, bytes, tiles per level. */
  tiles: number;
  bytes: number;
  perZoom: Record<string, number>;
  /** This run. */
  runTiles: number;
  seconds: number;
  readSeconds: number;
  tilesPerSecond: number;
  workers: number;
  heat?: VectorPyramid['metadata']['heat'];
  errors: { job: string; message: string }[];
}

/** Everything a run needs, before any work. */
export interface VectorSetup {
  name: string;
  layer: PreparedLayer;
  pyramid: VectorPyramid;
  options: { minZoom: number; maxZoom: number; jobZoom: number };
  plan: VectorPyramidPlan;
  fingerprint: string;
  readSeconds: number;
}

/**
 * Reads, prepares and plans a run.
 * @throws DataError on a missing or bad input file, bad features or options (nothing written).
 */
export async function setupVector(o: VectorInput): Promise<VectorSetup> {
  const t0 = performance.now();
  const options = { ...VECTOR_DEFAULTS, ...stripUndefined(o.options) };
  const { minZoom, maxZoom } = options;
  const jobZoom = o.options.jobZoom ?? defaultJobZoom(minZoom, maxZoom);
  if (minZoom > maxZoom || jobZoom < minZoom || jobZoom > maxZoom)
    throw new DataError(
      `${NAME}: invalid levels: min zoom ${minZoom}, max zoom ${maxZoom}, job zoom ${jobZoom} (expected min <= job <= max); nothing was written.`,
    );
  try {
    await stat(o.input);
  } catch {
    throw new DataError(
      `${NAME}: the input "${o.input}" does not exist; expected OCS2D polygons or change detections (.geojson/.json, or ${OGR_EXTENSIONS.join(', ')} through GDAL). Nothing was written.`,
    );
  }
  const features = await readVectorFile(o.input, { crs: o.options.crs });
  const readSeconds = (performance.now() - t0) / 1000;
  const layer = prepareFeatures(basename(o.input), features, options);
  const name = o.name ?? basename(o.input, extname(o.input));
  const pyramid = buildVectorPyramid(name, layer, options);
  const planOptions = { minZoom, maxZoom, jobZoom };
  const plan = planVectorPyramid(pyramid.layers, pyramid.metadata.bounds, planOptions);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ v: 1, options: planOptions, metadata: pyramid.metadata }));
  for (const [l, fs] of Object.entries(pyramid.layers)) for (const f of fs) hash.update(bucketLine(l, f));
  const fingerprint = hash.digest('hex').slice(0, 16);
  return { name, layer, pyramid, options: planOptions, plan, fingerprint, readSeconds };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** True when `path` is a manifest of the plan `fingerprint`. */
function manifestOf(path: string, fingerprint: string): boolean {
  try {
    const first = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
    return (JSON.parse(first) as { plan?: unknown }).plan === fingerprint;
  } catch {
    return false;
  }
}

/** Writes `lines` to `path` (streamed, through a temporary file and a rename). */
async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {}); // awaited through the races below
  const write = async (chunk: string) => {
    if (!out.write(chunk))
      await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
  };
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk.length > 0) await write(chunk);
  await Promise.race([new Promise<void>((r) => out.end(() => r())), failed]);
  await rename(tmp, path);
}

/** Pass 2: the features of every job into its bucket file (skipped when done for this plan). */
async function writeBuckets(setup: VectorSetup, bucketDir: string): Promise<void> {
  const markerPath = join(bucketDir, 'done.json');
  try {
    const m = JSON.parse(await readFile(markerPath, 'utf8')) as { fingerprint?: string };
    if (m.fingerprint === setup.fingerprint) return;
  } catch {
    // no finished pass: (re)do it
  }
  await rm(bucketDir, { recursive: true, force: true });
  await mkdir(bucketDir, { recursive: true });
  const all: [string, Feature][] = [];
  for (const [l, fs] of Object.entries(setup.pyramid.layers)) for (const f of fs) all.push([l, f]);
  const line = ([l, f]: [string, Feature]) => bucketLine(l, f);
  for (const job of setup.plan.jobs) {
    const path = bucketFile(bucketDir, job.bucket);
    if (job.bucket === TOP_BUCKET) await writeLines(path, iterMap(all, line));
    else {
      const members = setup.plan.members.get(job.bucket) ?? [];
      await writeLines(
        path,
        iterMap(members, (i) => line(all[i] as [string, Feature])),
      );
    }
  }
  await writeFileAtomic(markerPath, JSON.stringify({ fingerprint: setup.fingerprint }), bucketDir);
}

function* iterMap<T, U>(items: readonly T[], f: (t: T) => U): Generator<U> {
  for (const t of items) yield f(t);
}

/** File of a job's result (its tiles per level), written by the coordinator before the manifest lists it. */
const resultFile = (dir: string, job: VectorJob) => join(dir, `${job.bucket}.json`);

/**
 * Builds (or resumes) the pyramid of `o.input` into `o.outDir`; resolves with its report.
 * @throws DataError on bad input or options (before anything is written).
 */
export async function runVector(o: RunVectorOptions): Promise<VectorReport> {
  const t0 = performance.now();
  const setup = o.setup ?? (await setupVector(o));
  const { pyramid, plan } = setup;
  const state = join(o.outDir, STATE_DIR);
  const manifestPath = join(state, 'manifest.jsonl');
  // Another plan's folder (or one the single-process run wrote) is replaced as a whole.
  if (!manifestOf(manifestPath, setup.fingerprint)) await rm(o.outDir, { recursive: true, force: true });
  // metadata.json marks a finished folder: gone while a run is under way.
  await rm(join(o.outDir, 'metadata.json'), { force: true });
  await rm(join(o.outDir, 'legend.json'), { force: true });
  const target = new FsTileTarget(o.outDir, { extension: VECTOR_EXTENSION });
  target.clearTemporaryFiles();
  const bucketDir = join(state, 'vector-buckets');
  const resultDir = join(state, 'vector-jobs');
  await mkdir(resultDir, { recursive: true });
  const manifest = FsManifest.open(manifestPath, setup.fingerprint);
  const ids = new Set(plan.jobs.map((j) => j.id));
  const done = new Set([...manifest.done.keys()].filter((k) => ids.has(k)));
  const report: VectorReport = {
    complete: false,
    name: setup.name,
    kind: pyramid.metadata.kind,
    features: setup.layer.features.length,
    areaM2: setup.layer.areaM2,
    levels: [setup.options.minZoom, setup.options.maxZoom],
    jobZoom: setup.options.jobZoom,
    jobs: { total: plan.jobs.length, resumed: done.size, completed: 0, failed: [] },
    plannedTiles: plan.tiles,
    tiles: 0,
    bytes: 0,
    perZoom: {},
    runTiles: 0,
    seconds: 0,
    readSeconds: setup.readSeconds,
    tilesPerSecond: 0,
    workers: o.engine.concurrency,
    ...(pyramid.metadata.heat ? { heat: pyramid.metadata.heat } : {}),
    errors: [],
  };
  try {
    if (done.size < plan.jobs.length) await writeBuckets(setup, bucketDir);
  } catch (e) {
    await manifest.close();
    throw e;
  }
  o.onStart?.({ jobs: plan.jobs.length, tiles: plan.tiles, resumed: done.size, features: report.features });
  const config: VectorJobHandlerConfig = {
    outDir: o.outDir,
    bucketDir,
    options: {
      minZoom: setup.options.minZoom,
      maxZoom: setup.options.maxZoom,
      bounds: pyramid.metadata.bounds,
    },
    layers: Object.keys(pyramid.layers),
  };
  const spec = handlerSpec('vector', config, { portable: o.beforeRun !== undefined });
  await o.beforeRun?.(setup, spec);
  await runWithManifest<VectorJob, VectorJobResult>({
    engine: o.engine,
    jobs: plan.jobs,
    handler: spec,
    manifest,
    done,
    report,
    signal: o.signal,
    beforeRecord: (job, r) => writeFileAtomic(resultFile(resultDir, job), JSON.stringify(r), target.tmpDir),
    onDone: (_job, r) => {
      report.runTiles += r.tiles;
      o.onProgress?.(done.size, plan.jobs.length, report.runTiles);
    },
  });
  const finish = () => {
    report.seconds = (performance.now() - t0) / 1000;
    report.tilesPerSecond = report.seconds > 0 ? report.runTiles / report.seconds : 0;
  };
  if (!report.complete) {
    for (const r of manifest.done.values()) {
      report.tiles += r.tiles;
      report.bytes += r.bytes;
    }
    finish();
    return report;
  }
  // Every job's figures (this run's and earlier runs'), levels in order.
  const perZoom: Record<string, number> = {};
  for (const job of plan.jobs) {
    const r = JSON.parse(await readFile(resultFile(resultDir, job), 'utf8')) as VectorJobResult;
    report.tiles += r.tiles;
    report.bytes += r.bytes;
    for (const [z, n] of Object.entries(r.perZoom)) perZoom[z] = (perZoom[z] ?? 0) + n;
  }
  for (let z = setup.options.minZoom; z <= setup.options.maxZoom; z++) {
    const n = perZoom[z];
    if (n !== undefined) report.perZoom[z] = n;
  }
  const { metadata } = pyramid;
  const { legend, attribution } = metadata;
  await writeFileAtomic(
    join(o.outDir, 'legend.json'),
    `${JSON.stringify({ attribution, legend }, null, 1)}\n`,
    target.tmpDir,
  );
  await writeFileAtomic(
    join(o.outDir, 'metadata.json'),
    `${JSON.stringify(metadata, null, 1)}\n`,
    target.tmpDir,
  );
  await rm(bucketDir, { recursive: true, force: true });
  finish();
  return report;
}
