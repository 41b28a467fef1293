/**
 * `whileInterruptible`: runs a stage with an abort signal that Ctrl-C (SIGINT) or SIGTERM fires, so
 * the engine stops dispatching, lets the jobs in flight finish and the manifest keeps them; the
 * listeners go when the stage ends.
 */

/** Runs `run` with a signal aborted on SIGINT or SIGTERM. */
export async function whileInterruptible<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await run(abort.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
