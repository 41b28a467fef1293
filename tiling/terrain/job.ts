// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * One terrain job: the quantized-mesh tiles of the cover under one root tile, `jobZoomSpan` levels
 * deep. Per tile: ellipsoidal heights on a grid with a 1-point margin (DEM altitude + geoid, the
 * sampling of tiles3d), an RTIN within CesiumJS's geometric error of the level (the mesh stage of
 * tiles3d), then `encodeTerrainTile` (pure). Jobs read only the DEM, so they are independent (no
 * deps) and idempotent (same job, same bytes). I/O comes through the context.
 */
import type { Extent } from '../../format/grid';
import { tileChildren, tileToMercatorBounds } from '../../format/grid';
import type { TileAddress } from '../core';
import { DataError } from '../core';
import type { DemHeader, DemRaster, GeoidModel } from '../dem';
import { encodeQuantizedMesh, QUANTIZED_MAX } from '../encode/quantized-mesh';
import { buildTerrainMesh, gridLonLatRadians } from '../mesh';
import type { CrsTransform } from '../reproject';
import { sampleTileHeights } from '../tiles3d/job';
import type { TerrainOptions } from './options';
import { levelMaximumGeometricError, NAME } from './options';
import type { TerrainJob, TileCover } from './plan';

/** What a terrain job did (JSON). */
export interface TerrainJobResult {
  job: string;
  tiles: number;
  /** Bytes written (gzipped when gzip is on). */
  bytes: number;
  /** Bytes before gzip. */
  rawBytes: number;
  vertices: number;
  triangles: number;
  /** Tiles whose grid holds no DEM value (filled with the DEM's mean height). */
  filledTiles: number;
  seconds: number;
}

/** What a terrain job runs against (I/O injected). */
export interface TerrainJobContext {
  options: TerrainOptions & { maxZoom: number };
  cover: TileCover;
  crs: CrsTransform;
  dems: readonly DemHeader[];
  /** EPSG:3857 footprint of each DEM (same order as `dems`). */
  footprints: readonly Extent[];
  loadDem(index: number): Promise<DemRaster>;
  geoid: GeoidModel;
  /** Writes a tile's bytes at its TMS address ({z}/{x}/{tmsY}.terrain). */
  writeTile(tms: TileAddress, bytes: Uint8Array): Promise<void>;
  /** Gzip (Node's zlib in the handler); omitted: tiles stay uncompressed. */
  compress?(bytes: Uint8Array): Uint8Array;
  signal?: AbortSignal;
}

/** One encoded tile and its figures. */
export interface EncodedTerrainTile {
  bytes: Uint8Array;
  vertices: number;
  triangles: number;
  minHeight: number;
  maxHeight: number;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The largest float32 at most x (x finite). */
function float32Down(x: number): number {
  f32[0] = x;
  if (f32[0]! <= x) return f32[0]!;
  if (x > 0) u32[0]! -= 1;
  else if (x < 0) u32[0]! += 1;
  else return -Number.MIN_VALUE;
  return f32[0]!;
}

/** The smallest float32 at least x (x finite). */
function float32Up(x: number): number {
  f32[0] = x;
  if (f32[0]! >= x) return f32[0]!;
  if (x > 0) u32[0]! += 1;
  else if (x < 0) u32[0]! -= 1;
  return f32[0]!;
}

/**
 * Largest vertical distance between the triangles (grid coordinates `gx`, `gy` per vertex) and the
 * grid heights at every grid point they cover, metres.
 */
export function gridError(
  size: number,
  heights: Float64Array,
  gx: Uint16Array,
  gy: Uint16Array,
  indices: Uint32Array,
): number {
  const n = size + 2;
  const at = (i: number, j: number) => heights[(j + 1) * n + i + 1]!;
  let worst = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t]!;
    const b = indices[t + 1]!;
    const c = indices[t + 2]!;
    const ax = gx[a]!;
    const ay = gy[a]!;
    const bx = gx[b]!;
    const by = gy[b]!;
    const cx = gx[c]!;
    const cy = gy[c]!;
    const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
    if (det === 0) continue;
    const ha = at(ax, ay);
    const hb = at(bx, by);
    const hc = at(cx, cy);
    for (let j = Math.min(ay, by, cy); j <= Math.max(ay, by, cy); j++)
      for (let i = Math.min(ax, bx, cx); i <= Math.max(ax, bx, cx); i++) {
        const l1 = ((by - cy) * (i - cx) + (cx - bx) * (j - cy)) / det;
        const l2 = ((cy - ay) * (i - cx) + (ax - cx) * (j - cy)) / det;
        const l3 = 1 - l1 - l2;
        if (l1 < -1e-9 || l2 < -1e-9 || l3 < -1e-9) continue;
        const e = Math.abs(l1 * ha + l2 * hb + l3 * hc - at(i, j));
        if (e > worst) worst = e;
      }
  }
  return worst;
}

