/**
 * The ortho product run locally: `runOrtho` opens the output folder (tile target, side store,
 * manifest for resume), runs the plan through a local engine with `runPyramid`, clears the side
 * store once complete and writes `<out>/report.json`. A run after a crash or kill -9 skips the jobs
 * its manifest lists; the result is byte-identical to an uninterrupted run. With `packed`, jobs
 * write one archive each (./packed.ts) instead of one file per tile.
 */
import { join } from 'node:path';
import { tileExtension } from '../encode';
import type { JobEngine } from '../engine';
import { handlerSpec } from '../engine';
import type { TilingPlan } from '../plan';
import { FsManifest, FsSideStore, FsTileTarget, STATE_DIR, writeFileAtomic } from '../write';
import type { TileJobHandlerConfig } from './handler';
import { planContext } from './job';
import { checkPackedLayout, writePackedIndex } from './packed';
import type { RunProgress, RunReport } from './run';
import { runPyramid } from './run';

/** Options of `runOrtho`. */
export interface RunOrthoOptions {
  /** Output folder ({z}/{x}/{y}.<ext>, tilejson.json, WMTSCapabilities.xml, report.json). */
  out: string;
  /** The engine that runs the jobs (usually a `LocalJobEngine`); not closed here. */
  engine: JobEngine;
  /** TileJSON and WMTS text. */
  name: string;
  attribution: string;
  /** Base URL of the tiles in WMTS (and TileJSON when set); "" for relative. */
  baseUrl: string;
  /**
   * Packed layout (`--packed`): each job writes one PMTiles archive `packs/<z>/<x>/<y>.pmtiles`
   * with `packs/index.json`, instead of one file per tile (./packed.ts). Default false.
   */
  packed?: boolean;
  /** Called once the manifest is read, before any job (how many jobs an earlier run did). */
  onStart?(info: { resumed: number }): void;
  onProgress?(p: RunProgress): void;
  signal?: AbortSignal;
}

/** Builds (or resumes) the pyramid of a plan into a local folder; resolves with its report. */
export async function runOrtho(plan: TilingPlan, o: RunOrthoOptions): Promise<RunReport> {
  const target = new FsTileTarget(o.out, { extension: tileExtension(plan.options.format) });
  target.clearTemporaryFiles();
  const manifest = FsManifest.open(join(o.out, STATE_DIR, 'manifest.jsonl'), plan.fingerprint);
  const side = new FsSideStore(o.out);
  const packed = o.packed === true;
  let report: RunReport;
  try {
    checkPackedLayout(o.out, packed, manifest.done.size);
  } catch (e) {
    await manifest.close();
    throw e;
  }
  o.onStart?.({ resumed: manifest.done.size });
  const config: TileJobHandlerConfig = {
    outDir: o.out,
    plan: planContext(plan),
    ...(packed ? { packed } : {}),
  };
  try {
    if (packed) await writePackedIndex(target, plan);
    report = await runPyramid(plan, {
      engine: o.engine,
      handler: handlerSpec('ortho', config),
      manifest,
      target,
      side,
      onError: plan.options.onError,
      name: o.name,
      attribution: o.attribution,
      baseUrl: o.baseUrl,
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } finally {
    await manifest.close();
  }
  if (report.complete) await side.clear();
  await writeFileAtomic(join(o.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`, target.tmpDir);
  return report;
}
