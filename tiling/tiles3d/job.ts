// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * One mesh job: the 3D tiles under one root tile, `jobZoomSpan` levels deep. For each tile whose
 * imagery tile exists: heights on a grid (DEM altitude + geoid undulation), an RTIN mesh with skirts,
 * one GLB textured with the imagery tile's own bytes. Jobs read only the DEM and the finished
 * pyramid, so they are independent of each other (no deps) and idempotent (same job, same bytes).
 */

import { mercatorToLonLat, tileChildren, tileToMercatorBounds } from '../../format/grid';
import type { TileAddress } from '../core';
import { DataError } from '../core';
import type { DemHeader, DemRaster, GeoidModel } from '../dem';
import { demBounds, sampleDem } from '../dem';
import { buildTerrainMesh, encodeTerrainGlb } from '../mesh';
import type { CrsTransform } from '../reproject';
import type { Tiles3dOptions } from './options';
import { meshErrorMetres, NAME, skirtMetres, texelMetres } from './options';

/** A mesh job: the tiles from its root down to `maxZoom`. JSON. */
export interface MeshJob extends TileAddress {
  /** "3d-z-x-y". */
  id: string;
  deps: string[];
  /** Deepest zoom meshed by this job. */
  maxZoom: number;
}

/** One written 3D tile: address and ellipsoidal height range of its mesh (skirts included). */
export type MeshTileRecord = [
  z: number,
  x: number,
  y: number,
  minHeightMetres: number,
  maxHeightMetres: number,
];

/** What a mesh job did (JSON). */
export interface MeshJobResult {
  job: string;
  tiles: number;
  bytes: number;
  /** Of which: the imagery bytes embedded as textures. */
  textureBytes: number;
  triangles: number;
  /** Tiles with imagery but no DEM value at all (left out). */
  noDemTiles: number;
  records: MeshTileRecord[];
  seconds: number;
}

/** What a mesh job runs against (I/O injected). */
export interface MeshJobContext {
  options: Tiles3dOptions & { minZoom: number; maxZoom: number };
  /** Latitude (radians) the texel sizes are computed at: one value for the whole tree. */
  latRadians: number;
  crs: CrsTransform;
  dems: readonly DemHeader[];
  loadDem(index: number): Promise<DemRaster>;
  geoid: GeoidModel;
  /** The imagery tile's encoded bytes; null when there is none. */
  readImagery(tile: TileAddress): Promise<Uint8Array | null>;
  writeTile(tile: TileAddress, glb: Uint8Array): Promise<void>;
  signal?: AbortSignal;
}

/**
 * Grid points per side for a zoom: no finer than the DEM (a grid step of at least one DEM pixel,
 * rounded to 2^k + 1), at most `gridSize`, at least 5. A z21 tile (12 m) of a 1 m DEM gets 17.
 */
export function tileGridSize(
  z: number,
  ctx: Pick<MeshJobContext, 'options' | 'latRadians' | 'dems'>,
): number {
  let pixel = Number.POSITIVE_INFINITY;
  for (const d of ctx.dems) pixel = Math.min(pixel, d.pixelSizeX, d.pixelSizeY);
  const tileMetres = 256 * texelMetres(z, ctx.latRadians);
  let size = 5;
  while (size < ctx.options.gridSize && tileMetres / (size - 1) > pixel) size = (size - 1) * 2 + 1;
  return Math.min(size, ctx.options.gridSize);
}

/** "3d-z-x-y". */
export function meshJobId(tile: TileAddress): string {
  return `3d-${tile.z}-${tile.x}-${tile.y}`;
}

/**
 * Ellipsoidal heights of a tile's grid with its 1-point margin ((size + 2)^2 values, rows north to
 * south); null when the DEM has no value anywhere in it. Holes are filled with the mean of the
 * tile's valid values (a flat patch; the skirts hide the step at its border).
 * @throws DataError when the geoid model does not cover a point.
 */
