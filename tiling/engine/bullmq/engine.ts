/**
 * `BullMqJobEngine`: the `JobEngine` of a distributed batch. This process is the batch's
 * coordinator: it enqueues each job on BullMQ once its dependencies are done (upper jobs after their
 * children, with LIFO so they run next), keeps at most `window` jobs enqueued, and follows
 * completions (QueueEvents, plus a poll of the jobs in flight when events go quiet, e.g. after a
 * Redis restart). Workers (`tiling worker`, any number, any machine) run the jobs with the same
 * handler as the local engine; BullMQ retries a failing job with exponential backoff and moves a
 * job whose worker died (SIGKILL, lost machine) back to the queue (stalled job detection).
 *
 * Re-enqueuing is a no-op: a job's BullMQ id is "<batch>.<z-x-y>", and BullMQ ignores an add whose
 * id exists. A coordinator started again (`tiling resume`, or the same `tiling run --queue`) reads
 * the batch's manifest and BullMQ's job states, and goes on from there.
 */
import type { Job } from 'bullmq';
import { Job as BullJob, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type {
  FailureDecision,
  JobEngine,
  JobEngineRunOptions,
  JobEngineSummary,
  JobFailure,
  QueueJob,
} from '..';
import { JobScheduler } from '..';
import type { BatchJobOptions } from './batch';
import { BATCH_JOB_DEFAULTS, bullJobId, RedisBatch } from './batch';
import { createRedis, NAME, QUEUE_NAME, waitForRedis } from './connection';
import { dallesOf, jobFailure, resultStats } from './job-result';
import { removeQueuedJobs } from './status';

/** Data of a BullMQ job of a batch. */
export interface BatchJobData {
  batch: string;
  job: unknown;
}

/** What a worker returns for a job. */
export interface BatchJobReturn {
  result: unknown;
  /** "<host>/<pid>" of the worker process. */
  worker: string;
}

/** Options of `BullMqJobEngine`. */
export interface BullMqEngineOptions {
  /** redis://host:port */
  url: string;
  /** Batch id (registered with `RedisBatch.register` first). */
  batch: string;
  /** Jobs enqueued and not yet finished, at most (10,000: bounds Redis memory on huge plans). */
  window: number;
  /** Poll the jobs in flight after this long without an event, ms (2000). */
  pollMs: number;
  jobs: BatchJobOptions;
}

export const BULLMQ_ENGINE_DEFAULTS: Omit<BullMqEngineOptions, 'url' | 'batch'> = {
  window: 10_000,
  pollMs: 2000,
  jobs: BATCH_JOB_DEFAULTS,
};

/** Runs a plan's jobs on BullMQ workers; this process coordinates. */
export class BullMqJobEngine implements JobEngine {
  readonly name = 'bullmq';
  readonly concurrency: number;
  readonly options: BullMqEngineOptions;
  readonly redis: Redis;
  readonly queue: Queue;
  readonly batch: RedisBatch;

  constructor(options: Pick<BullMqEngineOptions, 'url' | 'batch'> & Partial<BullMqEngineOptions>) {
    this.options = { ...BULLMQ_ENGINE_DEFAULTS, ...options };
    this.concurrency = this.options.window;
    this.redis = createRedis(this.options.url);
    this.queue = new Queue(QUEUE_NAME, { connection: this.redis });
    this.queue.on('error', () => {});
    this.batch = new RedisBatch(this.redis, this.options.batch);
  }

  async run<J extends QueueJob, R>(
    jobs: readonly J[],
    options: JobEngineRunOptions<J, R>,
  ): Promise<JobEngineSummary> {
    const o = this.options;
    await waitForRedis(this.redis, o.url);
    const batch = this.batch;
    const summary: JobEngineSummary = { completed: 0, failed: [], blocked: [], stopped: false };
    const done = options.done ?? new Set<string>();
    const scheduler = new JobScheduler(jobs, done);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const prefix = `${batch.id}.`;
    const inFlight = new Map<string, J>();
    const attempts = new Map<string, number>();
    /** Plan ids BullMQ already holds (waiting, active, delayed...) from an earlier coordinator. */
    const queued = new Set<string>();
    /** Plan ids finished in this run (a job BullMQ finished before the scheduler handed it out). */
    const finished = new Set<string>();

    // Signals from QueueEvents; the loop handles them one at a time, in order.
    const signals: { id: string; kind: 'completed' | 'failed' }[] = [];
    let wake: (() => void) | null = null;
    const poke = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const eventsRedis = this.redis.duplicate();
    eventsRedis.on('error', () => {});
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsRedis });
    events.on('error', () => {});
    const onEvent = (kind: 'completed' | 'failed') => (args: { jobId: string }) => {
      if (!args.jobId.startsWith(prefix)) return;
      signals.push({ id: args.jobId.slice(prefix.length), kind });
      poke();
    };
    events.on('completed', onEvent('completed'));
    events.on('failed', onEvent('failed'));
    // A job whose worker died (lock not renewed) goes back to the queue: the console shows it recovered.
    events.on('stalled', (args: { jobId: string }) => {
      if (args.jobId.startsWith(prefix))
        void batch.recordStalled(args.jobId.slice(prefix.length)).catch(() => {});
    });
    const onAbort = () => {
      summary.stopped = true;
      poke();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const jobOpts = (j: J) => ({
      jobId: bullJobId(batch.id, j.id),
      attempts: o.jobs.attempts,
      backoff: { type: 'exponential' as const, delay: o.jobs.backoffMs },
      lifo: j.deps.length > 0,
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: false,
    });

    const finishCompleted = async (id: string, bj: Job | undefined) => {
      const job = inFlight.get(id);
      if (!job) return;
      const rv = (bj?.returnvalue ?? null) as BatchJobReturn | null;
      if (rv === null) {
        // Completed long ago and removed (removeOnComplete): its result is gone; run it again
        // (same job, same bytes) rather than record a job whose tiles nobody counted.
        await bj?.remove().catch(() => {});
        await this.queue.add('tile', { batch: batch.id, job } satisfies BatchJobData, jobOpts(job));
        return;
      }
      const s = resultStats(rv.result);
      await batch.countDone(
        { job: id, tiles: s.tiles, bytes: s.bytes },
        {
          planned: (job as unknown as { tiles?: number }).tiles ?? 0,
          worker: rv.worker,
          seconds: s.seconds,
          tilesPerZoom: s.tilesPerZoom,
          dalles: dallesOf(job),
        },
      );
      await options.onDone(job, rv.result as R);
      inFlight.delete(id);
      finished.add(id);
      scheduler.complete(id);
      summary.completed++;
    };

    const finishFailed = async (id: string, bj: Job) => {
      const job = inFlight.get(id);
      if (!job) return;
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      const failure: JobFailure = await jobFailure(batch, id, bj);
      const decision: FailureDecision<J> = await options.onFailed(job, failure, n);
      if (decision.action === 'retry' && !summary.stopped) {
        inFlight.set(id, decision.job);
        await bj.updateData({ batch: batch.id, job: decision.job } satisfies BatchJobData);
        await bj.retry('failed');
        return;
      }
      await batch.recordFailed(id, failure.message, bj.attemptsMade, dallesOf(job));
      inFlight.delete(id);
      if (decision.action === 'skip') {
        scheduler.fail(id);
        summary.failed.push(id);
      } else {
        summary.stopped = true;
      }
    };

    /** Looks a job up in BullMQ and finishes it if it has finished. */
    const settle = async (id: string, event?: 'completed' | 'failed'): Promise<void> => {
      if (!inFlight.has(id)) return;
      const bj = await BullJob.fromId(this.queue, bullJobId(batch.id, id));
      if (!bj) {
        // Lost (e.g. Redis restarted without its last writes): enqueue again.
        const job = inFlight.get(id) as J;
        await this.queue.add('tile', { batch: batch.id, job } satisfies BatchJobData, jobOpts(job));
        await this.redis.hincrby(batch.key('meta'), 'enqueued', 1);
        return;
      }
      // A completion event with its result needs no second look (one round trip less per job).
      if (event === 'completed' && bj.returnvalue) {
        await finishCompleted(id, bj);
        return;
      }
      const state = await bj.getState();
      if (state === 'completed') await finishCompleted(id, bj);
      else if (state === 'failed') await finishFailed(id, bj);
    };

    try {
      await events.waitUntilReady();
      await batch.setState('running');
      // What BullMQ already holds for this batch (a coordinator started again; none for a new batch).
      const enqueuedBefore = Number((await this.redis.hget(batch.key('meta'), 'enqueued')) ?? 0);
      const pending = enqueuedBefore > 0 ? jobs.filter((j) => !done.has(j.id)) : [];
      for (let i = 0; i < pending.length; i += 500) {
        const chunk = pending.slice(i, i + 500);
        const states = await Promise.all(chunk.map((j) => this.queue.getJobState(bullJobId(batch.id, j.id))));
        chunk.forEach((j, k) => {
          if (states[k] !== 'unknown') queued.add(j.id);
        });
      }
      // Finished while no coordinator was watching: handle them first (they may free upper jobs).
      for (const id of queued) {
        const bj = await BullJob.fromId(this.queue, bullJobId(batch.id, id));
        const state = bj ? await bj.getState() : 'unknown';
        if (state === 'completed' || state === 'failed') {
          inFlight.set(id, byId.get(id) as J);
          if (state === 'completed') await finishCompleted(id, bj);
          else if (bj) {
            // Failed for good under an earlier coordinator: a resumed batch tries it again.
            await bj.retry('failed');
          }
        }
      }

      let lastEvent = Date.now();
      let lastStateCheck = 0;
      for (;;) {
        if (summary.stopped) break;
        if (Date.now() - lastStateCheck >= 250) {
          lastStateCheck = Date.now();
          if ((await batch.state()) === 'cancelled') {
            summary.stopped = true;
            break;
          }
        }
        // Dispatch what is ready, up to the window.
        const toAdd: J[] = [];
        while (inFlight.size < o.window) {
          const j = scheduler.next();
          if (j === undefined) break;
          if (finished.has(j.id)) continue;
          inFlight.set(j.id, j);
          if (!queued.has(j.id)) toAdd.push(j);
        }
        for (let i = 0; i < toAdd.length; i += 1000) {
          await this.queue.addBulk(
            toAdd.slice(i, i + 1000).map((j) => ({
              name: 'tile',
              data: { batch: batch.id, job: j } satisfies BatchJobData,
              opts: jobOpts(j),
            })),
          );
        }
        if (toAdd.length > 0) await this.redis.hincrby(batch.key('meta'), 'enqueued', toAdd.length);
        if (scheduler.remaining === 0) break;
        if (inFlight.size === 0) break; // nothing ready, nothing running: the rest is blocked
        if (signals.length === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(poke, o.pollMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        if (signals.length > 0) {
          lastEvent = Date.now();
          while (signals.length > 0 && !summary.stopped) {
            const s = signals.shift() as { id: string; kind: 'completed' | 'failed' };
            await settle(s.id, s.kind);
          }
        } else if (Date.now() - lastEvent >= o.pollMs) {
          // Quiet: ask BullMQ about every job in flight (events may have been missed).
          lastEvent = Date.now();
          for (const id of [...inFlight.keys()]) {
            if (summary.stopped) break;
            await settle(id);
          }
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      await events.close().catch(() => {});
      eventsRedis.disconnect();
    }
    summary.blocked = [...scheduler.blocked];
    if (summary.stopped && !options.signal?.aborted && (await batch.state()) !== 'cancelled') {
      // A 'stop' decision (a job failed for good): no new job starts, as in local runs; jobs
      // running finish. `tiling resume` goes on. (Ctrl-C of this process leaves the batch running.)
      await batch.setState('stopped');
      await removeQueuedJobs(this.redis, batch.id);
    }
    return summary;
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => {});
    await this.redis.quit().catch(() => {});
  }
}

export { NAME };
