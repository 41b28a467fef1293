/**
 * The vector product on the distributed engine (`tiling vector --queue`, `tiling resume`): the
 * coordinator buckets the features into the shared output folder, registers the batch in Redis
 * (portable handler spec, the jobs, and the run record that lets `tiling resume --batch <id>`
 * finish it alone), coordinates it with `BullMqJobEngine` through the very `runVector` of local
 * runs, writes report.json and marks the batch complete. Imports BullMQ: load it lazily (the CLI does).
 */
import { resolve } from 'node:path';
import type { BatchResumer, BatchRunResult, ProductRunOptions } from '../engine/bullmq';
import { productResumer, runProductBatch } from '../engine/bullmq';
import { formatVectorSummary } from './cli';
import { NAME } from './options';
import type { VectorReport, VectorRunOptions } from './stage';
import { runVector, setupVector } from './stage';

/** What a vector batch keeps to run again alone (every path absolute: workers run elsewhere). */
export interface VectorBatchRun {
  product: 'vector';
  out: string;
  input: string;
  options: VectorRunOptions;
  name: string | null;
}

/** Runs (or resumes) a vector batch to its end: its report, written to `<out>/report.json`. */
export async function runVectorBatch(
  input: Omit<VectorBatchRun, 'product'>,
  o: ProductRunOptions,
): Promise<BatchRunResult & { report: VectorReport }> {
  const run: VectorBatchRun = {
    ...input,
    product: 'vector',
    out: resolve(input.out),
    input: resolve(input.input),
  };
  const inputs = { input: run.input, options: run.options, ...(run.name !== null ? { name: run.name } : {}) };
  const setup = await setupVector(inputs);
  return runProductBatch(
    { ...o, fingerprint: setup.fingerprint, out: run.out },
    (batch) =>
      runVector({
        ...inputs,
        setup,
        outDir: run.out,
        engine: batch.engine,
        beforeRun: async (setup, spec) => {
          await batch.register(
            {
              fingerprint: setup.fingerprint,
              jobs: setup.plan.jobs,
              totalTiles: setup.plan.tiles,
              levels: setup.plan.levels,
            },
            spec,
            run,
          );
          batch.announce(NAME, o.url);
        },
        onStart: (s) =>
          console.error(
            `${NAME}: ${s.features} features in ${s.jobs} jobs${s.resumed > 0 ? `, resuming (${s.resumed} jobs already done)` : ''}`,
          ),
        onProgress: (done, total, tiles) => {
          if (o.progress && (done === total || done % 50 === 0))
            console.error(`${NAME}: ${done}/${total} jobs, ${tiles} tiles this run`);
        },
        ...(o.signal ? { signal: o.signal } : {}),
      }),
    formatVectorSummary,
  );
}

/** `tiling resume` of a vector batch (named in the engine's registry, `PRODUCT_BATCHES`). */
export const resumeVectorBatch: BatchResumer = productResumer<VectorBatchRun>(runVectorBatch);
