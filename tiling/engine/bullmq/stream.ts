/**
 * `runJobStream`: a distributed batch whose job list is streamed from the plan (an async iterable)
 * instead of held in memory: the coordinator pulls jobs as the window frees, asks the batch's
 * manifest in Redis which are already done (one HMGET per chunk: resume needs no in-memory set),
 * feeds `addBulk` in chunks, and holds only the jobs in flight and those waiting for a dependency.
 * Completions are taken from QueueEvents with their result (no second look up) and counted per
 * chunk in two round trips (`RedisBatch.countDoneMany`). Jobs must come after their dependencies in the stream. Same `BullMqJobEngine`
 * (queue, batch state, job options) and the same callbacks as `run`; `bench/coordinator.bench.ts`
 * measures it against `run` on a million no-op jobs (docs/scale.md).
 */
import type { Job } from 'bullmq';
import { Job as BullJob, QueueEvents } from 'bullmq';
import type { JobEngineRunOptions, JobEngineSummary, QueueJob } from '..';
import { bullJobId } from './batch';
import { QUEUE_NAME, waitForRedis } from './connection';
import type { BatchJobData, BatchJobReturn, BullMqJobEngine } from './engine';
import { dallesOf, jobFailure, resultStats } from './job-result';
import { removeQueuedJobs } from './status';

/** Jobs pulled from the stream, checked against the manifest and enqueued per round trip. */
const CHUNK = 1000;

/** Completed BullMQ jobs kept at most (a resumed coordinator reads their results; older ones run again). */
export const KEEP_COMPLETED = 100_000;

