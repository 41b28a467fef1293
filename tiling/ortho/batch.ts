/**
 * The ortho product on the distributed engine, as `tiling run --queue` and `tiling resume` drive
 * it: registers the batch in Redis (plan, handler spec, run options), coordinates it with
 * `BullMqJobEngine` through the very `runPyramid` of local runs, then writes tilejson.json,
 * WMTSCapabilities.xml, report.json (and optionally pyramid.pmtiles) to the output store.
 * Owns: `BatchRunOptions` (the ortho run options a batch keeps), `runBatch`, `resumeBatch`,
 * `packPyramid`. Imports BullMQ: load it lazily (the CLI does).
 */

import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchDalleInfo } from '../../format/batch-status';
import { DataError } from '../core';
import { tileExtension } from '../encode';
import type { JobHandlerSpec } from '../engine';
import { handlerSpec } from '../engine';
import type { BatchJobOptions, BatchResumer, BullMqEngineOptions } from '../engine/bullmq';
import {
  BATCH_JOB_DEFAULTS,
  BullMqJobEngine,
  batchIdOf,
  createRedis,
  NAME as ENGINE_NAME,
  RedisBatch,
  RedisManifest,
  waitForRedis,
} from '../engine/bullmq';
import type { TilingPlan } from '../plan';
import type { StorageSpec } from '../storage';
import { openStorage, storageSpecOf } from '../storage';
import { writePmtiles } from '../storage/pmtiles';
import type { TileTarget } from '../write';
import { createProgressPrinter, formatSummary } from './cli';
import type { TileJobHandlerConfig } from './handler';
import { planContext } from './job';
import { checkPackedLayout, writePackedIndex } from './packed';
import type { RunProgress, RunReport } from './run';
import { runPyramid } from './run';

/** The ortho run options kept with a batch, so `tiling resume` can finish it alone. */
export interface BatchRunOptions {
  /** Output: a folder path or s3://bucket/prefix. */
  out: string;
  /** S3-compatible endpoint (s3:// outputs). */
  s3Endpoint?: string;
  name: string;
  attribution: string;
  baseUrl: string;
  onError: 'stop' | 'skip';
  /** Also pack the finished pyramid into one PMTiles v3 archive, `pyramid.pmtiles` beside it. */
  pack?: 'pmtiles';
  /** Packed layout: each job writes one archive `packs/<z>/<x>/<y>.pmtiles` (./packed.ts). */
  packed?: boolean;
}

/** Options of `runBatch`. */
export interface RunBatchOptions {
  url: string;
  /** Batch id; default: from the plan's fingerprint and the output. */
  batch?: string;
  run: BatchRunOptions;
  jobs?: Partial<BatchJobOptions>;
  engine?: Partial<Pick<BullMqEngineOptions, 'window' | 'pollMs'>>;
  onStart?(info: { batch: string; jobs: number; resumed: number }): void;
  onProgress?(p: RunProgress): void;
  signal?: AbortSignal;
}

/** The handler spec of a batch: the ortho handler, named portably (resolved by each worker). */
export function batchHandlerSpec(plan: TilingPlan, run: BatchRunOptions): JobHandlerSpec {
  const storage = storageSpecOf(run.out, run.s3Endpoint ? { s3Endpoint: run.s3Endpoint } : {});
  const config: TileJobHandlerConfig = {
    outDir: storage.kind === 'fs' ? storage.dir : '',
    plan: planContext(plan),
    storage,
    ...(run.packed ? { packed: true } : {}),
  };
  return handlerSpec('ortho', config, { portable: true });
}

/** The plan's dalles as the console draws them: name, footprint in the mosaic's CRS, the source jobs reading each. */
export function batchDallesOf(plan: TilingPlan): BatchDalleInfo[] {
  const jobs: string[][] = plan.mosaic.dalles.map(() => []);
  for (const j of plan.jobs) if (j.kind === 'source') for (const d of j.dalles) jobs[d]?.push(j.id);
  const [ox, sx, , oy, , sy] = plan.mosaic.geoTransform;
  return plan.mosaic.dalles.map((d, i) => {
    const minX = ox + d.col * sx;
    const maxY = oy + d.row * sy;
    return {
      name: d.id.split(/[\\/]/).pop() ?? d.id,
      epsg: plan.mosaic.epsg,
      bbox: [minX, maxY + d.height * sy, minX + d.width * sx, maxY],
      jobs: jobs[i] ?? [],
    };
  });
}

