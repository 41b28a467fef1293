/**
 * `runBuildings`: footprints + DSM + DTM -> a 3D Tiles 1.1 folder of LoD1.2 buildings
 * (tileset.json, one external tileset per job tile, {z}/{x}/{y}.glb).
 *
 * 1. Bucketing (streamed, bounded memory): each footprint goes, as one JSON line, to the bucket of
 *    the minZoom tile holding its centroid (`.tiling/buckets`); a marker records the finished pass.
 * 2. Jobs (one per non-empty bucket) on the engine it is given, with a manifest: a killed run
 *    resumes, finished jobs are not redone, and the result is the same bytes as an uninterrupted run.
 * 3. tileset.json from the job results, written last (its presence means the folder is complete).
 */
import { appendFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TileAddress } from '../../format/grid';
import { lonLatToTile } from '../../format/grid';
import { DataError, hashString } from '../core';
import type { DemHeader, GeoidSpec } from '../dem';
import { describeGeoidSpec, listDemFiles, readDemHeader, resolveGeoidSpec } from '../dem';
import type { JobEngine, JobHandlerSpec } from '../engine';
import { handlerSpec, runWithManifest } from '../engine';
import { createCrsTransform } from '../reproject';
import { FsManifest, STATE_DIR, writeFileAtomic } from '../write';
import { footprintCentroid, footprintOfFeature } from './footprint';
import type { BuildingsJobHandlerConfig } from './handler';
import { jobFileName } from './handler';
import type { HeightSource } from './heights';
import { HEIGHT_SOURCES } from './heights';
import type { BuildingsJob, BuildingsJobResult, Region } from './job';
import { jobTilesetPath, unionRegion } from './job';
import type { BuildingsOptions } from './options';
import { BUILDINGS_DEFAULTS, checkBuildingsOptions, levelGeometricError, NAME } from './options';
import { readFootprintFeatures } from './read';

/** Options of `runBuildings`. */
export interface RunBuildingsOptions {
  footprints: string;
  /** Layer of a multi-layer file (GeoPackage); default: the first. */
  layer?: string;
  dsm: readonly string[];
  dtm: readonly string[];
  outDir: string;
  geoidGrid: string | null;
  options?: Partial<BuildingsOptions>;
  engine: JobEngine;
  onStart?(info: { jobs: number; footprints: number; resumed: number }): void;
  /**
   * Distributed engines: the handler spec is made portable (module names resolved by each worker)
   * and given here with the setup and the jobs before any job runs, e.g. to register a BullMQ batch.
   */
  beforeRun?(setup: BuildingsSetup, spec: JobHandlerSpec, jobs: readonly BuildingsJob[]): Promise<void>;
  onProgress?(done: number, total: number, buildings: number): void;
  signal?: AbortSignal;
}

/** The run's report (JSON). */
export interface BuildingsReport {
  complete: boolean;
  geoid: string;
  levels: [number, number];
  /** Features read, footprints kept, features rejected (reason -> count). */
  features: number;
  footprints: number;
  rejected: Record<string, number>;
  jobs: { total: number; resumed: number; completed: number; failed: string[] };
  /** All jobs (this run and earlier runs of the same plan). */
  buildings: number;
  skipped: number;
  sources: Record<HeightSource, number>;
  meanQuality: number | null;
  tiles: number;
  bytes: number;
  glbBytes: number;
  bytesPerBuilding: number;
  perLevel: number[];
  vertices: number;
  triangles: number;
  /** This run. */
  runBuildings: number;
  seconds: number;
  buildingsPerSecond: number;
  workers: number;
  warnings: string[];
  errors: { job: string; message: string }[];
}

async function headersOf(inputs: readonly string[], kind: string): Promise<DemHeader[]> {
  if (inputs.length === 0) return [];
  const files = await listDemFiles(inputs);
  const out: DemHeader[] = [];
  for (const f of files) out.push(await readDemHeader(f));
  for (const h of out)
    if (h.epsg !== 2154)
      throw new DataError(
        `${NAME}: ${kind} "${h.id}" is in EPSG:${h.epsg}; expected EPSG:2154 (Lambert-93, the footprints' CRS). Reproject it with gdalwarp -t_srs EPSG:2154.`,
      );
  return out;
}

