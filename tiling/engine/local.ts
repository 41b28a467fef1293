/**
 * `LocalJobEngine`: the embedded queue. A pool of worker threads (all cores by default), each
 * running one job at a time through the handler named by a `JobHandlerSpec`; or, with 0 workers,
 * the same handler in this thread (tests, debugging).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { JobScheduler } from './scheduler';
import type {
  FailureDecision,
  JobEngine,
  JobEngineRunOptions,
  JobEngineSummary,
  JobFailure,
  JobHandler,
  JobHandlerSpec,
  QueueJob,
} from './types';
import { toJobFailure } from './types';
import type { FromWorker } from './worker';
import { loadJobHandler } from './worker';

/** Options of `LocalJobEngine`. */
export interface LocalJobEngineOptions {
  /** Worker threads (default: the number of cores); 0 runs jobs in this thread, one at a time. */
  workers: number;
  /** With 0 workers: this handler instead of importing the spec's module (tests inject sources this way). */
  inlineHandler?: JobHandler<never, unknown>;
  /**
   * Keep the worker threads between runs (until `close()`), so a second stage (the 3D tiles after
   * the pyramid) does not pay their start-up again; idle kept workers do not hold the process.
   */
  keepWorkers?: boolean;
}

export const LOCAL_ENGINE_DEFAULTS: LocalJobEngineOptions = { workers: availableParallelism() };

type Outcome = { ok: true; result: unknown } | { ok: false; failure: JobFailure };

/** Runs jobs on one worker thread, restarting it if it dies. */
class WorkerLane {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private pending: ((o: Outcome) => void) | null = null;
  private waiting: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private seq = 0;
  private specKey: string;

  constructor(private spec: JobHandlerSpec) {
    this.specKey = JSON.stringify(spec);
  }

  /** Switches a kept lane to another handler (loaded in its running worker, or at start). */
  use(spec: JobHandlerSpec): void {
    const key = JSON.stringify(spec);
    if (key === this.specKey) return;
    this.spec = spec;
    this.specKey = key;
    const worker = this.worker;
    if (!worker) return;
    this.ready = new Promise<void>((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
    this.ready.catch(() => {});
    worker.ref(); // waiting for its answer must keep the process alive
    worker.postMessage({ type: 'use', handler: spec });
  }

  /** Lets the process exit while this lane's worker is idle (kept between runs). */
  idle(): void {
    this.worker?.unref();
  }

  private start(): Promise<void> {
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { entry: new URL(`./worker.${ext}`, import.meta.url).href, handler: this.spec },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      this.waiting = { resolve, reject };
      worker.on('message', (msg: FromWorker) => {
        const waiting = this.waiting;
        if (msg.type === 'ready') {
          this.waiting = null;
          waiting?.resolve();
        } else if (msg.type === 'init-failed') {
          this.waiting = null;
          waiting?.reject(Object.assign(new Error(msg.failure.message), { name: msg.failure.name }));
        } else
          this.settle(
            msg.type === 'done' ? { ok: true, result: msg.result } : { ok: false, failure: msg.failure },
          );
      });
      const died = (e: unknown) => {
        reject(e);
        this.waiting?.reject(e instanceof Error ? e : new Error(String(e)));
        this.waiting = null;
        this.worker = null;
        this.ready = null;
        this.settle({
          ok: false,
          failure: toJobFailure(e instanceof Error ? e : new Error(`worker thread exited (${String(e)})`)),
        });
      };
      worker.on('error', died);
      worker.on('exit', (code) => {
        if (this.worker === worker) died(new Error(`worker thread exited with code ${code} during a job`));
      });
    });
    return this.ready;
  }

  private settle(o: Outcome): void {
    const p = this.pending;
    this.pending = null;
    p?.(o);
  }

