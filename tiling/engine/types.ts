/**
 * The engine interface: what any engine (the local worker pool, ./local.ts; BullMQ on Redis,
 * ./bullmq) offers a product. Jobs are plain JSON with an id and the ids they depend on; the code that
 * runs them is named by a module URL and an export (a factory taking a JSON config), so the same
 * job code runs in a worker thread, in the main thread, or in another machine's worker process
 * (BullMQ's sandboxed processors take a file path too; dependencies map to its flows).
 * The engine layer imports no product: products name their handler in ./registry.ts.
 */

/** A unit of work: JSON-serialisable, known by its id, runnable once its `deps` are done. */
export interface QueueJob {
  readonly id: string;
  readonly deps: readonly string[];
}

/** Runs one job; results must be JSON-serialisable (they may cross threads or machines). */
export type JobHandler<J, R> = (job: J) => Promise<R>;

/** Export of a handler module: builds the handler once per worker from a JSON config. */
export type JobHandlerFactory<J, R> = (config: unknown) => Promise<JobHandler<J, R>>;

/** Where the job code lives: `import(module)[exportName](config)` gives the handler. */
export interface JobHandlerSpec {
  /** Module URL (file:// ...), importable by the worker. */
  module: string;
  exportName: string;
  /** JSON-serialisable. */
  config: unknown;
}

/** A failed job's error, as it crosses a thread (or machine) boundary. */
export interface JobFailure {
  name: string;
  message: string;
  stack?: string;
  /** True for bad input (DataError): printed in words, no stack. */
  isDataError: boolean;
  /** JSON-safe own properties of the error (e.g. which dalle failed). */
  details: Record<string, unknown>;
}

/** What to do with a failed job. */
export type FailureDecision<J> =
  /** Stop dispatching; jobs in flight finish; `run` resolves with `stopped`. */
  | { action: 'stop' }
  /** Leave it failed; jobs that depend on it are not run either. */
  | { action: 'skip' }
  /** Run it again, possibly changed (e.g. without a broken dalle). */
  | { action: 'retry'; job: J };

/** Callbacks and inputs of one `JobEngine.run`. */
export interface JobEngineRunOptions<J extends QueueJob, R> {
  handler: JobHandlerSpec;
  /** Ids already done in an earlier run: not run, and they satisfy dependencies. */
  done?: ReadonlySet<string>;
  /** Called in the caller's thread, one at a time, in completion order. */
  onDone(job: J, result: R): Promise<void> | void;
  onFailed(job: J, failure: JobFailure, attempt: number): Promise<FailureDecision<J>> | FailureDecision<J>;
  signal?: AbortSignal;
}

/** How a `run` ended. */
export interface JobEngineSummary {
  /** Jobs completed in this run. */
  completed: number;
  /** Jobs left failed (skipped), with the jobs that could not run because of them. */
  failed: string[];
  blocked: string[];
  /** True when a 'stop' decision or the abort signal ended the run early. */
  stopped: boolean;
}

/** Runs a graph of jobs. */
export interface JobEngine {
  readonly name: string;
  /** Parallel jobs at most. */
  readonly concurrency: number;
  run<J extends QueueJob, R>(
    jobs: readonly J[],
    options: JobEngineRunOptions<J, R>,
  ): Promise<JobEngineSummary>;
  /** Releases workers or connections. */
  close(): Promise<void>;
}

/** Turns anything thrown into a `JobFailure`. */
export function toJobFailure(e: unknown): JobFailure {
  if (e instanceof Error) {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) {
      if (
        v === null ||
        ['string', 'number', 'boolean'].includes(typeof v) ||
        (Array.isArray(v) && v.every((x) => typeof x !== 'object'))
      ) {
        details[k] = v;
      }
    }
    return {
      name: e.name,
      message: e.message,
      ...(e.stack ? { stack: e.stack } : {}),
      isDataError: e.name === 'DataError',
      details,
    };
  }
  return { name: 'Error', message: String(e), isDataError: false, details: {} };
}
