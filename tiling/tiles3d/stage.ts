/**
 * `run3dTiles`: the second stage after the imagery pyramid. Lists mesh jobs from the pyramid's plan
 * and the imagery tiles on disk, runs them through a queue engine (all cores) with a manifest
 * (a crashed run resumes; finished jobs are not redone), then writes tileset.json and the external
 * tilesets, and optionally packs everything into a .3tz archive.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TileRange } from '../../format/grid';
import { DataError, hashString } from '../core';
import type { DemHeader, GeoidSpec } from '../dem';
import { describeGeoidSpec, readDemHeadersOneCrs, resolveGeoidSpec } from '../dem';
import type { JobEngine, JobHandlerSpec } from '../engine';
import { handlerSpec, runWithManifest } from '../engine';
import { FsManifest, STATE_DIR, writeFileAtomic } from '../write';
import { write3tz } from './archive';
import type { MeshJobHandlerConfig } from './handler';
import type { MeshJob, MeshJobResult, MeshTileRecord } from './job';
import { meshJobId } from './job';
import type { Tiles3dOptions } from './options';
import { NAME, TILES3D_DEFAULTS } from './options';
import { buildTilesets } from './tileset';

/** What the 3D stage needs of the pyramid's plan. */
export interface PyramidInfo {
  fingerprint: string;
  minZoom: number;
  maxZoom: number;
  /** Tile range per zoom. */
  levels: readonly { z: number; range: TileRange }[];
  boundsLonLat: { minY: number; maxY: number };
  /** Tile file extension of the pyramid ('jpg', 'png'). */
  extension: string;
}

/** Options of `run3dTiles`. */
export interface Run3dTilesOptions {
  pyramidDir: string;
  pyramid: PyramidInfo;
  outDir: string;
  demFiles: readonly string[];
  /** Geoid grid file; null: the documented constant for Hauts-de-France (with a warning). */
  geoidGrid: string | null;
  options?: Partial<Tiles3dOptions>;
  engine: JobEngine;
  /** Also write this .3tz archive of the folder (null: none). */
  archivePath?: string | null;
  /**
   * Distributed engines: the handler spec is made portable (module names resolved by each worker)
   * and given here with the setup and the jobs before any job runs, e.g. to register a BullMQ batch.
   */
  beforeRun?(setup: Tiles3dSetup, spec: JobHandlerSpec, jobs: readonly MeshJob[]): Promise<void>;
  onProgress?(done: number, total: number, tiles: number): void;
  signal?: AbortSignal;
}

/** The stage's report (JSON). */
export interface Tiles3dReport {
  complete: boolean;
  minZoom: number;
  maxZoom: number;
  geoid: string;
  jobs: { total: number; resumed: number; completed: number; failed: string[] };
  /** Tiles and bytes of this run and earlier runs of the same plan. */
  tiles: number;
  bytes: number;
  textureBytes: number;
  triangles: number;
  noDemTiles: number;
  orphanTiles: number;
  tilesetFiles: number;
  /** This run only. */
  seconds: number;
  tilesPerSecond: number;
  archive: { path: string; bytes: number; entries: number } | null;
  warnings: string[];
  errors: { job: string; message: string }[];
}

