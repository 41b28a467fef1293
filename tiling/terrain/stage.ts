/**
 * `runTerrain`: DEM files -> a quantized-mesh-1.0 terrain folder (layer.json + {z}/{x}/{y}.terrain).
 * Reads the DEM headers, plans the tile cover and jobs (./plan), runs the jobs through the engine
 * it is given (all cores) with a manifest (a killed run resumes; finished jobs are not redone; the
 * result is byte-identical to an uninterrupted run), then writes layer.json.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Extent } from '../../format/grid';
import { mercatorToLonLat } from '../../format/grid';
import { DataError, hashString } from '../core';
import type { DemHeader, GeoidSpec } from '../dem';
import { demBounds, describeGeoidSpec, readDemHeadersOneCrs, resolveGeoidSpec } from '../dem';
import type { JobEngine, JobHandlerSpec } from '../engine';
import { handlerSpec, runWithManifest } from '../engine';
import { createCrsTransform } from '../reproject';
import { FsManifest, FsTileTarget, STATE_DIR, writeFileAtomic } from '../write';
import type { TerrainJobHandlerConfig } from './handler';
import { TERRAIN_EXTENSION } from './handler';
import type { TerrainJobResult } from './job';
import type { TerrainOptions } from './options';
import { defaultTerrainMaxZoom, levelMaximumGeometricError, NAME, TERRAIN_DEFAULTS } from './options';
import type { AvailableRange, TerrainJob, TerrainPlan } from './plan';
import { planTerrain } from './plan';

/** Options of `runTerrain`. */
export interface RunTerrainOptions {
  demFiles: readonly string[];
  outDir: string;
  /** Geoid grid file; null: the documented constant for Hauts-de-France (with a warning). */
  geoidGrid: string | null;
  options?: Partial<TerrainOptions>;
  engine: JobEngine;
  name?: string;
  attribution?: string;
  onStart?(info: { jobs: number; tiles: number; resumed: number; maxZoom: number }): void;
  /**
   * Distributed engines: the handler spec is made portable (module names resolved by each worker)
   * and given here before any job, with the setup, e.g. to register a BullMQ batch.
   */
  beforeRun?(setup: TerrainSetup, spec: JobHandlerSpec): Promise<void>;
  onProgress?(done: number, total: number, tiles: number): void;
  signal?: AbortSignal;
}

/** The terrain run's report (JSON). */
export interface TerrainReport {
  complete: boolean;
  maxZoom: number;
  geoid: string;
  gzip: boolean;
  jobs: { total: number; resumed: number; completed: number; failed: string[] };
  /** Planned tiles; tiles and bytes written by this run and earlier runs of the same plan. */
  plannedTiles: number;
  tiles: number;
  bytes: number;
  /** This run only. */
  runTiles: number;
  rawBytes: number;
  vertices: number;
  triangles: number;
  filledTiles: number;
  seconds: number;
  tilesPerSecond: number;
  /** RTIN error bound of each level (CesiumJS's getLevelMaximumGeometricError), metres. */
  levelErrorMetres: number[];
  warnings: string[];
  errors: { job: string; message: string }[];
}

/** The quantized-mesh layer.json CesiumJS's CesiumTerrainProvider reads. */
export interface TerrainLayerJson {
  tilejson: '2.1.0';
  name: string;
  description: string;
  version: string;
  format: 'quantized-mesh-1.0';
  attribution: string;
  scheme: 'tms';
  tiles: string[];
  projection: 'EPSG:3857';
  bounds: [number, number, number, number];
  minzoom: 0;
  maxzoom: number;
  extensions: ['octvertexnormals', 'metadata'];
  metadataAvailability: number;
  available: AvailableRange[][];
}

/** Reads every DEM header; all must share one CRS. @throws DataError listing every bad file. */
export function readTerrainDemHeaders(files: readonly string[]): Promise<DemHeader[]> {
  return readDemHeadersOneCrs(NAME, files, ' (reproject with gdalwarp)');
}

/** A DEM's footprint in EPSG:3857 (its edges densified: a Lambert-93 square is not a Mercator one). */
export function demFootprintMercator(
  h: DemHeader,
  toMercator: (x: number, y: number) => [number, number],
): Extent {
  const [x0, y0, x1, y1] = demBounds(h);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const steps = 8;
  for (let i = 0; i <= steps; i++)
    for (let j = 0; j <= steps; j++) {
      if (i !== 0 && i !== steps && j !== 0 && j !== steps) continue;
      const [mx, my] = toMercator(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * j) / steps);
      minX = Math.min(minX, mx);
      maxX = Math.max(maxX, mx);
      minY = Math.min(minY, my);
      maxY = Math.max(maxY, my);
    }
  return { minX, minY, maxX, maxY };
}

/** Everything a run needs, before any work: headers, footprints, plan, fingerprint. */
export interface TerrainSetup {
  dems: DemHeader[];
  epsg: number;
  footprints: Extent[];
  bounds: [number, number, number, number];
  options: TerrainOptions & { maxZoom: number };
  plan: TerrainPlan;
  geoid: GeoidSpec;
  fingerprint: string;
  warnings: string[];
}

/**
 * Reads the DEM headers and plans the run.
 * @throws DataError on bad DEM files, geoid grid or options.
 */
