/**
 * `runTilingWorker`: one worker process of distributed batches. It takes jobs of any registered
 * batch from the BullMQ queue, builds that batch's handler from the spec stored in Redis (module
 * names resolved against this machine's copy of the code) and runs each job with it: the very code
 * of the local engine's worker threads. One job at a time (tile jobs are CPU-bound: run one worker
 * per core). Bad input (DataError) is not retried by BullMQ: the coordinator decides (e.g. leave
 * the dalle out with --on-error skip); other errors are retried with exponential backoff.
 */
import { hostname } from 'node:os';
import type { Job } from 'bullmq';
import { UnrecoverableError, Worker } from 'bullmq';
import type { JobHandler } from '..';
import { toJobFailure } from '..';
import { resolveHandlerSpec } from '../registry';
import { loadJobHandler } from '../worker';
import { RedisBatch } from './batch';
import { createRedis, QUEUE_NAME, waitForRedis } from './connection';
import type { BatchJobData, BatchJobReturn } from './engine';

/** Options of `runTilingWorker`. */
export interface TilingWorkerOptions {
  /** redis://host:port */
  url: string;
  /** Name in `tiling status` ("<host>/<pid>"). */
  name: string;
  /** A job whose lock is not renewed for this long is taken as stalled and run elsewhere, ms (30000). */
  lockMs: number;
  /** How often this worker looks for stalled jobs, ms (15000). */
  stalledIntervalMs: number;
  /** Times a job may stall before it is failed (2). */
  maxStalledCount: number;
  /** Exit after this many seconds without a job (0: never; for Kubernetes Jobs and tests). */
  idleExitSeconds: number;
  signal?: AbortSignal;
  /** Called after each job (logs). */
  onJob?(e: { batch: string; job: string; ok: boolean; seconds: number; error?: string }): void;
}

export const WORKER_DEFAULTS: Omit<TilingWorkerOptions, 'url'> = {
  name: `${hostname()}/${process.pid}`,
  lockMs: 30_000,
  stalledIntervalMs: 15_000,
  maxStalledCount: 2,
  idleExitSeconds: 0,
};

/** Runs until the signal aborts (or idle too long); resolves with the number of jobs run. */
export async function runTilingWorker(
  options: Pick<TilingWorkerOptions, 'url'> & Partial<TilingWorkerOptions>,
): Promise<{ jobs: number; failed: number }> {
  const o: TilingWorkerOptions = { ...WORKER_DEFAULTS, ...options };
  const redis = createRedis(o.url);
  await waitForRedis(redis, o.url);
  const handlers = new Map<string, Promise<JobHandler<unknown, unknown>>>();
  const handlerOf = (batch: RedisBatch): Promise<JobHandler<unknown, unknown>> => {
    let h = handlers.get(batch.id);
    if (!h) {
      h = batch.spec().then((spec) => loadJobHandler(resolveHandlerSpec(spec)));
      h.catch(() => handlers.delete(batch.id));
      handlers.set(batch.id, h);
      // Keep the handlers (open dalles, clients) of the two latest batches.
      while (handlers.size > 2) handlers.delete(handlers.keys().next().value as string);
    }
    return h;
  };
  let jobs = 0;
  let failed = 0;
  let active = 0;
  let lastActivity = Date.now();
  const processor = async (bj: Job<BatchJobData, BatchJobReturn>): Promise<BatchJobReturn> => {
    active++;
    const t0 = performance.now();
    const { batch: batchId, job } = bj.data;
    const planId = (job as { id?: string }).id ?? bj.id ?? '?';
    const batch = new RedisBatch(redis, batchId);
    try {
      if ((await batch.state()) === 'cancelled')
        throw new UnrecoverableError(`batch ${batchId} was cancelled`);
      const handler = await handlerOf(batch);
      const result = await handler(job);
      jobs++;
      o.onJob?.({ batch: batchId, job: planId, ok: true, seconds: (performance.now() - t0) / 1000 });
      return { result, worker: o.name };
    } catch (e) {
      failed++;
      const failure = toJobFailure(e);
      o.onJob?.({
        batch: batchId,
        job: planId,
        ok: false,
        seconds: (performance.now() - t0) / 1000,
        error: failure.message,
      });
      if (e instanceof UnrecoverableError) throw e;
      await batch.setLastError(planId, failure);
      if (failure.isDataError) throw new UnrecoverableError(failure.message);
      throw e;
    } finally {
      active--;
      lastActivity = Date.now();
    }
  };
  const worker = new Worker<BatchJobData, BatchJobReturn>(QUEUE_NAME, processor, {
    connection: redis,
    concurrency: 1,
    lockDuration: o.lockMs,
    stalledInterval: o.stalledIntervalMs,
    maxStalledCount: o.maxStalledCount,
    name: o.name,
  });
  worker.on('error', () => {});
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(timer);
      resolve();
    };
    const timer = setInterval(() => {
      if (o.idleExitSeconds > 0 && active === 0 && Date.now() - lastActivity > o.idleExitSeconds * 1000)
        stop();
    }, 200);
    if (o.signal?.aborted) stop();
    o.signal?.addEventListener('abort', stop, { once: true });
  });
  await worker.close();
  await redis.quit().catch(() => {});
  return { jobs, failed };
}
