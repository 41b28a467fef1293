/**
 * Worker-thread adapter: builds the handler named in workerData (the same function the main thread
 * can call), then runs the jobs it is sent, one at a time. Nothing else lives here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobHandler, JobHandlerFactory, JobHandlerSpec } from './types';
import { toJobFailure } from './types';

/** Messages from the main thread. */
export type ToWorker =
  | { type: 'job'; seq: number; job: unknown }
  /** Switch to another handler (a kept worker reused by the next run); answered by ready / init-failed. */
  | { type: 'use'; handler: JobHandlerSpec };
/** Messages to the main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-failed'; failure: ReturnType<typeof toJobFailure> }
  | { type: 'done'; seq: number; result: unknown }
  | { type: 'failed'; seq: number; failure: ReturnType<typeof toJobFailure> };

/** Imports a handler module and builds the handler (used by workers and by the inline engine). */
export async function loadJobHandler(spec: JobHandlerSpec): Promise<JobHandler<unknown, unknown>> {
  const mod = (await import(spec.module)) as Record<string, unknown>;
  const factory = mod[spec.exportName] as JobHandlerFactory<unknown, unknown> | undefined;
  if (typeof factory !== 'function')
    throw new Error(`tiling/queue: ${spec.module} has no export "${spec.exportName}"`);
  return factory(spec.config);
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let handler: JobHandler<unknown, unknown>;
  try {
    handler = await loadJobHandler(workerData.handler as JobHandlerSpec);
  } catch (e) {
    port.postMessage({ type: 'init-failed', failure: toJobFailure(e) } satisfies FromWorker);
    return;
  }
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'use') {
      // The previous handler lets go of what it holds (open dalles) before the next one loads.
      Promise.resolve((handler as { close?: () => Promise<void> }).close?.())
        .then(() => loadJobHandler(msg.handler))
        .then(
          (h) => {
            handler = h;
            port.postMessage({ type: 'ready' } satisfies FromWorker);
          },
          (e: unknown) =>
            port.postMessage({ type: 'init-failed', failure: toJobFailure(e) } satisfies FromWorker),
        );
      return;
    }
    handler(msg.job).then(
      (result) => port.postMessage({ type: 'done', seq: msg.seq, result } satisfies FromWorker),
      (e: unknown) =>
        port.postMessage({ type: 'failed', seq: msg.seq, failure: toJobFailure(e) } satisfies FromWorker),
    );
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

if (parentPort && workerData?.handler) await serve();
