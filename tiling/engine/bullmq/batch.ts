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
 *   + the per-dalle aggregates the console reads (dalles, dalle-info, dalle-skipped, stalled) and a
 *   message on the "tiling:events" channel after each change: the layout is the contract's
 *   (format/batch-status.ts `batchKey`), read by format/node/batch-reader.ts.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { BatchDalleInfo, BatchEventKind, BatchKeyPart, BatchState } from '../../../format/batch-status';
import {
  BATCH_EVENTS_CHANNEL,
  BATCH_KEY_PARTS,
  BATCHES_KEY,
  batchKey,
  DALLE_FIELDS,
} from '../../../format/batch-status';
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

/**
 * Lua: a dalle's state from its counters, as format/batch-status.ts `dalleStateOf` says, and the
 * move of one dalle between the per-state counters of the batch's meta (dallesPlanned...).
 */
const DALLE_LUA = `
local function state(p, d, f)
  if f > 0 then return 'Failed' end
  if p > 0 and d >= p then return 'Done' end
  if d > 0 then return 'Running' end
  return 'Planned'
end
local function counters(key, i)
  local v = redis.call('HMGET', key, i .. '|p', i .. '|d', i .. '|f')
  return tonumber(v[1] or '0'), tonumber(v[2] or '0'), tonumber(v[3] or '0')
end
local function move(meta, before, after)
  if before ~= after then
    redis.call('HINCRBY', meta, 'dalles' .. before, -1)
    redis.call('HINCRBY', meta, 'dalles' .. after, 1)
  end
end`;

/**
 * A job done (once): forgets its failure (a retried job), counts it on each of its dalles and moves
 * them between states. KEYS: failed, dalles, meta; ARGV: job, dalle indexes.
 */
const DONE_SCRIPT = `${DALLE_LUA}
local unfail = redis.call('HDEL', KEYS[1], ARGV[1]) == 1
for i = 2, #ARGV do
  local p, d, f = counters(KEYS[2], ARGV[i])
  local before = state(p, d, f)
  d = redis.call('HINCRBY', KEYS[2], ARGV[i] .. '|d', 1)
  if unfail and f > 0 then f = redis.call('HINCRBY', KEYS[2], ARGV[i] .. '|f', -1) end
  move(KEYS[3], before, state(p, d, f))
end
return 1`;

/**
 * A job failed for good: its record and, the first time, a failure on each of its dalles.
 * KEYS: failed, dalles, meta; ARGV: job, record JSON, dalle indexes.
 */
const FAILED_SCRIPT = `${DALLE_LUA}
if redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
for i = 3, #ARGV do
  local p, d, f = counters(KEYS[2], ARGV[i])
  local before = state(p, d, f)
  f = redis.call('HINCRBY', KEYS[2], ARGV[i] .. '|f', 1)
  move(KEYS[3], before, state(p, d, f))
end
return 1`;

/** Keys and accessors of one batch. */
export class RedisBatch {
  readonly key: (part: string) => string;

  constructor(
    readonly redis: Redis,
    readonly id: string,
  ) {
    checkBatchId(id);
    this.key = (part) => batchKey(id, part as BatchKeyPart);
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
    m.sadd(BATCHES_KEY, this.id);
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
    m.publish(BATCH_EVENTS_CHANNEL, `${this.id} registered`);
    await m.exec();
  }

  /**
   * Stores the plan's dalles for the console (footprint, the source jobs reading each) and their
   * counters, once: a batch registered again (resume) keeps its counters.
   */
  async registerDalles(
    dalles: readonly BatchDalleInfo[],
    skipped: readonly { id: string; reasons: string[] }[],
  ): Promise<void> {
    const meta = this.key('meta');
    if ((await this.redis.hsetnx(meta, 'dallesTotal', dalles.length + skipped.length)) === 0) return;
    const m = this.redis.multi();
    for (let i = 0; i < dalles.length; i += 1000) {
      const info: Record<string, string> = {};
      const counts: Record<string, number> = {};
      dalles.slice(i, i + 1000).forEach((d, k) => {
        info[String(i + k)] = JSON.stringify(d);
        counts[DALLE_FIELDS.planned(i + k)] = d.jobs.length;
      });
      m.hset(this.key('dalle-info'), info);
      m.hset(this.key('dalles'), counts);
    }
    for (const s of skipped) m.hset(this.key('dalle-skipped'), s.id, JSON.stringify(s.reasons));
    m.hset(meta, {
      dallesSkipped: skipped.length,
      dallesPlanned: dalles.length,
      dallesRunning: 0,
      dallesDone: 0,
      dallesFailed: 0,
    });
    await m.exec();
  }

  /** Tells listeners (the console's server) that the batch changed. */
  async publish(kind: BatchEventKind, dalles: readonly number[] = []): Promise<void> {
    await this.redis.publish(BATCH_EVENTS_CHANNEL, `${this.id} ${kind} ${dalles.join(',')}`.trimEnd());
  }

  /** Records that a job's worker died mid-job and the job went back to the queue. */
  async recordStalled(jobId: string): Promise<void> {
    const m = this.redis.multi();
    m.hincrby(this.key('stalled'), jobId, 1);
    m.hset(this.key('stalled'), `${jobId}|at`, new Date().toISOString());
    m.hincrby(this.key('meta'), 'stalled', 1);
    m.publish(BATCH_EVENTS_CHANNEL, `${this.id} stalled`);
    await m.exec();
  }