/** Everything a run needs before any work. */
export interface BuildingsSetup {
  options: BuildingsOptions;
  dsm: DemHeader[];
  dtm: DemHeader[];
  geoid: GeoidSpec;
  fingerprint: string;
  warnings: string[];
}

/** Reads the raster headers and checks the options. @throws DataError on bad input. */
export async function setupBuildings(
  o: Omit<RunBuildingsOptions, 'engine' | 'outDir' | 'beforeRun'>,
): Promise<BuildingsSetup> {
  const options = { ...BUILDINGS_DEFAULTS, ...o.options };
  const problems = checkBuildingsOptions(options);
  if (problems.length > 0) throw new DataError(`${NAME}: invalid options; nothing was written.`, problems);
  let size: number;
  try {
    size = (await stat(o.footprints)).size;
  } catch {
    throw new DataError(
      `${NAME}: footprints "${o.footprints}" do not exist; expected BD TOPO batiment (GeoPackage, Shapefile, FlatGeobuf) or GeoJSON polygons.`,
    );
  }
  const dsm = await headersOf(o.dsm, 'DSM');
  const dtm = await headersOf(o.dtm, 'DTM');
  const warnings: string[] = [];
  if (dsm.length === 0)
    warnings.push(
      `${NAME}: no --dsm: heights come from the footprints' "${options.heightField}", then storeys.`,
    );
  if (dtm.length === 0)
    warnings.push(`${NAME}: no --dtm: the ground is the lowest DSM value in each footprint.`);
  if (dsm.length === 0 && dtm.length === 0)
    throw new DataError(
      `${NAME}: give --dtm (the ground) and --dsm (the roofs): buildings cannot be placed without a ground.`,
    );
  const resolved = await resolveGeoidSpec(NAME, o.geoidGrid, 'fr_ign_RAF20.tif');
  const geoid = resolved.geoid;
  warnings.push(...resolved.warnings);
  const strip = (h: DemHeader) => ({ ...h, id: basename(h.id) });
  const fingerprint = hashString(
    JSON.stringify({
      v: 1,
      options,
      input: [basename(o.footprints), size, o.layer ?? null],
      dsm: dsm.map(strip),
      dtm: dtm.map(strip),
      geoid: 'grid' in geoid ? basename(geoid.grid) : geoid,
    }),
  );
  return { options, dsm, dtm, geoid, fingerprint, warnings };
}

interface BucketMarker {
  fingerprint: string;
  features: number;
  footprints: number;
  rejected: Record<string, number>;
  tiles: TileAddress[];
}