/** Where a job's tile records are kept between its end and the tileset assembly. */
function recordPath(outDir: string, id: string): string {
  return join(outDir, STATE_DIR, 'jobs', `${id}.json`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Zooms, checked against the pyramid. @throws DataError listing every bad option. */
export function resolveTiles3dOptions(
  pyramid: PyramidInfo,
  o: Partial<Tiles3dOptions> = {},
): Tiles3dOptions & { minZoom: number; maxZoom: number } {
  const merged = { ...TILES3D_DEFAULTS, ...o };
  const maxZoom = merged.maxZoom ?? pyramid.maxZoom;
  const minZoom = merged.minZoom ?? Math.min(maxZoom, Math.max(pyramid.minZoom, pyramid.maxZoom - 7));
  const problems: string[] = [];
  if (maxZoom < pyramid.minZoom || maxZoom > pyramid.maxZoom)
    problems.push(
      `3D max zoom ${maxZoom} is outside the pyramid's zooms ${pyramid.minZoom}..${pyramid.maxZoom}`,
    );
  if (minZoom < pyramid.minZoom || minZoom > maxZoom)
    problems.push(
      `3D min zoom ${minZoom} must lie between the pyramid's min zoom ${pyramid.minZoom} and ${maxZoom}`,
    );
  const cells = merged.gridSize - 1;
  if (!Number.isInteger(cells) || cells < 2 || cells > 256 || (cells & (cells - 1)) !== 0)
    problems.push(`grid size ${merged.gridSize} must be 2^k + 1 between 3 and 257`);
  for (const k of ['jobZoomSpan', 'externalZoomSpan'] as const)
    if (!Number.isInteger(merged[k]) || merged[k] < 1 || merged[k] > 8)
      problems.push(`${k} ${merged[k]} must be 1..8`);
  if (problems.length > 0) throw new DataError(`${NAME}: bad 3D options.`, problems);
  return { ...merged, minZoom, maxZoom };
}

/** Reads every DEM header; all must share one CRS. @throws DataError listing every bad file. */
export function readDemHeaders(files: readonly string[]): Promise<DemHeader[]> {
  return readDemHeadersOneCrs(NAME, files);
}

/** Lists the mesh jobs: one per tile of every `jobZoomSpan`-th zoom from minZoom whose imagery exists. */
export async function listMeshJobs(
  pyramidDir: string,
  pyramid: PyramidInfo,
  o: Tiles3dOptions & { minZoom: number; maxZoom: number },
): Promise<MeshJob[]> {
  const jobs: MeshJob[] = [];
  for (let r = o.minZoom; r <= o.maxZoom; r += o.jobZoomSpan) {
    const level = pyramid.levels.find((l) => l.z === r);
    if (!level) continue;
    const { minX, maxX, minY, maxY } = level.range;
    for (let y = minY; y <= maxY; y++)
      for (let x = minX; x <= maxX; x++) {
        if (!(await exists(join(pyramidDir, String(r), String(x), `${y}.${pyramid.extension}`)))) continue;
        jobs.push({
          id: meshJobId({ z: r, x, y }),
          deps: [],
          z: r,
          x,
          y,
          maxZoom: Math.min(r + o.jobZoomSpan - 1, o.maxZoom),
        });
      }
  }
  return jobs;
}

/** Everything the stage needs before any work: options, DEM headers, geoid, fingerprint. */
export interface Tiles3dSetup {
  options: Tiles3dOptions & { minZoom: number; maxZoom: number };
  dems: DemHeader[];
  epsg: number;
  geoid: GeoidSpec;
  latRadians: number;
  fingerprint: string;
  warnings: string[];
}

/**
 * Checks the options against the pyramid, reads the DEM headers and the geoid: the stage's setup.
 * @throws DataError on bad DEM, geoid or options.
 */
export async function setup3dTiles(
  o: Pick<Run3dTilesOptions, 'pyramid' | 'options' | 'demFiles' | 'geoidGrid'>,
): Promise<Tiles3dSetup> {
  const options = resolveTiles3dOptions(o.pyramid, o.options);
  if (!['jpg', 'jpeg', 'png'].includes(o.pyramid.extension))
    throw new DataError(
      `${NAME}: 3D tiles embed the imagery tiles as glTF textures, which must be JPEG or PNG; the pyramid is "${o.pyramid.extension}". Run with --format jpeg (or png).`,
    );
  const dems = await readDemHeaders(o.demFiles);
  const epsg = dems[0]?.epsg ?? 2154;
  const { geoid, warnings } = await resolveGeoidSpec(NAME, o.geoidGrid);
  const latRadians = (((o.pyramid.boundsLonLat.minY + o.pyramid.boundsLonLat.maxY) / 2) * Math.PI) / 180;
  const fingerprint = hashString(
    JSON.stringify({
      v: 1,
      pyramid: o.pyramid.fingerprint,
      options,
      dems,
      geoid,
      lat: latRadians.toFixed(6),
    }),
  );
  return { options, dems, epsg, geoid, latRadians, fingerprint, warnings };
}

/**
 * Runs the 3D stage over a finished pyramid.
 * @throws DataError on bad DEM, geoid or options (before any work).
 */
export async function run3dTiles(o: Run3dTilesOptions): Promise<Tiles3dReport> {
  const t0 = performance.now();
  const { options, dems, epsg, geoid, latRadians, fingerprint, warnings } = await setup3dTiles(o);
  await mkdir(join(o.outDir, STATE_DIR, 'jobs'), { recursive: true });
  const tmpDir = join(o.outDir, STATE_DIR, 'tmp');
  const jobs = await listMeshJobs(o.pyramidDir, o.pyramid, options);
  const manifest = FsManifest.open(join(o.outDir, STATE_DIR, 'manifest.jsonl'), fingerprint);
  const done = new Set(manifest.done.keys());
  const report: Tiles3dReport = {
    complete: false,
    minZoom: options.minZoom,
    maxZoom: options.maxZoom,
    geoid: describeGeoidSpec(geoid),
    jobs: { total: jobs.length, resumed: done.size, completed: 0, failed: [] },
    tiles: 0,
    bytes: 0,
    textureBytes: 0,
    triangles: 0,
    noDemTiles: 0,
    orphanTiles: 0,
    tilesetFiles: 0,
    seconds: 0,
    tilesPerSecond: 0,
    archive: null,
    warnings,
    errors: [],
  };
  const config: MeshJobHandlerConfig = {
    pyramidDir: o.pyramidDir,
    extension: o.pyramid.extension,
    outDir: o.outDir,
    options,
    latRadians,
    epsg,
    dems,
    geoid,
  };
  let runTiles = 0;
  const spec = handlerSpec('tiles3d', config, { portable: o.beforeRun !== undefined });
  await o.beforeRun?.({ options, dems, epsg, geoid, latRadians, fingerprint, warnings }, spec, jobs);
  await runWithManifest<MeshJob, MeshJobResult>({
    engine: o.engine,
    jobs,
    handler: spec,
    manifest,
    done,
    report,
    signal: o.signal,
    beforeRecord: (job, r) => writeFileAtomic(recordPath(o.outDir, job.id), JSON.stringify(r), tmpDir),
    onDone: (_job, r) => {
      runTiles += r.tiles;
      o.onProgress?.(done.size, jobs.length, runTiles);
    },
  });
  report.seconds = (performance.now() - t0) / 1000;
  report.tilesPerSecond = report.seconds > 0 ? runTiles / report.seconds : 0;
  if (!report.complete) return report;

  const records: MeshTileRecord[] = [];
  for (const job of jobs) {
    const r = JSON.parse(await readFile(recordPath(o.outDir, job.id), 'utf8')) as MeshJobResult;
    records.push(...r.records);
    report.tiles += r.tiles;
    report.bytes += r.bytes;
    report.textureBytes += r.textureBytes;
    report.triangles += r.triangles;
    report.noDemTiles += r.noDemTiles;
  }
  if (report.noDemTiles > 0)
    warnings.push(
      `${NAME}: ${report.noDemTiles} imagery tile(s) have no DEM value under them: no 3D tile there (the globe's imagery shows instead).`,
    );
  if (records.length === 0) {
    report.complete = false;
    report.errors.push({
      job: '-',
      message: `${NAME}: no 3D tile written: the DEM does not overlap the imagery at zooms ${options.minZoom}..${options.maxZoom}. Check the --dem files (same area, Lambert-93).`,
    });
    return report;
  }
  const built = buildTilesets(records, {
    minZoom: options.minZoom,
    externalZoomSpan: options.externalZoomSpan,
    screenSpaceError: options.screenSpaceError,
    latRadians,
    tilesetVersion: fingerprint,
  });
  report.orphanTiles = built.orphans;
  for (const [path, json] of built.files) {
    const full = join(o.outDir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFileAtomic(full, `${JSON.stringify(json)}\n`, tmpDir);
  }
  report.tilesetFiles = built.files.size;
  if (o.archivePath) report.archive = { path: o.archivePath, ...(await write3tz(o.outDir, o.archivePath)) };
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}