export async function sampleTileHeights(
  tile: TileAddress,
  ctx: Pick<MeshJobContext, 'crs' | 'dems' | 'loadDem' | 'geoid'>,
  size: number,
): Promise<Float64Array | null> {
  const n = size + 2;
  const b = tileToMercatorBounds(tile);
  const step = (b.maxX - b.minX) / (size - 1);
  // Mercator -> DEM CRS: exact (proj4) on a lattice of every 8th point, bilinear in between; both
  // maps are smooth, so over a 190 m lattice cell at z14 the difference stays below a millimetre.
  const lattice: number[] = [];
  for (let i = 0; i < n - 1; i += 8) lattice.push(i);
  lattice.push(n - 1);
  const m = lattice.length;
  const lx = new Float64Array(m * m);
  const ly = new Float64Array(m * m);
  for (let q = 0; q < m; q++)
    for (let p = 0; p < m; p++) {
      const [ex, ey] = ctx.crs.fromMercator(
        b.minX + (lattice[p]! - 1) * step,
        b.maxY - (lattice[q]! - 1) * step,
      );
      lx[q * m + p] = ex;
      ly[q * m + p] = ey;
    }
  const cell = new Int32Array(n);
  const frac = new Float64Array(n);
  for (let i = 0, c = 0; i < n; i++) {
    while (c < m - 2 && i > lattice[c + 1]!) c++;
    cell[i] = c;
    frac[i] = (i - lattice[c]!) / (lattice[c + 1]! - lattice[c]!);
  }
  const xs = new Float64Array(n * n);
  const ys = new Float64Array(n * n);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    const q = cell[j]!;
    const ty = frac[j]!;
    for (let i = 0; i < n; i++) {
      const p = cell[i]!;
      const tx = frac[i]!;
      const a = q * m + p;
      const ex =
        (lx[a]! * (1 - tx) + lx[a + 1]! * tx) * (1 - ty) + (lx[a + m]! * (1 - tx) + lx[a + m + 1]! * tx) * ty;
      const ey =
        (ly[a]! * (1 - tx) + ly[a + 1]! * tx) * (1 - ty) + (ly[a + m]! * (1 - tx) + ly[a + m + 1]! * tx) * ty;
      const k = j * n + i;
      xs[k] = ex;
      ys[k] = ey;
      if (ex < minX) minX = ex;
      if (ex > maxX) maxX = ex;
      if (ey < minY) minY = ey;
      if (ey > maxY) maxY = ey;
    }
  }
  const rasters: DemRaster[] = [];
  for (let d = 0; d < ctx.dems.length; d++) {
    const [x0, y0, x1, y1] = demBounds(ctx.dems[d]!);
    if (x1 >= minX && x0 <= maxX && y1 >= minY && y0 <= maxY) rasters.push(await ctx.loadDem(d));
  }
  if (rasters.length === 0) return null;
  const heights = new Float64Array(n * n);
  let sum = 0;
  let count = 0;
  for (let k = 0; k < n * n; k++) {
    const h = sampleDem(rasters, xs[k]!, ys[k]!);
    heights[k] = h;
    if (!Number.isNaN(h)) {
      sum += h;
      count++;
    }
  }
  if (count === 0) return null;
  const mean = sum / count;
  for (let j = 0; j < n; j++) {
    const lat = mercatorToLonLat(b.minX, b.maxY - (j - 1) * step)[1];
    for (let i = 0; i < n; i++) {
      const lon = mercatorToLonLat(b.minX + (i - 1) * step, 0)[0];
      const undulation = ctx.geoid.undulationMetres(lon, lat);
      if (!Number.isFinite(undulation))
        throw new DataError(
          `${NAME}: the geoid model (${ctx.geoid.description}) does not cover ${lon.toFixed(6)}, ${lat.toFixed(6)}; give a grid covering the area, or leave --geoid out to use the regional constant.`,
        );
      const k = j * n + i;
      const h = heights[k]!;
      heights[k] = (Number.isNaN(h) ? mean : h) + undulation;
    }
  }
  return heights;
}

/** Runs one mesh job: writes the GLBs of its tiles and returns their records. */
export async function runMeshJob(job: MeshJob, ctx: MeshJobContext): Promise<MeshJobResult> {
  const t0 = performance.now();
  const result: MeshJobResult = {
    job: job.id,
    tiles: 0,
    bytes: 0,
    textureBytes: 0,
    triangles: 0,
    noDemTiles: 0,
    records: [],
    seconds: 0,
  };
  const visit = async (tile: TileAddress): Promise<void> => {
    ctx.signal?.throwIfAborted();
    const image = await ctx.readImagery(tile);
    if (!image) return;
    const size = tileGridSize(tile.z, ctx);
    const heights = await sampleTileHeights(tile, ctx, size);
    if (!heights) {
      result.noDemTiles++;
      return;
    }
    const mesh = buildTerrainMesh(
      { size, heights, boundsMercator: tileToMercatorBounds(tile) },
      {
        maxErrorMetres: meshErrorMetres(tile.z, ctx.latRadians),
        skirtMetres: skirtMetres(tile.z, ctx.latRadians),
      },
    );
    let glb: Uint8Array;
    try {
      glb = encodeTerrainGlb(mesh, image);
    } catch (e) {
      throw new DataError(
        `${NAME}: imagery tile ${tile.z}/${tile.x}/${tile.y} cannot texture a 3D tile: ${(e as Error).message}.`,
      );
    }
    await ctx.writeTile(tile, glb);
    result.tiles++;
    result.bytes += glb.length;
    result.textureBytes += image.length;
    result.triangles += mesh.indices.length / 3;
    result.records.push([
      tile.z,
      tile.x,
      tile.y,
      Math.floor(mesh.minHeightMetres * 1000) / 1000,
      Math.ceil(mesh.maxHeightMetres * 1000) / 1000,
    ]);
    if (tile.z < job.maxZoom) for (const kid of tileChildren(tile)) await visit(kid);
  };
  await visit(job);
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}
