/**
 * The `--3d` part of `tiling run`: flags, their checks, and the call after the pyramid is complete.
 * Kept here so that run.ts only spreads the flags and calls `run3dFromFlags`.
 */
import { basename, dirname, join } from 'node:path';
import { DataError } from '../core';
import { listDemFiles } from '../dem';
import { tileExtension } from '../encode';
import { type JobEngine, LocalJobEngine, whileInterruptible } from '../engine';
import type { TilingPlan } from '../plan';
import { writeReport } from '../write';
import type { Tiles3dOptions } from './options';
import { NAME } from './options';
import type { PyramidInfo, Tiles3dReport } from './stage';
import { run3dTiles } from './stage';
import { format3dSummary } from './summary';

export { format3dSummary } from './summary';

/** parseArgs options of the 3D stage. */
export const TILES3D_FLAGS = {
  '3d': { type: 'boolean' },
  dem: { type: 'string', multiple: true },
  geoid: { type: 'string' },
  '3tz': { type: 'boolean' },
  '3d-out': { type: 'string' },
  '3d-min-zoom': { type: 'string' },
  '3d-max-zoom': { type: 'string' },
} as const;

/** Usage lines of the 3D flags. */
export const TILES3D_USAGE = `      --3d               after the pyramid, write 3D Tiles 1.1 (terrain meshes textured with the tiles)
      --dem <path>       DEM GeoTIFF(s) or folder(s), NGF-IGN69 altitudes (repeatable; needed by --3d)
      --geoid <file>     geoid grid GeoTIFF in degrees (e.g. fr_ign_RAF20.tif); default: constant 45 m
      --3tz              also pack the 3D folder into <3d-out>.3tz
      --3d-out <dir>     3D folder (default: "3d" beside --out: twin/2021/ortho -> twin/2021/3d)
      --3d-min-zoom <z>  coarsest 3D zoom (default: max zoom - 7); --3d-max-zoom <z> finest (max zoom)`;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The 3D folder for a pyramid folder: "3d" beside it. */
export function default3dOut(out: string): string {
  return join(dirname(out.replace(/[\\/]+$/, '')), basename(out) === '3d' ? '3d-mesh' : '3d');
}

function zoomFlag(values: Values, key: string, problems: string[]): number | null {
  const v = values[key];
  if (v === undefined) return null;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0 || n > 24) {
    problems.push(`--${key} must be a zoom 0..24, got "${String(v)}"`);
    return null;
  }
  return n;
}

/**
 * Checks the 3D flags before any work (so a bad flag does not wait for the pyramid).
 * @throws DataError listing every problem.
 */
export function check3dFlags(values: Values): void {
  const problems: string[] = [];
  const wants = values['3d'] === true;
  const dems = (values.dem as string[] | undefined) ?? [];
  if (wants && dems.length === 0) problems.push('--3d needs --dem <DEM GeoTIFF or folder>');
  if (wants && typeof values.out === 'string' && /^s3:\/\//i.test(values.out))
    problems.push(
      '--3d needs a local --out folder (the 3D stage reads the pyramid from disk), not an s3:// URL',
    );
  if (!wants)
    for (const k of ['dem', 'geoid', '3tz', '3d-out', '3d-min-zoom', '3d-max-zoom'])
      if (values[k] !== undefined) problems.push(`--${k} is only used with --3d`);
  zoomFlag(values, '3d-min-zoom', problems);
  zoomFlag(values, '3d-max-zoom', problems);
  if (problems.length > 0) throw new DataError(`${NAME}: bad flags.`, problems);
}

/**
 * Runs the 3D stage for `tiling run` once its pyramid is complete; prints a summary and writes
 * `<3d-out>/report.json`. Returns the exit code (0 ok, 1 stopped).
 */
export async function run3dFromFlags(
  values: Values,
  plan: TilingPlan,
  out: string,
  workers: number,
  /** An engine to reuse (its workers already started); closed by the caller. */
  shared?: JobEngine,
): Promise<number> {
  check3dFlags(values);
  const problems: string[] = [];
  const options: Partial<Tiles3dOptions> = {
    minZoom: zoomFlag(values, '3d-min-zoom', problems),
    maxZoom: zoomFlag(values, '3d-max-zoom', problems),
  };
  const outDir = typeof values['3d-out'] === 'string' ? values['3d-out'] : default3dOut(out);
  const demFiles = await listDemFiles((values.dem as string[] | undefined) ?? []);
  const pyramid: PyramidInfo = {
    fingerprint: plan.fingerprint,
    minZoom: plan.options.minZoom,
    maxZoom: plan.options.maxZoom,
    levels: plan.levels,
    boundsLonLat: plan.boundsLonLat,
    extension: tileExtension(plan.options.format),
  };
  const geoidGrid = typeof values.geoid === 'string' ? values.geoid : null;
  const archivePath = values['3tz'] === true ? `${outDir.replace(/[\\/]+$/, '')}.3tz` : null;
  if (typeof values.queue === 'string') {
    // The mesh jobs on "tiling worker"s too: one batch per stage, on the same Redis.
    const { run3dBatch } = await import('./batch');
    const attempts = Number(values.attempts ?? 3);
    const r = await whileInterruptible((signal) =>
      run3dBatch(
        {
          out: outDir,
          pyramidDir: out,
          pyramid: { ...pyramid, levels: pyramid.levels.map((l) => ({ z: l.z, range: l.range })) },
          demFiles,
          geoidGrid,
          options,
          archivePath,
        },
        {
          url: values.queue as string,
          ...(typeof values.batch === 'string' ? { batch: `${values.batch}-3d` } : {}),
          attempts,
          progress: true,
          signal,
        },
      ),
    );
    console.log(r.summary);
    return r.complete ? 0 : 1;
  }
  const engine = shared ?? new LocalJobEngine({ workers });
  let report: Tiles3dReport;
  try {
    report = await whileInterruptible((signal) =>
      run3dTiles({
        pyramidDir: out,
        pyramid,
        outDir,
        demFiles,
        geoidGrid,
        options,
        engine,
        archivePath,
        onProgress: (done, total, tiles) => {
          if (done === total || done % 20 === 0)
            console.error(`${NAME}: ${done}/${total} mesh jobs, ${tiles} 3D tiles`);
        },
        signal,
      }),
    );
  } finally {
    if (!shared) await engine.close();
  }
  await writeReport(outDir, report);
  console.log(format3dSummary(report, outDir));
  return report.complete ? 0 : 1;
}