  async state(): Promise<BatchState | null> {
    return (await this.redis.hget(this.key('meta'), 'state')) as BatchState | null;
  }

  async setState(state: BatchState): Promise<void> {
    await this.redis.hset(this.key('meta'), 'state', state, 'updated', new Date().toISOString());
    await this.publish('state');
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
    o: {
      planned: number;
      worker: string;
      seconds: number;
      tilesPerZoom: Record<string, number>;
      /** Indexes of the dalles the job read (per-dalle aggregates of the console). */
      dalles?: readonly number[];
    },
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
    const dalles = o.dalles ?? [];
    m.eval(DONE_SCRIPT, 3, this.key('failed'), this.key('dalles'), meta, record.job, ...dalles);
    m.publish(BATCH_EVENTS_CHANNEL, `${this.id} done ${dalles.join(',')}`.trimEnd());
    await m.exec();
    return true;
  }

  /**
   * `countDone` for many jobs in two round trips (the streamed coordinator, runJobStream): the same
   * counters, summed per chunk, and one "done" message for the chunk. Returns, per job, whether it
   * was counted now (false: already counted).
   */
  async countDoneMany(
    list: readonly { record: BatchDoneRecord; o: Parameters<RedisBatch['countDone']>[1] }[],
  ): Promise<boolean[]> {
    if (list.length === 0) return [];
    const p = this.redis.pipeline();
    for (const { record } of list) p.hsetnx(this.key('done'), record.job, JSON.stringify(record));
    const firsts = ((await p.exec()) ?? []).map(([, v]) => v === 1);
    const counted = list.filter((_, i) => firsts[i]);
    if (counted.length === 0) return firsts;
    const now = Date.now();
    const meta = this.key('meta');
    const sum = (f: (c: (typeof list)[number]) => number) => counted.reduce((a, c) => a + f(c), 0);
    const m = this.redis.multi();
    m.hincrby(
      meta,
      'plannedDone',
      sum((c) => c.o.planned),
    );
    m.hincrby(meta, 'jobsDone', counted.length);
    m.hincrby(
      meta,
      'tiles',
      sum((c) => c.record.tiles),
    );
    m.hincrby(
      meta,
      'bytes',
      sum((c) => c.record.bytes),
    );
    m.hsetnx(meta, 'firstDoneAt', now);
    m.hset(meta, 'lastDoneAt', now);
    const zooms = new Map<string, number>();
    const workers = new Map<string, { jobs: number; tiles: number; seconds: number }>();
    const allDalles: number[] = [];
    const plain: string[] = [];
    for (const { record, o } of counted) {
      for (const [z, n] of Object.entries(o.tilesPerZoom)) zooms.set(z, (zooms.get(z) ?? 0) + n);
      const w = workers.get(o.worker) ?? { jobs: 0, tiles: 0, seconds: 0 };
      w.jobs++;
      w.tiles += record.tiles;
      w.seconds += o.seconds;
      workers.set(o.worker, w);
      const dalles = o.dalles ?? [];
      if (dalles.length > 0) {
        m.eval(DONE_SCRIPT, 3, this.key('failed'), this.key('dalles'), meta, record.job, ...dalles);
        allDalles.push(...dalles);
      } else plain.push(record.job);
    }
    // Jobs with no dalle: the script would only forget their failure.
    if (plain.length > 0) m.hdel(this.key('failed'), ...plain);
    for (const [z, n] of zooms) m.hincrby(this.key('zoom'), z, n);
    const wk = this.key('workers');
    for (const [name, w] of workers) {
      m.hincrby(wk, `${name}|jobs`, w.jobs);
      m.hincrby(wk, `${name}|tiles`, w.tiles);
      m.hincrbyfloat(wk, `${name}|seconds`, w.seconds);
      m.hset(wk, `${name}|last`, now);
    }
    m.publish(BATCH_EVENTS_CHANNEL, `${this.id} done ${[...new Set(allDalles)].join(',')}`.trimEnd());
    await m.exec();
    return firsts;
  }

  async recordDone(record: BatchDoneRecord): Promise<void> {
    await this.redis.hset(this.key('done'), record.job, JSON.stringify(record));
  }

  /** Records a job that failed for good, with its error (shown by `tiling status`) and its dalles' counters. */
  async recordFailed(
    jobId: string,
    message: string,
    attempts: number,
    dalles: readonly number[] = [],
  ): Promise<void> {
    const m = this.redis.multi();
    m.eval(
      FAILED_SCRIPT,
      3,
      this.key('failed'),
      this.key('dalles'),
      this.key('meta'),
      jobId,
      JSON.stringify({ message, attempts, at: new Date().toISOString() }),
      ...dalles,
    );
    m.publish(BATCH_EVENTS_CHANNEL, `${this.id} failed ${dalles.join(',')}`.trimEnd());
    await m.exec();
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
    await this.redis.del(...BATCH_KEY_PARTS.map(this.key));
    await this.redis.srem(BATCHES_KEY, this.id);
  }
}

/** Ids of the batches registered in this Redis. */
export async function listBatches(redis: Redis): Promise<string[]> {
  return (await redis.smembers(BATCHES_KEY)).sort();
}