/** Pass 1: footprints into per-tile bucket files, at most `flushEvery` lines held in memory. */
async function bucketFootprints(
  o: RunBuildingsOptions,
  setup: BuildingsSetup,
  bucketDir: string,
  flushEvery = 20000,
): Promise<BucketMarker> {
  const markerPath = join(bucketDir, 'done.json');
  try {
    const m = JSON.parse(await readFile(markerPath, 'utf8')) as BucketMarker;
    if (m.fingerprint === setup.fingerprint) return m;
  } catch {
    // no finished pass: (re)do it
  }
  await rm(bucketDir, { recursive: true, force: true });
  await mkdir(bucketDir, { recursive: true });
  const crs = createCrsTransform(2154);
  const z = setup.options.minZoom;
  const held = new Map<string, string[]>();
  const tiles = new Map<string, TileAddress>();
  let heldLines = 0;
  const flush = async () => {
    for (const [name, lines] of held)
      await appendFile(join(bucketDir, `${name}.jsonl`), `${lines.join('\n')}\n`);
    held.clear();
    heldLines = 0;
  };
  let features = 0;
  let footprints = 0;
  const rejected: Record<string, number> = {};
  for await (const feature of readFootprintFeatures(o.footprints, {
    ...(o.layer ? { layer: o.layer } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  })) {
    const fp = footprintOfFeature(feature, features, setup.options.heightField);
    features++;
    if (typeof fp === 'string') {
      rejected[fp] = (rejected[fp] ?? 0) + 1;
      continue;
    }
    footprints++;
    const [cx, cy] = footprintCentroid(fp);
    const [lon, lat] = crs.toLonLat(cx, cy);
    const tile = lonLatToTile(lon, lat, z);
    const name = jobFileName(tile);
    tiles.set(name, tile);
    let list = held.get(name);
    if (!list) {
      list = [];
      held.set(name, list);
    }
    list.push(JSON.stringify(fp));
    if (++heldLines >= flushEvery) await flush();
  }
  await flush();
  if (features === 0) throw new DataError(`${NAME}: "${basename(o.footprints)}" holds no feature.`);
  if (footprints === 0)
    throw new DataError(
      `${NAME}: "${basename(o.footprints)}" holds no polygon (${Object.keys(rejected).join('; ')}).`,
    );
  const marker: BucketMarker = {
    fingerprint: setup.fingerprint,
    features,
    footprints,
    rejected,
    tiles: [...tiles.values()].sort((a, b) => a.y - b.y || a.x - b.x),
  };
  await writeFileAtomic(markerPath, JSON.stringify(marker), bucketDir);
  return marker;
}

/**
 * Builds (or resumes) the buildings of `o.footprints` into `o.outDir`; resolves with its report.
 * @throws DataError on bad input (before any tile is written).
 */
export async function runBuildings(o: RunBuildingsOptions): Promise<BuildingsReport> {
  const t0 = performance.now();
  const setup = await setupBuildings(o);
  const state = join(o.outDir, STATE_DIR);
  const bucketDir = join(state, 'buckets');
  const resultDir = join(state, 'jobs');
  await mkdir(resultDir, { recursive: true });
  // tileset.json marks a finished folder: gone while a run is under way.
  await rm(join(o.outDir, 'tileset.json'), { force: true });
  const manifest = FsManifest.open(join(state, 'manifest.jsonl'), setup.fingerprint);
  let marker: BucketMarker;
  try {
    marker = await bucketFootprints(o, setup, bucketDir);
  } catch (e) {
    await manifest.close();
    throw e;
  }
  const jobs: BuildingsJob[] = marker.tiles.map((tile) => ({
    id: `b/${tile.z}/${tile.x}/${tile.y}`,
    deps: [],
    tile,
  }));
  const done = new Set([...manifest.done.keys()].filter((k) => jobs.some((j) => j.id === k)));
  const sources = Object.fromEntries(HEIGHT_SOURCES.map((s) => [s, 0])) as Record<HeightSource, number>;
  const report: BuildingsReport = {
    complete: false,
    geoid: describeGeoidSpec(setup.geoid),
    levels: [setup.options.minZoom, setup.options.maxZoom],
    features: marker.features,
    footprints: marker.footprints,
    rejected: marker.rejected,
    jobs: { total: jobs.length, resumed: done.size, completed: 0, failed: [] },
    buildings: 0,
    skipped: 0,
    sources,
    meanQuality: null,
    tiles: 0,
    bytes: 0,
    glbBytes: 0,
    bytesPerBuilding: 0,
    perLevel: [],
    vertices: 0,
    triangles: 0,
    runBuildings: 0,
    seconds: 0,
    buildingsPerSecond: 0,
    workers: o.engine.concurrency,
    warnings: setup.warnings,
    errors: [],
  };
  o.onStart?.({ jobs: jobs.length, footprints: marker.footprints, resumed: done.size });
  const config: BuildingsJobHandlerConfig = {
    outDir: o.outDir,
    bucketDir,
    resultDir,
    options: setup.options,
    epsg: 2154,
    dsm: setup.dsm,
    dtm: setup.dtm,
    geoid: setup.geoid,
  };
  const spec = handlerSpec('buildings', config, { portable: o.beforeRun !== undefined });
  await o.beforeRun?.(setup, spec, jobs);
  await runWithManifest<BuildingsJob, BuildingsJobResult>({
    engine: o.engine,
    jobs,
    handler: spec,
    manifest,
    done,
    report,
    signal: o.signal,
    onDone: (_job, r) => {
      report.runBuildings += r.buildings;
      o.onProgress?.(done.size, jobs.length, report.runBuildings);
    },
  });
  report.seconds = (performance.now() - t0) / 1000;
  report.buildingsPerSecond = report.seconds > 0 ? report.runBuildings / report.seconds : 0;
  if (!report.complete) return report;
  // Every job's result (this run's and earlier runs'), in tile order.
  const children: Record<string, unknown>[] = [];
  const childTiles: TileAddress[] = [];
  let all: Region | null = null;
  let qSum = 0;
  let qN = 0;
  for (const job of jobs) {
    const r = JSON.parse(
      await readFile(join(resultDir, `${jobFileName(job.tile)}.json`), 'utf8'),
    ) as BuildingsJobResult;
    report.buildings += r.buildings;
    report.skipped += r.skipped;
    report.tiles += r.tiles;
    report.bytes += r.bytes;
    report.glbBytes += r.glbBytes;
    report.vertices += r.vertices;
    report.triangles += r.triangles;
    for (const s of HEIGHT_SOURCES) sources[s] += r.sources[s];
    r.perLevel.forEach((n, i) => {
      report.perLevel[i] = (report.perLevel[i] ?? 0) + n;
    });
    if (r.meanQuality !== null) {
      qSum += r.meanQuality * r.sources.dsm;
      qN += r.sources.dsm;
    }
    if (!r.region) continue;
    const g: Region = r.region;
    all = unionRegion(all, g);
    childTiles.push(job.tile);
    children.push({
      boundingVolume: { region: g },
      geometricError: levelGeometricError(setup.options, setup.options.minZoom),
      content: { uri: jobTilesetPath(job.tile) },
    });
  }
  report.meanQuality = qN > 0 ? Math.round((qSum / qN) * 1000) / 1000 : null;
  report.bytesPerBuilding = report.buildings > 0 ? Math.round(report.bytes / report.buildings) : 0;
  if (!all)
    throw new DataError(
      `${NAME}: no building could be placed (no ground under any footprint: check that the DTM covers them).`,
    );
  const topError = 4 * levelGeometricError(setup.options, setup.options.minZoom);
  // A region has thousands of job tiles: past 64, they go in external tilesets of 3 levels up
  // (about 25 km at z10), so tileset.json stays small.
  let rootChildren = children;
  if (children.length > 64) {
    const groups = new Map<
      string,
      { tile: TileAddress; children: Record<string, unknown>[]; region: Region }
    >();
    childTiles.forEach((jobTile, i) => {
      const child = children[i] as Record<string, unknown>;
      const r = (child.boundingVolume as { region: Region }).region;
      const z = Math.max(0, jobTile.z - 3);
      const shift = jobTile.z - z;
      const tile = { z, x: jobTile.x >> shift, y: jobTile.y >> shift };
      const key = `${tile.z}/${tile.x}/${tile.y}`;
      const g = groups.get(key);
      if (!g)
        groups.set(key, {
          tile,
          children: [{ ...child, content: { uri: `../../${jobTilesetPath(jobTile)}` } }],
          region: [...r],
        });
      else {
        g.children.push({ ...child, content: { uri: `../../${jobTilesetPath(jobTile)}` } });
        g.region = unionRegion(g.region, r) as Region;
      }
    });
    rootChildren = [];
    for (const g of groups.values()) {
      const path = jobTilesetPath(g.tile);
      await mkdir(join(o.outDir, String(g.tile.z), String(g.tile.x)), { recursive: true });
      const group = {
        asset: { version: '1.1' },
        geometricError: 2 * levelGeometricError(setup.options, setup.options.minZoom),
        root: {
          boundingVolume: { region: g.region },
          geometricError: 2 * levelGeometricError(setup.options, setup.options.minZoom),
          refine: 'ADD',
          children: g.children,
        },
      };
      await writeFileAtomic(join(o.outDir, path), `${JSON.stringify(group)}\n`, join(state, 'tmp'));
      rootChildren.push({
        boundingVolume: { region: g.region },
        geometricError: group.geometricError,
        content: { uri: path },
      });
    }
  }
  const tileset = {
    asset: { version: '1.1' },
    geometricError: topError,
    root: {
      boundingVolume: { region: all },
      geometricError: topError,
      refine: 'ADD',
      children: rootChildren,
    },
  };
  await writeFileAtomic(
    join(o.outDir, 'tileset.json'),
    `${JSON.stringify(tileset, null, 1)}\n`,
    join(state, 'tmp'),
  );
  report.seconds = (performance.now() - t0) / 1000;
  report.buildingsPerSecond = report.seconds > 0 ? report.runBuildings / report.seconds : 0;
  return report;
}
