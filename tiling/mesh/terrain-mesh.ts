// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * `buildTerrainMesh`: a height grid over one Web Mercator tile -> a textured terrain mesh (pure).
 *
 * The grid is `size` x `size` points (size = 2^k + 1) spanning the tile edge to edge, plus one
 * point of margin on every side (taken from the neighbours' footprint) so that normals at a border
 * are computed from the same points on both sides: neighbours of one level get equal normals.
 * Triangles are an RTIN (@mapbox/martini) whose vertical error stays within `maxErrorMetres`.
 * A skirt (a vertical strip hanging `skirtMetres` below every border edge) hides the cracks left
 * where neighbours of different levels (or different RTIN refinements) meet.
 *
 * Texture coordinates map the tile's edges to the image's edges (u east, v south), so the imagery
 * tile of the same address lines up to the pixel: vertices sit on the Mercator grid, which is
 * linear in both the image and the tile's Mercator coordinates.
 */
import Martini from '@mapbox/martini';
import { EARTH_RADIUS_METRES } from '../../format/grid';
import type { Extent } from '../core';
import { boxCentre, geodeticToEcef } from './ecef';

/** A terrain mesh, positions relative to `centre` (ECEF metres, Z up, not yet glTF's Y up). */
export interface TerrainMesh {
  /** ECEF centre the positions are relative to. */
  centre: [number, number, number];
  /** xyz per vertex, metres, relative to `centre`. */
  positions: Float64Array;
  /** Unit normals, xyz per vertex, ECEF. */
  normals: Float32Array;
  /** uv per vertex in 0..1, u east, v south (glTF's convention: v = 0 at the image's top). */
  uvs: Float32Array;
  /** Counter-clockwise seen from outside (glTF's front faces). */
  indices: Uint32Array;
  /** Ellipsoidal heights bounding the mesh (skirts included), metres. */
  minHeightMetres: number;
  maxHeightMetres: number;
  /** Vertices and triangles of the terrain surface alone (without skirts). */
  surfaceVertices: number;
  surfaceTriangles: number;
}

/** Input of `buildTerrainMesh`. */
export interface TerrainGrid {
  /** Points per side of the tile, 2^k + 1. */
  size: number;
  /** Ellipsoidal heights (metres), (size + 2)^2 values, rows north to south, with the 1-point margin. */
  heights: Float64Array;
  /** EPSG:3857 extent of the tile, metres. */
  boundsMercator: Extent;
}

/** Options of `buildTerrainMesh`. */
export interface TerrainMeshOptions {
  /** Largest vertical error of the simplified surface, metres. */
  maxErrorMetres: number;
  /** Depth of the skirts below the border, metres. */
  skirtMetres: number;
}

const martinis = new Map<number, Martini>();
/** Web Mercator's sphere (format/grid): the inverse below is `mercatorToLonLat` in radians, unrolled per row and column. */
const R = EARTH_RADIUS_METRES;

/** Longitudes and latitudes (radians) of the grid points with margin: lon per column, lat per row. */
export function gridLonLatRadians(size: number, b: Extent): { lon: Float64Array; lat: Float64Array } {
  const n = size + 2;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const step = (b.maxX - b.minX) / (size - 1);
  const stepY = (b.maxY - b.minY) / (size - 1);
  for (let i = 0; i < n; i++) lon[i] = (b.minX + (i - 1) * step) / R;
  for (let j = 0; j < n; j++) lat[j] = 2 * Math.atan(Math.exp((b.maxY - (j - 1) * stepY) / R)) - Math.PI / 2;
  return { lon, lat };
}

/**
 * Builds the mesh of one tile.
 * @throws Error when `size` is not 2^k + 1 or `heights` has the wrong length or non-finite values.
 */
export function buildTerrainMesh(grid: TerrainGrid, options: TerrainMeshOptions): TerrainMesh {
  const { size, heights } = grid;
  const n = size + 2;
  if (heights.length !== n * n) throw new Error(`mesh: expected ${n * n} heights, got ${heights.length}`);
  let martini = martinis.get(size);
  if (!martini) {
    martini = new Martini(size);
    martinis.set(size, martini);
  }
  const inner = new Float32Array(size * size);
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const h = heights[(j + 1) * n + i + 1]!;
      if (!Number.isFinite(h)) throw new Error(`mesh: height at grid point ${i},${j} is not finite`);
      inner[j * size + i] = h;
    }
  const rtin = martini.createTile(inner).getMesh(options.maxErrorMetres);

  // ECEF of every grid point (margin included), for positions and normals.
  const { lon, lat } = gridLonLatRadians(size, grid.boundsMercator);
  const ecef = new Float64Array(n * n * 3);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) geodeticToEcef(lon[i]!, lat[j]!, heights[j * n + i]!, ecef, (j * n + i) * 3);

  // Border vertices of the RTIN, in the walking order that makes skirts face outwards.
  const vCount = rtin.vertices.length / 2;
  const west: number[] = [];
  const north: number[] = [];
  const east: number[] = [];
  const south: number[] = [];
  const last = size - 1;
  for (let v = 0; v < vCount; v++) {
    const x = rtin.vertices[2 * v]!;
    const y = rtin.vertices[2 * v + 1]!;
    if (x === 0) west.push(v);
    if (y === 0) north.push(v);
    if (x === last) east.push(v);
    if (y === last) south.push(v);
  }
  const vy = (v: number) => rtin.vertices[2 * v + 1]!;
  const vx = (v: number) => rtin.vertices[2 * v]!;
  west.sort((a, b) => vy(b) - vy(a)); // northwards
  north.sort((a, b) => vx(a) - vx(b)); // eastwards
  east.sort((a, b) => vy(a) - vy(b)); // southwards
  south.sort((a, b) => vx(b) - vx(a)); // westwards
  const edges = [west, north, east, south];
  const skirtCount = west.length + north.length + east.length + south.length;
  const total = vCount + skirtCount;

  const abs = new Float64Array(total * 3);
  const normals = new Float32Array(total * 3);
  const uvs = new Float32Array(total * 2);
  let minH = Number.POSITIVE_INFINITY;
  let maxH = Number.NEGATIVE_INFINITY;
  const put = (dst: number, x: number, y: number, depth: number) => {
    const g = (y + 1) * n + (x + 1);
    const h = heights[g]! - depth;
    if (depth === 0) {
      abs[dst * 3] = ecef[g * 3]!;
      abs[dst * 3 + 1] = ecef[g * 3 + 1]!;
      abs[dst * 3 + 2] = ecef[g * 3 + 2]!;
    } else geodeticToEcef(lon[x + 1]!, lat[y + 1]!, h, abs, dst * 3);
    if (h < minH) minH = h;
    if (h > maxH) maxH = h;
    // Normal: (east difference) x (north difference), from the neighbours in the full grid.
    const e = g + 1;
    const w = g - 1;
    const no = g - n;
    const so = g + n;
    const ax = ecef[e * 3]! - ecef[w * 3]!;
    const ay = ecef[e * 3 + 1]! - ecef[w * 3 + 1]!;
    const az = ecef[e * 3 + 2]! - ecef[w * 3 + 2]!;
    const bx = ecef[no * 3]! - ecef[so * 3]!;
    const by = ecef[no * 3 + 1]! - ecef[so * 3 + 1]!;
    const bz = ecef[no * 3 + 2]! - ecef[so * 3 + 2]!;
    const nx = ay * bz - az * by;
    const ny = az * bx - ax * bz;
    const nz = ax * by - ay * bx;
    const len = Math.hypot(nx, ny, nz) || 1;
    normals[dst * 3] = nx / len;
    normals[dst * 3 + 1] = ny / len;
    normals[dst * 3 + 2] = nz / len;
    uvs[dst * 2] = x / last;
    uvs[dst * 2 + 1] = y / last;
  };
  for (let v = 0; v < vCount; v++) put(v, vx(v), vy(v), 0);

  const triCount = rtin.triangles.length / 3;
  let skirtTris = 0;
  for (const e of edges) skirtTris += Math.max(0, e.length - 1) * 2;
  const indices = new Uint32Array((triCount + skirtTris) * 3);
  for (let t = 0; t < triCount; t++) {
    const a = rtin.triangles[3 * t]!;
    const b = rtin.triangles[3 * t + 1]!;
    const c = rtin.triangles[3 * t + 2]!;
    // Counter-clockwise in (east, north) = clockwise in (x, y-down): flip when needed.
    const cross = (vx(b) - vx(a)) * (vy(c) - vy(a)) - (vy(b) - vy(a)) * (vx(c) - vx(a));
    indices[3 * t] = a;
    indices[3 * t + 1] = cross < 0 ? b : c;
    indices[3 * t + 2] = cross < 0 ? c : b;
  }
  let next = vCount;
  let k = triCount * 3;
  for (const e of edges) {
    const first = next;
    for (const v of e) put(next++, vx(v), vy(v), options.skirtMetres);
    for (let s = 0; s + 1 < e.length; s++) {
      const a = e[s]!;
      const b = e[s + 1]!;
      const a2 = first + s;
      const b2 = first + s + 1;
      indices[k++] = a;
      indices[k++] = b;
      indices[k++] = a2;
      indices[k++] = b;
      indices[k++] = b2;
      indices[k++] = a2;
    }
  }

  // Centre: middle of the box of the positions.
  const centre = boxCentre(abs);
  const positions = new Float64Array(total * 3);
  for (let v = 0; v < total; v++)
    for (let c = 0; c < 3; c++) positions[v * 3 + c] = abs[v * 3 + c]! - centre[c]!;

  // A straight chord between two vertices dips below the ellipsoid by d^2 / (8 R).
  const b = grid.boundsMercator;
  const diag = Math.hypot(b.maxX - b.minX, b.maxY - b.minY) * Math.cos(lat[1]!);
  const sag = (diag * diag) / (8 * R);
  return {
    centre,
    positions,
    normals,
    uvs,
    indices,
    minHeightMetres: minH - sag,
    maxHeightMetres: maxH,
    surfaceVertices: vCount,
    surfaceTriangles: triCount,
  };
}