/** Runs (or resumes) a batch to its end; resolves with the run's report and the batch id. */
export async function runBatch(
  plan: TilingPlan,
  o: RunBatchOptions,
): Promise<{ batch: string; report: RunReport }> {
  const storageSpec = storageSpecOf(o.run.out, o.run.s3Endpoint ? { s3Endpoint: o.run.s3Endpoint } : {});
  const out = storageSpec.kind === 'fs' ? storageSpec.dir : o.run.out;
  const run: BatchRunOptions = { ...o.run, out };
  const batchId = o.batch ?? batchIdOf(plan.fingerprint, out);
  const jobs: BatchJobOptions = { ...BATCH_JOB_DEFAULTS, ...o.jobs };
  const engine = new BullMqJobEngine({ url: o.url, batch: batchId, jobs, ...o.engine });
  const storage = await openStorage(storageSpec, tileExtension(plan.options.format));
  try {
    const batch: RedisBatch = engine.batch;
    const spec = batchHandlerSpec(plan, run);
    await batch.register(plan, spec, run, jobs);
    await batch.registerDalles(
      batchDallesOf(plan),
      plan.skipped.map((d) => ({ id: d.id.split(/[\\/]/).pop() ?? d.id, reasons: d.reasons })),
    );
    const manifest = await RedisManifest.open(batch);
    if (storageSpec.kind === 'fs')
      checkPackedLayout(storageSpec.dir, run.packed === true, manifest.done.size);
    if (run.packed) await writePackedIndex(storage.target, plan);
    o.onStart?.({ batch: batchId, jobs: plan.jobs.length, resumed: manifest.done.size });
    const report = await runPyramid(plan, {
      engine,
      handler: spec,
      manifest,
      target: storage.target,
      side: storage.side,
      onError: run.onError,
      name: run.name,
      attribution: run.attribution,
      baseUrl: run.baseUrl,
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (report.complete) {
      await storage.side.clear();
      if (run.pack === 'pmtiles') await packPyramid(plan, storage.target, storageSpec, run.name);
      await batch.setState('complete');
    }
    await storage.target.putFile(
      'report.json',
      `${JSON.stringify({ ...report, batch: batchId }, null, 2)}\n`,
    );
    return { batch: batchId, report };
  } finally {
    storage.close();
    await engine.close();
  }
}

/** Name of the packed archive beside the tiles. */
export const PACKED_NAME = 'pyramid.pmtiles';

/** Packs every tile of a finished pyramid into `pyramid.pmtiles` beside it (written locally, then put). */
export async function packPyramid(
  plan: TilingPlan,
  target: TileTarget,
  spec: StorageSpec,
  name: string,
): Promise<void> {
  function* tiles() {
    for (const l of plan.levels)
      for (let x = l.range.minX; x <= l.range.maxX; x++)
        for (let y = l.range.minY; y <= l.range.maxY; y++) yield { z: l.z, x, y };
  }
  const local =
    spec.kind === 'fs' ? join(spec.dir, PACKED_NAME) : join(tmpdir(), `tiling-${process.pid}-${PACKED_NAME}`);
  await writePmtiles(local, tiles(), (t) => target.getTile(t), {
    boundsLonLat: plan.boundsLonLat,
    minZoom: plan.options.minZoom,
    maxZoom: plan.options.maxZoom,
    metadata: { name, format: plan.options.format, fingerprint: plan.fingerprint },
  });
  if (spec.kind === 's3') {
    try {
      await target.putFile(PACKED_NAME, await readFile(local));
    } finally {
      await rm(local, { force: true });
    }
  }
}

/** Resumes a batch from what Redis holds (plan, output, options): `tiling resume`. */
export async function resumeBatch(
  url: string,
  batchId: string,
  o: Omit<RunBatchOptions, 'url' | 'batch' | 'run'> = {},
): Promise<{ batch: string; report: RunReport }> {
  const redis = createRedis(url);
  let plan: TilingPlan;
  let run: BatchRunOptions;
  let jobs: BatchJobOptions;
  try {
    await waitForRedis(redis, url);
    const batch = new RedisBatch(redis, batchId);
    if (!(await batch.exists()))
      throw new DataError(
        `${ENGINE_NAME}: no batch "${batchId}" in ${url} ("tiling status --queue ${url}" lists them).`,
      );
    plan = await batch.plan<TilingPlan>();
    run = await batch.runOptions<BatchRunOptions>();
    jobs = await batch.jobOptions();
    await batch.setState('running');
  } finally {
    await redis.quit().catch(() => {});
  }
  return runBatch(plan, { ...o, url, batch: batchId, run, jobs });
}

/** `tiling resume` of an ortho batch (named in the engine's registry, `PRODUCT_BATCHES`). */
export const resumeOrthoBatch: BatchResumer = async (ctx) => {
  const progress = ctx.progress ? createProgressPrinter(process.stderr) : null;
  try {
    const { batch, report } = await resumeBatch(ctx.url, ctx.batch, {
      onStart: (i) =>
        console.error(
          `tiling: batch ${i.batch}: ${i.jobs} jobs${i.resumed > 0 ? `, ${i.resumed} already done` : ''}; start workers with "tiling worker --queue ${ctx.url}"`,
        ),
      ...(progress ? { onProgress: (p: RunProgress) => progress.update(p) } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    return { batch, complete: report.complete, summary: formatSummary(report, `batch ${batch}`), report };
  } finally {
    progress?.end();
  }
};
