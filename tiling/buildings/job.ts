/**
 * One buildings job: the footprints whose centroid lies in one tile of level minZoom -> heights
 * from the DSM and DTM, the tiles of its subtree (one GLB each) and its external tileset JSON.
 * Values in, values out: reading rasters and writing files come through the context.
 */
import type { TileAddress } from '../../format/grid';
import { tileToLonLatBounds } from '../../format/grid';
import { DataError } from '../core';
import type { DemHeader, DemRaster, GeoidModel } from '../dem';
import type { QueueJob } from '../engine';
import type { Footprint } from './footprint';
import { footprintArea, footprintCentroid } from './footprint';
import type { PlacedBuilding } from './glb';
import { buildTileGlb } from './glb';
import type { HeightSource } from './heights';
import { buildingHeights, footprintValues, HEIGHT_SOURCES, rastersUnder } from './heights';
import type { BuildingsOptions } from './options';
import { levelGeometricError, NAME } from './options';
import { assignLevels } from './plan';

/** A job: one tile of level minZoom. */
export interface BuildingsJob extends QueueJob {
  tile: TileAddress;
}

/** Region [west, south, east, north] radians, [min, max] ellipsoidal metres. */
export type Region = [number, number, number, number, number, number];

/** What a job did (JSON). */
export interface BuildingsJobResult {
  tile: TileAddress;
  /** GLB tiles written, and their bytes (GLBs + the external tileset). */
  tiles: number;
  bytes: number;
  glbBytes: number;
  buildings: number;
  /** Footprints left out (no ground known there). */
  skipped: number;
  sources: Record<HeightSource, number>;
  /** Mean of the quality figure of DSM heights, metres. */
  meanQuality: number | null;
  vertices: number;
  triangles: number;
  /** Region of everything in the job's subtree; null when no building was kept. */
  region: Region | null;
  /** Buildings per level (index = z - minZoom). */
  perLevel: number[];
}

/** What a job needs from its worker. */
export interface BuildingsJobContext {
  options: BuildingsOptions;
  footprints: Footprint[];
  dsm: readonly DemHeader[];
  dtm: readonly DemHeader[];
  loadDsm(index: number): Promise<DemRaster>;
  loadDtm(index: number): Promise<DemRaster>;
  geoid: GeoidModel;
  toLonLat(x: number, y: number): [number, number];
  writeGlb(tile: TileAddress, bytes: Uint8Array): Promise<void>;
  /** Writes a JSON file (path relative to the output folder). */
  writeJson(path: string, text: string): Promise<void>;
}

interface Node {
  tile: TileAddress;
  content: Region | null;
  region: Region | null;
  children: Node[];
}

/** The region holding both (a copy; null when both are null). */
export function unionRegion(a: Region | null, b: Region | null): Region | null {
  if (!a) return b ? [...b] : null;
  if (!b) return [...a];
  return [
    Math.min(a[0], b[0]),
    Math.min(a[1], b[1]),
    Math.max(a[2], b[2]),
    Math.max(a[3], b[3]),
    Math.min(a[4], b[4]),
    Math.max(a[5], b[5]),
  ];
}

/** Rounds a region outwards (1e-9 rad = 6 mm; 1 cm), so the JSON is short and still covers. */
export function roundRegion(r: Region): Region {
  const lo = (v: number, k: number) => Math.floor(v * k) / k;
  const hi = (v: number, k: number) => Math.ceil(v * k) / k;
  return [lo(r[0], 1e9), lo(r[1], 1e9), hi(r[2], 1e9), hi(r[3], 1e9), lo(r[4], 100), hi(r[5], 100)];
}

/** Path of a tile's GLB, relative to the output folder. */
export const glbPath = (t: TileAddress) => `${t.z}/${t.x}/${t.y}.glb`;
/** Path of a job's external tileset, relative to the output folder. */
export const jobTilesetPath = (t: TileAddress) => `${t.z}/${t.x}/${t.y}.json`;