/**
 * A tile's heights -> quantized-mesh bytes (pure): RTIN within `maxErrorMetres`, vertices on the
 * grid, u/v/height quantized to 0..32767 (height between the float32 min and max of the header),
 * edge indices from the grid border, normals from the grid with its margin (neighbours of one level
 * share border normals), optional metadata JSON.
 * @param heights (size + 2)^2 ellipsoidal heights, rows north to south, 1-point margin.
 */
export function encodeTerrainTile(
  tile: TileAddress,
  size: number,
  heights: Float64Array,
  maxErrorMetres: number,
  metadata?: unknown,
): EncodedTerrainTile {
  const n = size + 2;
  const last = size - 1;
  // Martini's error is measured at its triangles' hypotenuse midpoints, so a few grid points can sit
  // a little past it: measure every grid point and tighten until the bound holds (0 = exact grid).
  let target = maxErrorMetres;
  let mesh: ReturnType<typeof buildTerrainMesh>;
  let gx: Uint16Array;
  let gy: Uint16Array;
  for (let attempt = 0; ; attempt++) {
    mesh = buildTerrainMesh(
      { size, heights, boundsMercator: tileToMercatorBounds(tile) },
      { maxErrorMetres: target, skirtMetres: 0 },
    );
    gx = new Uint16Array(mesh.surfaceVertices);
    gy = new Uint16Array(mesh.surfaceVertices);
    for (let v = 0; v < mesh.surfaceVertices; v++) {
      gx[v] = Math.round(mesh.uvs[2 * v]! * last);
      gy[v] = Math.round(mesh.uvs[2 * v + 1]! * last);
    }
    if (target === 0) break;
    const measured = gridError(size, heights, gx, gy, mesh.indices.subarray(0, mesh.surfaceTriangles * 3));
    if (measured <= maxErrorMetres) break;
    target = attempt < 4 ? target * Math.min(0.9, (maxErrorMetres / measured) * 0.95) : 0;
  }
  const count = mesh.surfaceVertices;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < count; v++) {
    const h = heights[(gy[v]! + 1) * n + gx[v]! + 1]!;
    if (h < min) min = h;
    if (h > max) max = h;
  }
  const minHeight = float32Down(min);
  let maxHeight = float32Up(max);
  if (maxHeight <= minHeight) maxHeight = float32Up(minHeight + 0.001);
  const u = new Uint16Array(count);
  const v = new Uint16Array(count);
  const hq = new Uint16Array(count);
  const ecef = new Float64Array(count * 3);
  const west: number[] = [];
  const south: number[] = [];
  const east: number[] = [];
  const north: number[] = [];
  const range = maxHeight - minHeight;
  for (let k = 0; k < count; k++) {
    const x = gx[k]!;
    const y = gy[k]!;
    u[k] = Math.round((x / last) * QUANTIZED_MAX);
    v[k] = Math.round(((last - y) / last) * QUANTIZED_MAX);
    const h = heights[(y + 1) * n + x + 1]!;
    hq[k] = Math.min(QUANTIZED_MAX, Math.max(0, Math.round(((h - minHeight) / range) * QUANTIZED_MAX)));
    for (let c = 0; c < 3; c++) ecef[k * 3 + c] = mesh.positions[k * 3 + c]! + mesh.centre[c]!;
    if (x === 0) west.push(k);
    if (x === last) east.push(k);
    if (y === last) south.push(k);
    if (y === 0) north.push(k);
  }
  // Edge vertices in walking order (west and east south -> north, south and north west -> east).
  west.sort((a, b) => v[a]! - v[b]!);
  east.sort((a, b) => v[a]! - v[b]!);
  south.sort((a, b) => u[a]! - u[b]!);
  north.sort((a, b) => u[a]! - u[b]!);
  const bytes = encodeQuantizedMesh({
    u,
    v,
    height: hq,
    minHeight,
    maxHeight,
    ecef,
    indices: mesh.indices.subarray(0, mesh.surfaceTriangles * 3),
    west,
    south,
    east,
    north,
    normals: mesh.normals.subarray(0, count * 3),
    ...(metadata === undefined ? {} : { metadata }),
  });
  return { bytes, vertices: count, triangles: mesh.surfaceTriangles, minHeight, maxHeight };
}

