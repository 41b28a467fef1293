/**
 * The state of one distributed batch, in Redis next to BullMQ's own keys. Everything a worker, the
 * coordinator (`tiling run --queue`) and `tiling status|cancel|resume` need, so any of them can be
 * started on any machine knowing only the Redis URL and the batch id:
 *
 *   tiling:batches                set of batch ids
 *   tiling:b:<id>:meta            hash: state, created, out, totals and running counters
 *   tiling:b:<id>:spec            JSON: how workers build the job handler (module NAMES, not paths)
 *   tiling:b:<id>:plan            deflated JSON of the whole plan (for resume)
 *   tiling:b:<id>:run             JSON: run options (name, attribution, base URL, output)
 *   tiling:b:<id>:done            hash: job id -> {job, tiles, bytes}  (the batch's manifest)
 *   tiling:b:<id>:zoom            hash: zoom -> tiles written
 *   tiling:b:<id>:workers         hash: "<worker>|jobs|tiles|seconds|last" -> number
 *   tiling:b:<id>:failed          hash: job id -> {message, attempts, at}  (failed for good)
 *   tiling:b:<id>:errors          hash: job id -> last JobFailure (written by the worker)
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { BatchState } from '../../../format/batch-status';
import { DataError, hashString } from '../../core';
import type { JobFailure, JobHandlerSpec, QueueJob } from '..';
import { NAME } from './connection';

/**
 * What a batch keeps of its plan: any product's plan with a fingerprint, its jobs (each with the
 * tiles it is planned to write) and the planned tiles per zoom. Stored whole, for `tiling resume`.
 */
export interface BatchPlan {
  fingerprint: string;
  jobs: readonly QueueJob[];
  totalTiles: number;
  levels: readonly { z: number; tiles: number }[];
}

/** The run options a product keeps with its batch (JSON), so `tiling resume` can finish it alone. */
export interface BatchRunRecord {
  /** Output: a folder path or s3://bucket/prefix. */
  out: string;
}

/** Retry and stall settings of a batch's jobs. */
export interface BatchJobOptions {
  /** Tries of a job before it is reported failed (3). */
  attempts: number;
  /** First retry delay in ms, doubled each time (1000). */
  backoffMs: number;
}

export const BATCH_JOB_DEFAULTS: BatchJobOptions = { attempts: 3, backoffMs: 1000 };

/** A job's record in the batch's manifest. */
export interface BatchDoneRecord {
  job: string;
  tiles: number;
  bytes: number;
}

/** The id of the batch of a plan written to `out`: same plan, same output, same batch (re-enqueue = no-op). */
export function batchIdOf(fingerprint: string, out: string): string {
  return `b${hashString(`${fingerprint}|${out}`).slice(0, 12)}`;
}

/** Checks a user-given batch id (it becomes part of Redis keys and BullMQ job ids). */
export function checkBatchId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw new DataError(`${NAME}: batch id "${id}" may only hold letters, digits, "-" and "_" (64 at most).`);
  return id;
}

/** BullMQ job id of a plan job: "<batch>.<z-x-y>" (custom ids may not hold ":"). */
export function bullJobId(batch: string, jobId: string): string {
  return `${batch}.${jobId}`;
}

/** Keys and accessors of one batch. */
export class RedisBatch {
  readonly key: (part: string) => string;

  constructor(
    readonly redis: Redis,
    readonly id: string,
  ) {
    checkBatchId(id);
    this.key = (part) => `tiling:b:${id}:${part}`;
  }

  /** True when the batch was registered. */
  async exists(): Promise<boolean> {
    return (await this.redis.exists(this.key('meta'))) === 1;
  }

  /**
   * Stores what workers and `resume` need (idempotent: a batch already there keeps its counters).
   * @throws DataError when the id is taken by a batch of another plan.
   */
  async register(
    plan: BatchPlan,
    spec: JobHandlerSpec,
    run: BatchRunRecord,
    jobs: BatchJobOptions,
  ): Promise<void> {
    const meta = this.key('meta');
    const existing = await this.redis.hget(meta, 'fingerprint');
    if (existing !== null && existing !== plan.fingerprint) {
      throw new DataError(
        `${NAME}: batch "${this.id}" belongs to another plan (fingerprint ${existing}, this one is ${plan.fingerprint}); choose another --batch or output.`,
      );
    }
    const levels = Object.fromEntries(plan.levels.map((l) => [String(l.z), l.tiles]));
    const m = this.redis.multi();
    m.sadd('tiling:batches', this.id);
    m.set(this.key('spec'), JSON.stringify(spec));
    m.set(this.key('run'), JSON.stringify(run));
    m.set(this.key('plan'), deflateRawSync(Buffer.from(JSON.stringify(plan)), { level: 6 }));
    m.hset(meta, {
      fingerprint: plan.fingerprint,
      out: run.out,
      jobsTotal: plan.jobs.length,
      plannedTotal: plan.totalTiles,
      levels: JSON.stringify(levels),
      attempts: jobs.attempts,
      backoffMs: jobs.backoffMs,
    });
    m.hsetnx(meta, 'created', new Date().toISOString());
    await m.exec();
  }

