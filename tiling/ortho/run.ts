/**
 * The ortho product's run over any engine: `runPyramid` runs every job of a plan not yet in the
 * manifest (resume after a crash), leaves a bad dalle out and retries with --on-error skip, and
 * once complete writes tilejson.json and WMTSCapabilities.xml. Local runs (./stage.ts) and
 * distributed batches (./batch.ts) both go through it.
 * Owns: `RunProgress`, `RunReport`, `RunPyramidOptions`.
 */
import type { JobEngine, JobFailure, JobHandlerSpec } from '../engine';
import type { TileJob, TilingPlan } from '../plan';
import type { JobManifest, SideStore, TileTarget } from '../write';
import type { TileJobMessage, TileJobResult } from './job';
import { writePyramidMetadata } from './metadata';

/** Progress of a run, reported after every job. */
export interface RunProgress {
  /** Planned tiles of the jobs done (this run and before), and of all jobs. */
  plannedDone: number;
  plannedTotal: number;
  /** Written in this run. */
  tiles: number;
  bytes: number;
  sourcePixels: number;
  jobsDone: number;
  jobsTotal: number;
  /** Seconds since this run started. */
  seconds: number;
}

/** The run's JSON report (`report.json`). */
export interface RunReport {
  complete: boolean;
  fingerprint: string;
  format: string;
  minZoom: number;
  maxZoom: number;
  jobs: { total: number; resumed: number; completed: number; failed: string[]; blocked: string[] };
  /** Tiles and bytes written, this run and earlier runs of the same plan together. */
  tiles: number;
  bytes: number;
  tilesPerZoom: Record<string, number>;
  emptyTiles: number;
  /** This run only. */
  seconds: number;
  sourcePixels: number;
  tilesPerSecond: number;
  sourceMegapixelsPerSecond: number;
  /** Seconds summed over jobs (this run): whole jobs, waiting for dalle reads, waiting for the encoder. */
  jobSeconds: { total: number; read: number; encodeWait: number };
  /** What encoded the JPEG tiles of this run's jobs: 'tile-jpeg' (the batch addon), 'sharp', or both. */
  jpegEncoders: string[];
  skippedDalles: { id: string; reasons: string[]; jobs?: string[] }[];
  errors: { job: string; message: string }[];
}

/** Options of `runPyramid`. */
export interface RunPyramidOptions {
  engine: JobEngine;
  /** How workers build the job handler (`handlerSpec('ortho', config)` of the engine's registry). */
  handler: JobHandlerSpec;
  manifest: JobManifest;
  target: TileTarget;
  /** Side store, for deleting entries once consumed (null: keep them). */
  side: SideStore | null;
  onError: 'stop' | 'skip';
  /** TileJSON and WMTS text. */
  name: string;
  attribution: string;
  /** Base URL of the tiles in WMTS (and TileJSON when set); "" for relative. */
  baseUrl: string;
  onProgress?(p: RunProgress): void;
  signal?: AbortSignal;
}