/** Runs one job. @throws DataError when the geoid has no value at a building. */
export async function runBuildingsJob(
  job: BuildingsJob,
  c: BuildingsJobContext,
): Promise<BuildingsJobResult> {
  const o = c.options;
  const sources = Object.fromEntries(HEIGHT_SOURCES.map((s) => [s, 0])) as Record<HeightSource, number>;
  // Same order whatever the input's, and near to near (by kilometre cell, then id), so the few
  // DSM/DTM files a worker keeps decoded serve one area at a time.
  const cell = (f: Footprint) => {
    const [x, y] = footprintCentroid(f);
    return Math.floor(y / 1000) * 1e5 + Math.floor(x / 1000);
  };
  const fps = c.footprints
    .map((f) => ({ f, k: cell(f) }))
    .sort((a, b) => a.k - b.k || (a.f.id < b.f.id ? -1 : a.f.id > b.f.id ? 1 : 0))
    .map((e) => e.f);
  const placed: (PlacedBuilding & { lon: number; lat: number; area: number })[] = [];
  let skipped = 0;
  let qualitySum = 0;
  let qualityCount = 0;
  for (const f of fps) {
    const dsmRasters = await Promise.all(rastersUnder(c.dsm, f).map((i) => c.loadDsm(i)));
    const dtmRasters = await Promise.all(rastersUnder(c.dtm, f).map((i) => c.loadDtm(i)));
    const h = buildingHeights(f, footprintValues(dsmRasters, f), footprintValues(dtmRasters, f), o);
    if (!h) {
      skipped++;
      continue;
    }
    const [cx, cy] = footprintCentroid(f);
    const [lon, lat] = c.toLonLat(cx, cy);
    const undulation = c.geoid.undulationMetres(lon, lat);
    if (Number.isNaN(undulation))
      throw new DataError(
        `${NAME}: the geoid grid has no value at building "${f.id}" (${lon.toFixed(5)}, ${lat.toFixed(5)}); use a grid covering the area (fr_ign_RAF20.tif).`,
      );
    sources[h.source]++;
    if (h.quality !== null) {
      qualitySum += h.quality;
      qualityCount++;
    }
    placed.push({ footprint: f, heights: h, undulation, lon, lat, area: footprintArea(f) });
  }
  const tiles = assignLevels(
    placed.map((p, index) => ({ index, id: p.footprint.id, area: p.area, lon: p.lon, lat: p.lat })),
    o,
  );
  const perLevel = Array.from({ length: o.maxZoom - o.minZoom + 1 }, () => 0);
  const nodes = new Map<string, Node>();
  const nodeOf = (t: TileAddress): Node => {
    const key = `${t.z}/${t.x}/${t.y}`;
    let n = nodes.get(key);
    if (!n) {
      n = { tile: t, content: null, region: null, children: [] };
      nodes.set(key, n);
      if (t.z > job.tile.z) nodeOf({ z: t.z - 1, x: t.x >> 1, y: t.y >> 1 }).children.push(n);
    }
    return n;
  };
  let glbBytes = 0;
  let vertices = 0;
  let triangles = 0;
  const keys = [...tiles.keys()].sort();
  for (const key of keys) {
    const { tile, items } = tiles.get(key) as { tile: TileAddress; items: number[] };
    const b = tileToLonLatBounds(tile);
    const glb = await buildTileGlb(
      items.map((i) => placed[i] as PlacedBuilding),
      { toLonLat: c.toLonLat, centreLonLat: [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2] },
    );
    await c.writeGlb(tile, glb.glb);
    glbBytes += glb.glb.byteLength;
    vertices += glb.vertices;
    triangles += glb.triangles;
    perLevel[tile.z - o.minZoom] = (perLevel[tile.z - o.minZoom] ?? 0) + items.length;
    nodeOf(tile).content = roundRegion(glb.region);
  }
  const root = nodes.get(`${job.tile.z}/${job.tile.x}/${job.tile.y}`) ?? null;
  const result: BuildingsJobResult = {
    tile: job.tile,
    tiles: keys.length,
    bytes: glbBytes,
    glbBytes,
    buildings: placed.length,
    skipped,
    sources,
    meanQuality: qualityCount > 0 ? Math.round((qualitySum / qualityCount) * 1000) / 1000 : null,
    vertices,
    triangles,
    region: null,
    perLevel,
  };
  if (!root) return result;
  const fill = (n: Node): Region | null => {
    n.children.sort((a, b) => a.tile.z - b.tile.z || a.tile.y - b.tile.y || a.tile.x - b.tile.x);
    let r = n.content;
    for (const ch of n.children) r = unionRegion(r, fill(ch));
    n.region = r;
    return r;
  };
  result.region = fill(root);
  const toJson = (n: Node, isRoot: boolean): Record<string, unknown> => {
    const t: Record<string, unknown> = {
      boundingVolume: { region: n.region },
      geometricError: n.children.length > 0 ? levelGeometricError(o, n.tile.z) : 0,
    };
    if (isRoot) t.refine = 'ADD';
    if (n.content) t.content = { uri: `../../${glbPath(n.tile)}`, boundingVolume: { region: n.content } };
    if (n.children.length > 0) t.children = n.children.map((ch) => toJson(ch, false));
    return t;
  };
  const text = `${JSON.stringify({
    asset: { version: '1.1' },
    geometricError: levelGeometricError(o, job.tile.z),
    root: toJson(root, true),
  })}\n`;
  await c.writeJson(jobTilesetPath(job.tile), text);
  result.bytes += Buffer.byteLength(text);
  return result;
}