/** Runs a streamed job list on the engine's batch (registered first); resolves like `run`. */
export async function runJobStream<J extends QueueJob, R>(
  engine: BullMqJobEngine,
  jobs: AsyncIterable<J>,
  options: JobEngineRunOptions<J, R>,
): Promise<JobEngineSummary> {
  const o = engine.options;
  const batch = engine.batch;
  const redis = engine.redis;
  await waitForRedis(redis, o.url);
  const summary: JobEngineSummary = { completed: 0, failed: [], blocked: [], stopped: false };
  const prefix = `${batch.id}.`;
  const inFlight = new Map<string, J>();
  /** Jobs whose dependencies are not all done: how many are missing. */
  const waiting = new Map<string, { job: J; missing: number }>();
  /** Dependency id -> ids of waiting jobs. */
  const dependents = new Map<string, string[]>();
  /** Ready jobs with dependencies (enqueued LIFO, before the stream's next ones). */
  const ready: J[] = [];
  const failed = new Set<string>();
  const iterator = jobs[Symbol.asyncIterator]();
  let exhausted = false;
  const resuming = Number((await redis.hget(batch.key('meta'), 'enqueued')) ?? 0) > 0;

  const signals: { id: string; kind: 'completed' | 'failed'; value?: unknown }[] = [];
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const eventsRedis = redis.duplicate();
  eventsRedis.on('error', () => {});
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsRedis });
  events.on('error', () => {});
  events.on('completed', (args: { jobId: string; returnvalue: unknown }) => {
    if (!args.jobId.startsWith(prefix)) return;
    signals.push({ id: args.jobId.slice(prefix.length), kind: 'completed', value: args.returnvalue });
    poke();
  });
  events.on('failed', (args: { jobId: string }) => {
    if (!args.jobId.startsWith(prefix)) return;
    signals.push({ id: args.jobId.slice(prefix.length), kind: 'failed' });
    poke();
  });
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
    // Finished jobs are kept a week for a coordinator started again, but at most KEEP_COMPLETED of
    // them: Redis memory stays bounded (each costs ~1.4 kB; the manifest keeps every result anyway).
    removeOnComplete: { age: 7 * 24 * 3600, count: Math.max(KEEP_COMPLETED, 10 * o.window) },
    removeOnFail: false,
  });
  const add = async (list: J[]) => {
    if (list.length === 0) return;
    for (const j of list) inFlight.set(j.id, j);
    await engine.queue.addBulk(
      list.map((j) => ({
        name: 'tile',
        data: { batch: batch.id, job: j } satisfies BatchJobData,
        opts: jobOpts(j),
      })),
    );
    await redis.hincrby(batch.key('meta'), 'enqueued', list.length);
  };

  /** A job done: dependents freed. */
  const release = (id: string) => {
    for (const d of dependents.get(id) ?? []) {
      const w = waiting.get(d);
      if (w && --w.missing === 0) {
        waiting.delete(d);
        ready.push(w.job);
      }
    }
    dependents.delete(id);
  };
  /** A job failed for good (skipped): its dependents can never run. */
  const block = (id: string) => {
    for (const d of dependents.get(id) ?? []) {
      if (waiting.delete(d)) {
        summary.blocked.push(d);
        block(d);
      }
    }
    dependents.delete(id);
  };

  /** Completed jobs with their results: counted in one pipelined round, then `onDone` in order. */
  const finishAll = async (list: { id: string; rv: BatchJobReturn }[]) => {
    const fresh = list.filter((c) => inFlight.has(c.id));
    for (let i = 0; i < fresh.length; i += CHUNK)
      await batch.countDoneMany(
        fresh.slice(i, i + CHUNK).map(({ id, rv }) => {
          const s = resultStats(rv.result);
          const job = inFlight.get(id) as J;
          return {
            record: { job: id, tiles: s.tiles, bytes: s.bytes },
            o: {
              planned: (job as unknown as { tiles?: number }).tiles ?? 0,
              worker: rv.worker,
              seconds: s.seconds,
              tilesPerZoom: s.tilesPerZoom,
              dalles: dallesOf(job),
            },
          };
        }),
      );
    for (const { id, rv } of fresh) {
      const job = inFlight.get(id) as J;
      await options.onDone(job, rv.result as R);
      inFlight.delete(id);
      summary.completed++;
      release(id);
    }
  };

  const finishFailed = async (id: string, bj: Job) => {
    const job = inFlight.get(id);
    if (!job) return;
    const failure = await jobFailure(batch, id, bj);
    const decision = await options.onFailed(job, failure, bj.attemptsMade);
    if (decision.action === 'retry' && !summary.stopped) {
      inFlight.set(id, decision.job);
      await bj.updateData({ batch: batch.id, job: decision.job } satisfies BatchJobData);
      await bj.retry('failed');
      return;
    }
    await batch.recordFailed(id, failure.message, bj.attemptsMade, dallesOf(job));
    inFlight.delete(id);
    if (decision.action === 'skip') {
      failed.add(id);
      summary.failed.push(id);
      block(id);
    } else summary.stopped = true;
  };

  /** Looks jobs up in BullMQ (no event seen: resumed, or events missed) and finishes those finished. */
  const settle = async (ids: readonly string[], retryFailed = false) => {
    const found = await Promise.all(ids.map((id) => BullJob.fromId(engine.queue, bullJobId(batch.id, id))));
    const states = await Promise.all(found.map((bj) => (bj ? bj.getState() : Promise.resolve('unknown'))));
    const completed: { id: string; rv: BatchJobReturn }[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      const bj = found[i];
      if (!bj) {
        // Lost (Redis restarted without its last writes): enqueue again.
        const job = inFlight.get(id);
        if (job) {
          inFlight.delete(id);
          await add([job]);
        }
      } else if (states[i] === 'completed') {
        if (bj.returnvalue) completed.push({ id, rv: bj.returnvalue as BatchJobReturn });
        else {
          // Completed long ago and removed: run it again (same job, same bytes).
          await bj.remove().catch(() => {});
          const job = inFlight.get(id);
          if (job) {
            inFlight.delete(id);
            await add([job]);
          }
        }
      } else if (states[i] === 'failed') {
        // Failed for good under an earlier coordinator: a resumed batch tries it again.
        if (retryFailed && !summary.stopped) await bj.retry('failed');
        else await finishFailed(id, bj);
      }
    }
    await finishAll(completed);
  };

  /** Pulls up to `room` jobs from the stream, leaves out those the manifest lists, enqueues the rest. */
  const pull = async (room: number) => {
    const chunk: J[] = [];
    while (chunk.length < room && !exhausted) {
      const n = await iterator.next();
      if (n.done) exhausted = true;
      else chunk.push(n.value);
    }
    if (chunk.length === 0) return;
    const isDone = await redis.hmget(batch.key('done'), ...chunk.map((j) => j.id));
    const fresh = chunk.filter((_, i) => isDone[i] === null);
    // Dependencies: done in the manifest, or still to come (waiting on them).
    const withDeps = fresh.filter((j) => j.deps.length > 0);
    const depIds = [...new Set(withDeps.flatMap((j) => j.deps))];
    const depDone = new Set<string>();
    for (let i = 0; i < depIds.length; i += CHUNK) {
      const part = depIds.slice(i, i + CHUNK);
      const got = await redis.hmget(batch.key('done'), ...part);
      part.forEach((d, k) => {
        if (got[k] !== null) depDone.add(d);
      });
    }
    const now: J[] = [];
    for (const j of fresh) {
      const missing = j.deps.filter((d) => !depDone.has(d));
      if (missing.some((d) => failed.has(d))) {
        summary.blocked.push(j.id);
        continue;
      }
      if (missing.length === 0) {
        now.push(j);
        continue;
      }
      waiting.set(j.id, { job: j, missing: missing.length });
      for (const d of missing) {
        const list = dependents.get(d);
        if (list) list.push(j.id);
        else dependents.set(d, [j.id]);
      }
    }
    await add(now);
    // A coordinator started again: some of these already ran; look them up once.
    if (resuming && now.length > 0)
      await settle(
        now.map((j) => j.id),
        true,
      );
  };

  try {
    await events.waitUntilReady();
    await batch.setState('running');
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
      if (ready.length > 0) await add(ready.splice(0, Math.max(0, o.window - inFlight.size)).reverse());
      while (!exhausted && inFlight.size < o.window && !summary.stopped)
        await pull(Math.min(CHUNK, o.window - inFlight.size));
      if (exhausted && inFlight.size === 0 && ready.length === 0) break; // the rest, if any, is blocked
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
        const taken = signals.splice(0, signals.length);
        const completed: { id: string; rv: BatchJobReturn }[] = [];
        const others: string[] = [];
        for (const s of taken)
          if (s.kind === 'completed' && s.value) completed.push({ id: s.id, rv: s.value as BatchJobReturn });
          else others.push(s.id);
        await finishAll(completed);
        if (others.length > 0) await settle(others.filter((id) => inFlight.has(id)));
      } else if (Date.now() - lastEvent >= o.pollMs) {
        lastEvent = Date.now();
        const ids = [...inFlight.keys()];
        for (let i = 0; i < ids.length && !summary.stopped; i += CHUNK) await settle(ids.slice(i, i + CHUNK));
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await events.close().catch(() => {});
    eventsRedis.disconnect();
  }
  summary.blocked.push(...waiting.keys());
  if (summary.stopped && !options.signal?.aborted && (await batch.state()) !== 'cancelled') {
    await batch.setState('stopped');
    await removeQueuedJobs(redis, batch.id);
  }
  return summary;
}