/** Runs every job of a plan not yet in the manifest, then writes tilejson.json and WMTSCapabilities.xml. */
export async function runPyramid(plan: TilingPlan, o: RunPyramidOptions): Promise<RunReport> {
  const t0 = performance.now();
  const done = new Set(o.manifest.done.keys());
  const jobsById = new Map(plan.jobs.map((j) => [j.id, j]));
  let plannedDone = 0;
  let tiles = 0;
  let bytes = 0;
  for (const r of o.manifest.done.values()) {
    plannedDone += jobsById.get(r.job)?.tiles ?? 0;
    tiles += r.tiles;
    bytes += r.bytes;
  }
  const report: RunReport = {
    complete: false,
    fingerprint: plan.fingerprint,
    format: plan.options.format,
    minZoom: plan.options.minZoom,
    maxZoom: plan.options.maxZoom,
    jobs: { total: plan.jobs.length, resumed: done.size, completed: 0, failed: [], blocked: [] },
    tiles: 0,
    bytes: 0,
    tilesPerZoom: {},
    emptyTiles: 0,
    seconds: 0,
    sourcePixels: 0,
    tilesPerSecond: 0,
    sourceMegapixelsPerSecond: 0,
    jobSeconds: { total: 0, read: 0, encodeWait: 0 },
    jpegEncoders: [],
    skippedDalles: plan.skipped.map((s) => ({ id: s.id, reasons: [...s.reasons] })),
    errors: [],
  };
  const runtimeSkipped = new Map<number, { reasons: Set<string>; jobs: Set<string> }>();
  let runTiles = 0;
  let runBytes = 0;
  const progress = () =>
    o.onProgress?.({
      plannedDone,
      plannedTotal: plan.totalTiles,
      tiles: runTiles,
      bytes: runBytes,
      sourcePixels: report.sourcePixels,
      jobsDone: done.size,
      jobsTotal: plan.jobs.length,
      seconds: (performance.now() - t0) / 1000,
    });
  progress();

  const summary = await o.engine.run<TileJobMessage, TileJobResult>(plan.jobs, {
    handler: o.handler,
    done,
    signal: o.signal,
    onDone: async (job, r) => {
      await o.manifest.record({ job: job.id, tiles: r.tiles, bytes: r.bytes });
      done.add(job.id);
      if (o.side && job.kind === 'children') {
        await o.side.delete(job.deps.map((id) => jobsById.get(id) as TileJob));
      }
      plannedDone += job.tiles;
      runTiles += r.tiles;
      runBytes += r.bytes;
      report.sourcePixels += r.sourcePixels;
      report.emptyTiles += r.emptyTiles;
      report.jobSeconds.total += r.seconds;
      report.jobSeconds.read += r.readSeconds;
      report.jobSeconds.encodeWait += r.waitSeconds;
      if (r.jpegEncoder && !report.jpegEncoders.includes(r.jpegEncoder))
        report.jpegEncoders.push(r.jpegEncoder);
      for (const [z, n] of Object.entries(r.tilesPerZoom))
        report.tilesPerZoom[z] = (report.tilesPerZoom[z] ?? 0) + n;
      progress();
    },
    onFailed: (job, failure: JobFailure, attempt) => {
      const dalle = failure.details.dalle;
      if (
        o.onError === 'skip' &&
        failure.isDataError &&
        typeof dalle === 'number' &&
        attempt <= job.dalles.length
      ) {
        const entry = runtimeSkipped.get(dalle) ?? { reasons: new Set<string>(), jobs: new Set<string>() };
        entry.reasons.add(failure.message);
        entry.jobs.add(job.id);
        runtimeSkipped.set(dalle, entry);
        return { action: 'retry', job: { ...job, exclude: [...(job.exclude ?? []), dalle] } };
      }
      report.errors.push({
        job: job.id,
        message: failure.isDataError ? failure.message : (failure.stack ?? failure.message),
      });
      return { action: 'stop' };
    },
  });

  report.jobs.completed = summary.completed;
  report.jobs.failed = summary.failed;
  report.jobs.blocked = summary.blocked;
  for (const [index, e] of [...runtimeSkipped.entries()].sort((a, b) => a[0] - b[0])) {
    report.skippedDalles.push({
      id: plan.mosaic.dalles[index]?.id ?? String(index),
      reasons: [...e.reasons],
      jobs: [...e.jobs].sort(),
    });
  }
  report.tiles = tiles + runTiles;
  report.bytes = bytes + runBytes;
  report.seconds = (performance.now() - t0) / 1000;
  report.tilesPerSecond = report.seconds > 0 ? runTiles / report.seconds : 0;
  report.sourceMegapixelsPerSecond = report.seconds > 0 ? report.sourcePixels / 1e6 / report.seconds : 0;
  report.complete = !summary.stopped && summary.failed.length === 0 && done.size === plan.jobs.length;

  if (report.complete) {
    await writePyramidMetadata(plan, o.target, {
      name: o.name,
      attribution: o.attribution,
      baseUrl: o.baseUrl,
    });
  }
  return report;
}
