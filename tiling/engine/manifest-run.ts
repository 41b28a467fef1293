/**
 * `runWithManifest`: the resume loop every product stage shares. Runs the jobs not yet listed in the
 * manifest on an engine, records each finished job in the manifest (after the product's own
 * `beforeRecord`, e.g. its result file), stops at the first failure, closes the manifest, and fills
 * the report's job counts, errors and `complete` flag. What a job's result adds to the report is
 * the product's (`onDone`).
 */
import type { JobManifest } from '../write';
import type { JobEngine, JobEngineSummary, JobFailure, JobHandlerSpec, QueueJob } from './types';

/** A failure in words for a report: a DataError's message, or the stack of a bug. */
export function failureMessage(failure: JobFailure): string {
  return failure.isDataError ? failure.message : (failure.stack ?? failure.message);
}

/** The parts of a product's report `runWithManifest` fills in. */
export interface ManifestRunReport {
  complete: boolean;
  jobs: { completed: number; failed: string[] };
  errors: { job: string; message: string }[];
}

/** Inputs of `runWithManifest`. */
export interface ManifestRunOptions<J extends QueueJob, R extends { tiles: number; bytes: number }> {
  engine: JobEngine;
  jobs: readonly J[];
  handler: JobHandlerSpec;
  /** Closed when the run ends, however it ends. */
  manifest: JobManifest;
  /** Ids done before this run; each job finished by this run is added. */
  done: Set<string>;
  report: ManifestRunReport;
  signal?: AbortSignal | undefined;
  /** Before the manifest lists the job (so that what it writes is there once it is listed). */
  beforeRecord?(job: J, result: R): Promise<void>;
  /** After the manifest lists the job (`done` holds it): counts and progress. */
  onDone?(job: J, result: R): void;
}

/** Runs the jobs with a manifest (see the module comment); resolves with the engine's summary. */
export async function runWithManifest<J extends QueueJob, R extends { tiles: number; bytes: number }>(
  o: ManifestRunOptions<J, R>,
): Promise<JobEngineSummary> {
  const { done, report } = o;
  let summary: JobEngineSummary;
  try {
    summary = await o.engine.run<J, R>(o.jobs, {
      handler: o.handler,
      done,
      ...(o.signal ? { signal: o.signal } : {}),
      onDone: async (job, r) => {
        await o.beforeRecord?.(job, r);
        await o.manifest.record({ job: job.id, tiles: r.tiles, bytes: r.bytes });
        done.add(job.id);
        o.onDone?.(job, r);
      },
      onFailed: (job, failure) => {
        report.errors.push({ job: job.id, message: failureMessage(failure) });
        return { action: 'stop' };
      },
    });
  } finally {
    await o.manifest.close();
  }
  report.jobs.completed = summary.completed;
  report.jobs.failed = summary.failed;
  report.complete = !summary.stopped && summary.failed.length === 0 && o.jobs.every((j) => done.has(j.id));
  return summary;
}
