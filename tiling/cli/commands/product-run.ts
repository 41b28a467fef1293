/**
 * What the product commands (`tiling terrain`, `tiling buildings`, `tiling vector`) share around their runner: the
 * flags that only go with --queue (`queueOnlyProblems`), a distributed batch run to its summary
 * and exit code (`runQueuedProduct`), and a local run on all cores to its report.json, summary and
 * exit code (`runLocalProduct`). BullMQ is only named as a type: each product loads its batch
 * module lazily.
 */

import { LocalJobEngine, whileInterruptible } from '../../engine';
import type { BatchRunResult, ProductRunOptions } from '../../engine/bullmq';
import { writeReport } from '../../write';
import type { CommandValues } from '../command';
import { str } from '../flags';
import { queueFlag } from './worker';

/** A problem for each of --attempts and --batch given without --queue. */
export function queueOnlyProblems(
  values: CommandValues,
  problems: string[],
  queue: string | undefined,
): void {
  if (queue !== undefined) return;
  for (const k of ['attempts', 'batch'])
    if (values[k] !== undefined) problems.push(`--${k} is only used with --queue.`);
}

/** `--queue`: `run` (the product's batch runner) with --queue, --batch and --attempts; 0 when complete. */
export async function runQueuedProduct(
  values: CommandValues,
  command: string,
  attempts: number | undefined,
  run: (o: ProductRunOptions) => Promise<BatchRunResult>,
): Promise<number> {
  const url = await queueFlag(values, command);
  const batchId = str(values.batch);
  const r = await whileInterruptible((signal) =>
    run({
      url,
      ...(batchId ? { batch: batchId } : {}),
      ...(attempts !== undefined ? { attempts } : {}),
      progress: true,
      signal,
    }),
  );
  console.log(r.summary);
  return r.complete ? 0 : 1;
}

/** A local run: `work` on a `LocalJobEngine` of `workers` threads, its report written and summarized; 0 when complete. */
export async function runLocalProduct<Rep extends { complete: boolean }>(
  workers: number,
  outDir: string,
  work: (engine: LocalJobEngine, signal: AbortSignal) => Promise<Rep>,
  summarize: (report: Rep, outDir: string) => string,
): Promise<number> {
  const engine = new LocalJobEngine({ workers });
  let report: Rep;
  try {
    report = await whileInterruptible((signal) => work(engine, signal));
  } finally {
    await engine.close();
  }
  await writeReport(outDir, report);
  console.log(summarize(report, outDir));
  return report.complete ? 0 : 1;
}
