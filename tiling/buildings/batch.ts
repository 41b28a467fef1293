/**
 * The buildings product on the distributed engine (`tiling buildings --queue`, `tiling resume`):
 * the coordinator buckets the footprints into the shared output folder, registers the batch in
 * Redis (portable handler spec, one job per bucket, and the run record that lets
 * `tiling resume --batch <id>` finish it alone), coordinates it with `BullMqJobEngine` through the
 * very `runBuildings` of local runs, writes report.json and marks the batch complete. Imports
 * BullMQ: load it lazily (the CLI does).
 */
import { resolve } from 'node:path';
import type { BatchResumer, BatchRunResult, DistributedRun } from '../engine/bullmq';
import { ProductBatch, readProductBatch } from '../engine/bullmq';
import { writeReport } from '../write';
import { formatBuildingsSummary } from './cli';
import type { BuildingsOptions } from './options';
import { NAME } from './options';
import type { BuildingsReport } from './stage';
import { runBuildings, setupBuildings } from './stage';

/** What a buildings batch keeps to run again alone (every path absolute: workers run elsewhere). */
export interface BuildingsBatchRun {
  product: 'buildings';
  out: string;
  footprints: string;
  layer: string | null;
  dsm: string[];
  dtm: string[];
  geoidGrid: string | null;
  options: Partial<BuildingsOptions>;
}

/** Runs (or resumes) a buildings batch to its end: its report, written to `<out>/report.json`. */
export async function runBuildingsBatch(
  input: Omit<BuildingsBatchRun, 'product'>,
  o: DistributedRun & { progress: boolean; signal?: AbortSignal },
): Promise<BatchRunResult & { report: BuildingsReport }> {
  const run: BuildingsBatchRun = {
    ...input,
    product: 'buildings',
    out: resolve(input.out),
    footprints: resolve(input.footprints),
    dsm: input.dsm.map((f) => resolve(f)),
    dtm: input.dtm.map((f) => resolve(f)),
    geoidGrid: input.geoidGrid === null ? null : resolve(input.geoidGrid),
  };
  const inputs = {
    footprints: run.footprints,
    ...(run.layer ? { layer: run.layer } : {}),
    dsm: run.dsm,
    dtm: run.dtm,
    geoidGrid: run.geoidGrid,
    options: run.options,
  };
  const { fingerprint } = await setupBuildings(inputs);
  const batch = await ProductBatch.open({ ...o, fingerprint, out: run.out });
  let report: BuildingsReport;
  try {
    report = await runBuildings({
      ...inputs,
      outDir: run.out,
      engine: batch.engine,
      beforeRun: async (setup, spec, jobs) => {
        await batch.register(
          {
            fingerprint: setup.fingerprint,
            jobs,
            totalTiles: jobs.length,
            levels: [{ z: setup.options.minZoom, tiles: jobs.length }],
          },
          spec,
          run,
        );
        console.error(
          `${NAME}: batch ${batch.id} on ${o.url}: start "tiling worker --queue ${o.url}" on each machine`,
        );
      },
      onStart: (s) =>
        console.error(
          `${NAME}: ${s.footprints} footprints in ${s.jobs} jobs${s.resumed > 0 ? `, resuming (${s.resumed} jobs already done)` : ''}`,
        ),
      onProgress: (done, total, n) => {
        if (o.progress && (done === total || done % 20 === 0))
          console.error(`${NAME}: ${done}/${total} jobs, ${n} buildings this run`);
      },
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (report.complete) await batch.complete();
  } finally {
    await batch.close();
  }
  await writeReport(run.out, report);
  return {
    batch: batch.id,
    complete: report.complete,
    summary: formatBuildingsSummary(report, run.out),
    report,
  };
}

/** `tiling resume` of a buildings batch (named in the engine's registry, `PRODUCT_BATCHES`). */
export const resumeBuildingsBatch: BatchResumer = async (ctx) => {
  const { run, jobs } = await readProductBatch<BuildingsBatchRun>(ctx.url, ctx.batch);
  return runBuildingsBatch(run, {
    url: ctx.url,
    batch: ctx.batch,
    attempts: jobs.attempts,
    progress: ctx.progress,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
};