  async exec(job: unknown): Promise<Outcome> {
    this.worker?.ref();
    try {
      await (this.ready ?? this.start());
    } catch (e) {
      return { ok: false, failure: toJobFailure(e) };
    }
    const worker = this.worker;
    if (!worker) return { ok: false, failure: toJobFailure(new Error('worker thread is gone')) };
    return new Promise<Outcome>((resolve) => {
      this.pending = resolve;
      worker.postMessage({ type: 'job', seq: this.seq++, job });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
    this.settle({ ok: false, failure: toJobFailure(new Error('tiling/queue: the run was stopped')) });
  }
}

/** Runs jobs in this thread. */
class InlineLane {
  private handler: Promise<JobHandler<unknown, unknown>> | null = null;
  constructor(
    private readonly spec: JobHandlerSpec,
    private readonly inline?: JobHandler<never, unknown>,
  ) {}
  async exec(job: unknown): Promise<Outcome> {
    try {
      this.handler ??= this.inline
        ? Promise.resolve(this.inline as JobHandler<unknown, unknown>)
        : loadJobHandler(this.spec);
      return { ok: true, result: await (await this.handler)(job) };
    } catch (e) {
      return { ok: false, failure: toJobFailure(e) };
    }
  }
  async close(): Promise<void> {}
}

/** The embedded queue: worker threads on this machine. */
export class LocalJobEngine implements JobEngine {
  readonly name = 'local';
  readonly concurrency: number;
  private readonly options: LocalJobEngineOptions;
  /** Worker lanes kept between runs (keepWorkers). */
  private kept: WorkerLane[] = [];

  constructor(options: Partial<LocalJobEngineOptions> = {}) {
    this.options = { ...LOCAL_ENGINE_DEFAULTS, ...options };
    this.concurrency = Math.max(1, this.options.workers);
  }

  async run<J extends QueueJob, R>(
    jobs: readonly J[],
    options: JobEngineRunOptions<J, R>,
  ): Promise<JobEngineSummary> {
    const scheduler = new JobScheduler(jobs, options.done ?? new Set());
    const count = Math.min(this.options.workers, Math.max(1, scheduler.remaining));
    const keep = this.options.keepWorkers === true && this.options.workers > 0;
    if (keep) {
      for (const lane of this.kept) lane.use(options.handler);
      while (this.kept.length < count) this.kept.push(new WorkerLane(options.handler));
    }
    const lanes =
      this.options.workers === 0
        ? [new InlineLane(options.handler, this.options.inlineHandler)]
        : keep
          ? this.kept.slice(0, count)
          : Array.from({ length: count }, () => new WorkerLane(options.handler));
    const summary: JobEngineSummary = { completed: 0, failed: [], blocked: [], stopped: false };
    let inFlight = 0;
    let wakers: (() => void)[] = [];
    const wake = () => {
      const w = wakers;
      wakers = [];
      for (const f of w) f();
    };
    let chain: Promise<void> = Promise.resolve();
    let callbackError: unknown = null;
    const serial = (fn: () => Promise<void> | void): Promise<void> => {
      chain = chain.then(fn).catch((e: unknown) => {
        callbackError ??= e;
        summary.stopped = true;
      });
      return chain;
    };
    const onAbort = () => {
      summary.stopped = true;
      for (const lane of lanes) void lane.close();
      wake();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    const laneLoop = async (lane: WorkerLane | InlineLane) => {
      for (;;) {
        if (summary.stopped || scheduler.remaining === 0) return;
        const job = scheduler.next();
        if (job === undefined) {
          if (inFlight === 0) return; // nothing can become ready
          await new Promise<void>((r) => wakers.push(r));
          continue;
        }
        inFlight++;
        let current: J = job;
        for (let attempt = 1; ; attempt++) {
          const outcome = await lane.exec(current);
          if (summary.stopped && !outcome.ok) break;
          if (outcome.ok) {
            await serial(() => options.onDone(current, outcome.result as R));
            if (!summary.stopped) {
              scheduler.complete(job.id);
              summary.completed++;
            }
            break;
          }
          let decision = { action: 'stop' } as FailureDecision<J>;
          await serial(async () => {
            decision = await options.onFailed(current, outcome.failure, attempt);
          });
          if (decision.action === 'retry' && !summary.stopped) {
            current = decision.job;
            continue;
          }
          if (decision.action === 'skip') {
            scheduler.fail(job.id);
            summary.failed.push(job.id);
          } else {
            summary.stopped = true;
          }
          break;
        }
        inFlight--;
        wake();
      }
    };
    try {
      await Promise.all(lanes.map(laneLoop));
      await chain;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      if (keep && !summary.stopped) for (const l of lanes) (l as WorkerLane).idle();
      else await Promise.all(lanes.map((l) => l.close()));
    }
    summary.blocked = [...scheduler.blocked];
    if (callbackError !== null) throw callbackError;
    return summary;
  }

  /** Stops the kept worker threads (keepWorkers). */
  async close(): Promise<void> {
    const lanes = this.kept;
    this.kept = [];
    await Promise.all(lanes.map((l) => l.close()));
  }
}