export async function setupTerrain(
  demFiles: readonly string[],
  geoidGrid: string | null,
  o: Partial<TerrainOptions> = {},
): Promise<TerrainSetup> {
  const dems = await readTerrainDemHeaders(demFiles);
  const epsg = dems[0]?.epsg;
  if (epsg === undefined) throw new DataError(`${NAME}: no DEM file given.`);
  const crs = createCrsTransform(epsg);
  const footprints = dems.map((h) => demFootprintMercator(h, (x, y) => crs.toMercator(x, y)));
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  for (const f of footprints) {
    const [w, so] = mercatorToLonLat(f.minX, f.minY);
    const [e, no] = mercatorToLonLat(f.maxX, f.maxY);
    west = Math.min(west, w);
    east = Math.max(east, e);
    south = Math.min(south, so);
    north = Math.max(north, no);
  }
  const round = (x: number) => Math.round(x * 1e7) / 1e7;
  const bounds: [number, number, number, number] = [round(west), round(south), round(east), round(north)];
  const merged = { ...TERRAIN_DEFAULTS, ...o };
  let pixel = Number.POSITIVE_INFINITY;
  for (const d of dems) pixel = Math.min(pixel, d.pixelSizeX, d.pixelSizeY);
  const latRadians = (((south + north) / 2) * Math.PI) / 180;
  const maxZoom = merged.maxZoom ?? defaultTerrainMaxZoom(pixel, latRadians, merged.gridSize);
  const options = { ...merged, maxZoom };
  const plan = planTerrain(footprints, options);
  const { geoid, warnings } = await resolveGeoidSpec(NAME, geoidGrid);
  const fingerprint = hashString(JSON.stringify({ v: 1, options, dems, geoid }));
  return { dems, epsg, footprints, bounds, options, plan, geoid, fingerprint, warnings };
}

/** layer.json of a finished run. */
export function terrainLayerJson(setup: TerrainSetup, name: string, attribution: string): TerrainLayerJson {
  const span = setup.options.metadataAvailability;
  const available: AvailableRange[][] = [];
  for (let z = 0; z <= Math.min(span, setup.options.maxZoom); z++)
    available.push(setup.plan.cover.available(z));
  return {
    tilejson: '2.1.0',
    name,
    description: `Quantized-mesh terrain from ${setup.dems.length} DEM file(s), NGF-IGN69 + geoid (${'grid' in setup.geoid ? 'grid' : `constant ${setup.geoid.constantMetres} m`}) -> WGS84 ellipsoidal heights; levels 0..${setup.options.maxZoom}.`,
    version: '1.0.0',
    format: 'quantized-mesh-1.0',
    attribution,
    scheme: 'tms',
    tiles: ['{z}/{x}/{y}.terrain?v={version}'],
    projection: 'EPSG:3857',
    bounds: setup.bounds,
    minzoom: 0,
    maxzoom: setup.options.maxZoom,
    extensions: ['octvertexnormals', 'metadata'],
    metadataAvailability: span,
    available,
  };
}

/**
 * Builds (or resumes) the terrain of DEM files into `outDir`; resolves with its report.
 * @throws DataError on bad DEM files, geoid grid or options (before any work).
 */
export async function runTerrain(o: RunTerrainOptions): Promise<TerrainReport> {
  const t0 = performance.now();
  const setup = await setupTerrain(o.demFiles, o.geoidGrid, o.options);
  const { options, plan } = setup;
  const target = new FsTileTarget(o.outDir, { extension: TERRAIN_EXTENSION });
  target.clearTemporaryFiles();
  const manifest = FsManifest.open(join(o.outDir, STATE_DIR, 'manifest.jsonl'), setup.fingerprint);
  const done = new Set(manifest.done.keys());
  const report: TerrainReport = {
    complete: false,
    maxZoom: options.maxZoom,
    geoid: describeGeoidSpec(setup.geoid),
    gzip: options.gzip,
    jobs: { total: plan.jobs.length, resumed: done.size, completed: 0, failed: [] },
    plannedTiles: plan.tiles,
    tiles: 0,
    bytes: 0,
    runTiles: 0,
    rawBytes: 0,
    vertices: 0,
    triangles: 0,
    filledTiles: 0,
    seconds: 0,
    tilesPerSecond: 0,
    levelErrorMetres: Array.from(
      { length: options.maxZoom + 1 },
      (_, z) => Math.round(levelMaximumGeometricError(z) * 1e4) / 1e4,
    ),
    warnings: setup.warnings,
    errors: [],
  };
  o.onStart?.({ jobs: plan.jobs.length, tiles: plan.tiles, resumed: done.size, maxZoom: options.maxZoom });
  const config: TerrainJobHandlerConfig = {
    outDir: o.outDir,
    options,
    levels: plan.levels,
    epsg: setup.epsg,
    dems: setup.dems,
    footprints: setup.footprints,
    geoid: setup.geoid,
  };
  const spec = handlerSpec('terrain', config, { portable: o.beforeRun !== undefined });
  await o.beforeRun?.(setup, spec);
  // layer.json marks a finished folder: gone while a run is under way.
  await rm(join(o.outDir, 'layer.json'), { force: true });
  await runWithManifest<TerrainJob, TerrainJobResult>({
    engine: o.engine,
    jobs: plan.jobs,
    handler: spec,
    manifest,
    done,
    report,
    signal: o.signal,
    onDone: (_job, r) => {
      report.runTiles += r.tiles;
      report.rawBytes += r.rawBytes;
      report.vertices += r.vertices;
      report.triangles += r.triangles;
      report.filledTiles += r.filledTiles;
      o.onProgress?.(done.size, plan.jobs.length, report.runTiles);
    },
  });
  for (const r of manifest.done.values()) {
    report.tiles += r.tiles;
    report.bytes += r.bytes;
  }
  report.seconds = (performance.now() - t0) / 1000;
  report.tilesPerSecond = report.seconds > 0 ? report.runTiles / report.seconds : 0;
  if (!report.complete) return report;
  const layer = terrainLayerJson(setup, o.name ?? 'terrain', o.attribution ?? '');
  await writeFileAtomic(join(o.outDir, 'layer.json'), `${JSON.stringify(layer, null, 2)}\n`, target.tmpDir);
  return report;
}
