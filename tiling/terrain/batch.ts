/**
 * The terrain product on the distributed engine (`tiling terrain --queue`, `tiling resume`):
 * registers the batch in Redis (plan, portable handler spec, and the run record that lets
 * `tiling resume --batch <id>` finish it alone), coordinates it with `BullMqJobEngine` through the
 * very `runTerrain` of local runs (manifest in the shared output folder), writes report.json and
 * marks the batch complete. Imports BullMQ: load it lazily (the CLI does).
 */
import { resolve } from 'node:path';
import type { BatchResumer, BatchRunResult, ProductRunOptions } from '../engine/bullmq';
import { productResumer, runProductBatch } from '../engine/bullmq';
import { formatTerrainSummary } from './cli';
import type { TerrainOptions } from './options';
import { NAME } from './options';
import type { TerrainReport } from './stage';
import { runTerrain, setupTerrain } from './stage';

/** What a terrain batch keeps to run again alone (every path absolute: workers run elsewhere). */
export interface TerrainBatchRun {
  product: 'terrain';
  out: string;
  demFiles: string[];
  geoidGrid: string | null;
  options: Partial<TerrainOptions>;
  name: string;
  attribution: string;
}

/** Runs (or resumes) a terrain batch to its end: its report, written to `<out>/report.json`. */
export async function runTerrainBatch(
  input: Omit<TerrainBatchRun, 'product'>,
  o: ProductRunOptions,
): Promise<BatchRunResult & { report: TerrainReport }> {
  const run: TerrainBatchRun = {
    ...input,
    product: 'terrain',
    out: resolve(input.out),
    demFiles: input.demFiles.map((f) => resolve(f)),
    geoidGrid: input.geoidGrid === null ? null : resolve(input.geoidGrid),
  };
  const { fingerprint } = await setupTerrain(run.demFiles, run.geoidGrid, run.options);
  return runProductBatch(
    { ...o, fingerprint, out: run.out },
    (batch) =>
      runTerrain({
        demFiles: run.demFiles,
        outDir: run.out,
        geoidGrid: run.geoidGrid,
        options: run.options,
        engine: batch.engine,
        name: run.name,
        attribution: run.attribution,
        beforeRun: async (setup, spec) => {
          const levels = setup.plan.levels.map((l) => ({ z: l.z, tiles: setup.plan.cover.count(l.z) }));
          await batch.register(
            { fingerprint: setup.fingerprint, jobs: setup.plan.jobs, totalTiles: setup.plan.tiles, levels },
            spec,
            run,
          );
          batch.announce(NAME, o.url);
        },
        onStart: (s) =>
          console.error(
            `${NAME}: ${s.jobs} jobs, ${s.tiles} tiles planned, levels 0..${s.maxZoom}${s.resumed > 0 ? `, resuming (${s.resumed} jobs already done)` : ''}`,
          ),
        onProgress: (done, total, tiles) => {
          if (o.progress && (done === total || done % 50 === 0))
            console.error(`${NAME}: ${done}/${total} jobs, ${tiles} tiles this run`);
        },
        ...(o.signal ? { signal: o.signal } : {}),
      }),
    formatTerrainSummary,
  );
}

/** `tiling resume` of a terrain batch (named in the engine's registry, `PRODUCT_BATCHES`). */
export const resumeTerrainBatch: BatchResumer = productResumer<TerrainBatchRun>(runTerrainBatch);