/** Valid-value mean of a DEM raster (NaN when it has none). */
export function demMean(r: DemRaster): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < r.values.length; i++) {
    const h = r.values[i]!;
    if (Number.isNaN(h) || h === r.nodata || h <= -1e4 || h >= 1e5) continue;
    sum += h;
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}

/**
 * Heights of a tile whose grid points miss every DEM value (coarse levels over a small DEM, or the
 * corners of a footprint): the mean altitude of the DEMs whose footprint overlaps the tile, plus
 * the geoid at each point: a flat tile at the area's height, not a cliff down to the ellipsoid.
 */
async function fillHeights(
  tile: TileAddress,
  size: number,
  ctx: TerrainJobContext,
  means: Map<number, number>,
): Promise<Float64Array> {
  const b = tileToMercatorBounds(tile);
  let sum = 0;
  let count = 0;
  for (let d = 0; d < ctx.footprints.length; d++) {
    const f = ctx.footprints[d]!;
    if (f.maxX <= b.minX || f.minX >= b.maxX || f.maxY <= b.minY || f.minY >= b.maxY) continue;
    let m = means.get(d);
    if (m === undefined) {
      m = demMean(await ctx.loadDem(d));
      means.set(d, m);
    }
    if (Number.isNaN(m)) continue;
    sum += m;
    count++;
  }
  if (count === 0)
    throw new DataError(
      `${NAME}: tile ${tile.z}/${tile.x}/${tile.y} lies over DEM files with no valid altitude at all; remove the empty files (gdalinfo -stats shows them).`,
    );
  const mean = sum / count;
  const n = size + 2;
  const { lon, lat } = gridLonLatRadians(size, b);
  const heights = new Float64Array(n * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const undulation = ctx.geoid.undulationMetres((lon[i]! * 180) / Math.PI, (lat[j]! * 180) / Math.PI);
      if (!Number.isFinite(undulation))
        throw new DataError(
          `${NAME}: the geoid model (${ctx.geoid.description}) does not cover tile ${tile.z}/${tile.x}/${tile.y}; give a grid covering the area, or leave --geoid out to use the regional constant.`,
        );
      heights[j * n + i] = mean + undulation;
    }
  return heights;
}

/** "z/x/y" with y counted from the south (TMS), the file's address. */
export function toTms(tile: TileAddress): TileAddress {
  return { z: tile.z, x: tile.x, y: 2 ** tile.z - 1 - tile.y };
}

/** Runs one terrain job: writes the tiles of its subtree that are in the cover. */
export async function runTerrainJob(job: TerrainJob, ctx: TerrainJobContext): Promise<TerrainJobResult> {
  const t0 = performance.now();
  const result: TerrainJobResult = {
    job: job.id,
    tiles: 0,
    bytes: 0,
    rawBytes: 0,
    vertices: 0,
    triangles: 0,
    filledTiles: 0,
    seconds: 0,
  };
  const size = ctx.options.gridSize;
  const means = new Map<number, number>();
  const visit = async (tile: TileAddress): Promise<void> => {
    if (!ctx.cover.has(tile)) return;
    ctx.signal?.throwIfAborted();
    let heights = await sampleTileHeights(tile, ctx, size);
    if (!heights) {
      heights = await fillHeights(tile, size, ctx, means);
      result.filledTiles++;
    }
    const span = ctx.options.metadataAvailability;
    const metadata =
      tile.z % span === 0 && tile.z < ctx.options.maxZoom ? ctx.cover.metadataOf(tile, span) : undefined;
    const encoded = encodeTerrainTile(tile, size, heights, levelMaximumGeometricError(tile.z), metadata);
    const bytes = ctx.compress ? ctx.compress(encoded.bytes) : encoded.bytes;
    await ctx.writeTile(toTms(tile), bytes);
    result.tiles++;
    result.bytes += bytes.length;
    result.rawBytes += encoded.bytes.length;
    result.vertices += encoded.vertices;
    result.triangles += encoded.triangles;
    if (tile.z < job.maxZoom) for (const kid of tileChildren(tile)) await visit(kid);
  };
  await visit(job);
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}
