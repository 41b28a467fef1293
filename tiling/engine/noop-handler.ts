/**
 * A job handler that does nothing: the coordinator's bench (`npm run bench:coordinator`) and the
 * engine's tests measure the queue itself with it. Registered as "noop" in ./registry.ts; no product.
 */
import type { JobHandler } from './types';

/** Result of a no-op job: no tile, no byte. */
export interface NoopResult {
  tiles: number;
  bytes: number;
  seconds: number;
}

/** Builds the handler; `config.delayMs` (default 0) waits that long per job. */
export async function createNoopJobHandler(config: unknown): Promise<JobHandler<unknown, NoopResult>> {
  const delayMs = Number((config as { delayMs?: number } | null)?.delayMs ?? 0);
  return async () => {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    return { tiles: 0, bytes: 0, seconds: 0 };
  };
}
