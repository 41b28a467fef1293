/**
 * The buildings product on the distributed engine (`tiling buildings --queue`, `tiling resume`):
 * the coordinator buckets the footprints into the shared output folder, registers the batch in
 * Redis (portable handler spec, one job per bucket, and the run record that lets
 * `tiling resume --batch <id>` finish it alone), coordinates it with `BullMqJobEngine` through the
 * very `runBuildings` of local runs, writes report.json and marks the batch complete. Imports
 * BullMQ: load it lazily (the CLI does).
 */
import { resolve } from 'node:path';
import type { BatchResumer, BatchRunResult, ProductRunOptions } from '../engine/bullmq';
import { productResumer, runProductBatch } from '../engine/bullmq';
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
  o: ProductRunOptions,
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
  return runProductBatch(
    { ...o, fingerprint, out: run.out },
    (batch) =>
      runBuildings({
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
          batch.announce(NAME, o.url);
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
      }),
    formatBuildingsSummary,
  );
}

/** `tiling resume` of a buildings batch (named in the engine's registry, `PRODUCT_BATCHES`). */
export const resumeBuildingsBatch: BatchResumer = productResumer<BuildingsBatchRun>(runBuildingsBatch);