  async state(): Promise<BatchState | null> {
    return (await this.redis.hget(this.key('meta'), 'state')) as BatchState | null;
  }

  async setState(state: BatchState): Promise<void> {
    await this.redis.hset(this.key('meta'), 'state', state, 'updated', new Date().toISOString());
  }

  async spec(): Promise<JobHandlerSpec> {
    const text = await this.redis.get(this.key('spec'));
    if (text === null)
      throw new DataError(`${NAME}: no batch "${this.id}" in this Redis (tiling status lists them).`);
    return JSON.parse(text) as JobHandlerSpec;
  }

  /** The plan registered with the batch (the product that registered it knows its type). */
  async plan<P extends BatchPlan = BatchPlan>(): Promise<P> {
    const bytes = await this.redis.getBuffer(this.key('plan'));
    if (bytes === null)
      throw new DataError(`${NAME}: no batch "${this.id}" in this Redis (tiling status lists them).`);
    return JSON.parse(inflateRawSync(bytes).toString('utf8')) as P;
  }

  /** The run options registered with the batch (the product that registered them knows their type). */
  async runOptions<R extends BatchRunRecord = BatchRunRecord>(): Promise<R> {
    const text = await this.redis.get(this.key('run'));
    if (text === null)
      throw new DataError(`${NAME}: no batch "${this.id}" in this Redis (tiling status lists them).`);
    return JSON.parse(text) as R;
  }

  async jobOptions(): Promise<BatchJobOptions> {
    const [a, b] = await this.redis.hmget(this.key('meta'), 'attempts', 'backoffMs');
    return {
      attempts: Number(a ?? BATCH_JOB_DEFAULTS.attempts),
      backoffMs: Number(b ?? BATCH_JOB_DEFAULTS.backoffMs),
    };
  }

  /** The manifest: every job recorded done. */
  async done(): Promise<Map<string, BatchDoneRecord>> {
    const all = await this.redis.hgetall(this.key('done'));
    const out = new Map<string, BatchDoneRecord>();
    for (const [id, text] of Object.entries(all)) out.set(id, JSON.parse(text) as BatchDoneRecord);
    return out;
  }

  /**
   * Counts a finished job once (progress per zoom, per worker), atomically with its manifest entry.
   * Returns false when it was already counted (reported twice, or done before a restart).
   */
  async countDone(
    record: BatchDoneRecord,
    o: { planned: number; worker: string; seconds: number; tilesPerZoom: Record<string, number> },
  ): Promise<boolean> {
    const first = await this.redis.hsetnx(this.key('done'), record.job, JSON.stringify(record));
    if (first === 0) return false;
    const now = Date.now();
    const m = this.redis.multi();
    const meta = this.key('meta');
    m.hincrby(meta, 'plannedDone', o.planned);
    m.hincrby(meta, 'jobsDone', 1);
    m.hincrby(meta, 'tiles', record.tiles);
    m.hincrby(meta, 'bytes', record.bytes);
    m.hsetnx(meta, 'firstDoneAt', now);
    m.hset(meta, 'lastDoneAt', now);
    for (const [z, n] of Object.entries(o.tilesPerZoom)) m.hincrby(this.key('zoom'), z, n);
    const w = this.key('workers');
    m.hincrby(w, `${o.worker}|jobs`, 1);
    m.hincrby(w, `${o.worker}|tiles`, record.tiles);
    m.hincrbyfloat(w, `${o.worker}|seconds`, o.seconds);
    m.hset(w, `${o.worker}|last`, now);
    m.hdel(this.key('failed'), record.job);
    await m.exec();
    return true;
  }

  async recordDone(record: BatchDoneRecord): Promise<void> {
    await this.redis.hset(this.key('done'), record.job, JSON.stringify(record));
  }

  /** Records a job that failed for good, with its error (shown by `tiling status`). */
  async recordFailed(jobId: string, message: string, attempts: number): Promise<void> {
    await this.redis.hset(
      this.key('failed'),
      jobId,
      JSON.stringify({ message, attempts, at: new Date().toISOString() }),
    );
  }

  /** The worker's record of a job's last error (with the details a retry decision needs). */
  async lastError(jobId: string): Promise<JobFailure | null> {
    const text = await this.redis.hget(this.key('errors'), jobId);
    return text === null ? null : (JSON.parse(text) as JobFailure);
  }

  async setLastError(jobId: string, failure: JobFailure): Promise<void> {
    await this.redis.hset(this.key('errors'), jobId, JSON.stringify(failure));
  }

  /** Removes every key of the batch (BullMQ jobs are removed by the caller). */
  async forget(): Promise<void> {
    const parts = ['meta', 'spec', 'plan', 'run', 'done', 'zoom', 'workers', 'failed', 'errors'];
    await this.redis.del(...parts.map(this.key));
    await this.redis.srem('tiling:batches', this.id);
  }
}

/** Ids of the batches registered in this Redis. */
export async function listBatches(redis: Redis): Promise<string[]> {
  return (await redis.smembers('tiling:batches')).sort();
}
