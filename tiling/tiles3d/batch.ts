/**
 * The 3D mesh stage on the distributed engine (`tiling run --3d --queue`, `tiling resume`): once
 * the pyramid's batch is complete, registers the mesh batch in Redis (portable handler spec, one job
 * per tile of every span-th zoom, and the run record that lets `tiling resume --batch <id>` finish
 * it alone), coordinates it with `BullMqJobEngine` through the very `run3dTiles` of local runs
 * (pyramid, DEM and 3D folder on a shared mount), writes report.json and marks the batch complete.
 * Imports BullMQ: load it lazily (the CLI does).
 */
import { resolve } from 'node:path';
import type { BatchResumer, BatchRunResult, ProductRunOptions } from '../engine/bullmq';
import { productResumer, runProductBatch } from '../engine/bullmq';
import type { Tiles3dOptions } from './options';
import { NAME } from './options';
import type { PyramidInfo, Tiles3dReport } from './stage';
import { run3dTiles, setup3dTiles } from './stage';
import { format3dSummary } from './summary';

/** What a 3D batch keeps to run again alone (every path absolute: workers run elsewhere). */
export interface Tiles3dBatchRun {
  product: 'tiles3d';
  /** The 3D Tiles folder. */
  out: string;
  pyramidDir: string;
  pyramid: PyramidInfo;
  demFiles: string[];
  geoidGrid: string | null;
  options: Partial<Tiles3dOptions>;
  archivePath: string | null;
}

/** Runs (or resumes) a 3D batch to its end: its report, written to `<out>/report.json`. */
export async function run3dBatch(
  input: Omit<Tiles3dBatchRun, 'product'>,
  o: ProductRunOptions,
): Promise<BatchRunResult & { report: Tiles3dReport }> {
  const run: Tiles3dBatchRun = {
    ...input,
    product: 'tiles3d',
    out: resolve(input.out),
    pyramidDir: resolve(input.pyramidDir),
    demFiles: input.demFiles.map((f) => resolve(f)),
    geoidGrid: input.geoidGrid === null ? null : resolve(input.geoidGrid),
    archivePath: input.archivePath === null ? null : resolve(input.archivePath),
  };
  const { fingerprint } = await setup3dTiles(run);
  return runProductBatch(
    { ...o, fingerprint, out: run.out },
    (batch) =>
      run3dTiles({
        pyramidDir: run.pyramidDir,
        pyramid: run.pyramid,
        outDir: run.out,
        demFiles: run.demFiles,
        geoidGrid: run.geoidGrid,
        options: run.options,
        engine: batch.engine,
        archivePath: run.archivePath,
        beforeRun: async (setup, spec, jobs) => {
          const levels = new Map<number, number>();
          for (const j of jobs) levels.set(j.z, (levels.get(j.z) ?? 0) + 1);
          await batch.register(
            {
              fingerprint: setup.fingerprint,
              jobs,
              totalTiles: jobs.length,
              levels: [...levels].map(([z, tiles]) => ({ z, tiles })),
            },
            spec,
            run,
          );
          batch.announce(NAME, o.url, `${jobs.length} mesh jobs`);
        },
        onProgress: (done, total, tiles) => {
          if (o.progress && (done === total || done % 20 === 0))
            console.error(`${NAME}: ${done}/${total} mesh jobs, ${tiles} 3D tiles`);
        },
        ...(o.signal ? { signal: o.signal } : {}),
      }),
    format3dSummary,
  );
}

/** `tiling resume` of a 3D batch (named in the engine's registry, `PRODUCT_BATCHES`). */
export const resume3dBatch: BatchResumer = productResumer<Tiles3dBatchRun>(run3dBatch);
