/**
 * `tiling worker --queue redis://host:port`: runs jobs of distributed batches (any number of
 * workers, on any machine that sees the dalles and the output). Stops on SIGINT/SIGTERM after the
 * job in hand, or after --idle-exit seconds without work (Kubernetes Jobs).
 */
import { DataError } from '../../core';
import type { Command, CommandValues } from '../command';

/** Reads a non-negative integer flag. @throws DataError naming the flag. */
export function intFlag(values: CommandValues, name: string, fallback: number, min = 0): number {
  const v = values[name];
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new DataError(`tiling: --${name} must be an integer >= ${min}, got "${v}"`);
  return n;
}

/** The --queue flag, checked. @throws DataError when missing or not a redis:// URL. */
export async function queueFlag(values: CommandValues, command: string): Promise<string> {
  const q = values.queue;
  if (typeof q !== 'string' || q === '')
    throw new DataError(`tiling ${command}: --queue redis://host:port is required (the Redis of the batch).`);
  (await import('../../engine/bullmq/connection')).parseQueueUrl(q);
  return q;
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'runs jobs of distributed batches from a Redis queue',
  usage: `Usage: tiling worker --queue redis://host:port [options]

Takes jobs of the batches enqueued by "tiling run --queue" and runs them, one at a time (start one
worker per core, on as many machines as you like). Each machine needs the same version of this
code and the dalles and the output at the same paths (or S3 credentials in AWS_* variables).

Options:
      --queue <url>       Redis of the batches (required)
      --idle-exit <s>     exit after s seconds without a job (default 0: run until SIGTERM)
      --lock-ms <ms>      a job whose worker stops renewing its lock for this long runs elsewhere (30000)
      --stalled-ms <ms>   how often to look for such jobs (15000)
      --name <text>       this worker's name in "tiling status" (default host/pid)
      --quiet             no line per job
  -h, --help              this help`,
  options: {
    queue: { type: 'string' },
    'idle-exit': { type: 'string' },
    'lock-ms': { type: 'string' },
    'stalled-ms': { type: 'string' },
    name: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run(values) {
    const url = await queueFlag(values, 'worker');
    const { runTilingWorker, WORKER_DEFAULTS } = await import('../../engine/bullmq/worker');
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const name = typeof values.name === 'string' ? values.name : WORKER_DEFAULTS.name;
    console.error(`tiling worker ${name}: waiting for jobs on ${url}`);
    try {
      const r = await runTilingWorker({
        url,
        name,
        idleExitSeconds: intFlag(values, 'idle-exit', 0),
        lockMs: intFlag(values, 'lock-ms', WORKER_DEFAULTS.lockMs, 100),
        stalledIntervalMs: intFlag(values, 'stalled-ms', WORKER_DEFAULTS.stalledIntervalMs, 100),
        signal: abort.signal,
        onJob: values.quiet
          ? undefined
          : (e) =>
              console.error(
                `tiling worker ${name}: ${e.batch} job ${e.job} ${e.ok ? 'done' : `failed: ${e.error}`} (${e.seconds.toFixed(2)} s)`,
              ),
      });
      console.error(`tiling worker ${name}: stopped after ${r.jobs} job(s), ${r.failed} failed attempt(s)`);
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
