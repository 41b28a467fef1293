/**
 * Reading a quantized-mesh terrain folder back, independently of the encoder: every tile is gunzipped
 * and decoded by @here/quantized-mesh-decoder 1.2.8, its vertices turned into Web Mercator
 * positions and metres, and its surface interpolated at any point of the tile.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import decodeModule, { type DecodedQuantizedMesh } from '@here/quantized-mesh-decoder';
import type { Extent } from '../../../format/grid';
import { tileToMercatorBounds } from '../../../format/grid';

const decode: (b: ArrayBuffer) => DecodedQuantizedMesh =
  typeof decodeModule === 'function'
    ? decodeModule
    : (decodeModule as unknown as { default: (b: ArrayBuffer) => DecodedQuantizedMesh }).default;

/** One decoded tile, with its XYZ address and vertices in metres. */
export interface DecodedTile {
  z: number;
  x: number;
  /** XYZ row (from the north); the file's row is TMS. */
  y: number;
  tmsY: number;
  gzipped: boolean;
  fileBytes: number;
  mesh: DecodedQuantizedMesh;
  bounds: Extent;
  count: number;
  /** Web Mercator x, y and ellipsoidal height (metres) of each vertex. */
  mx: Float64Array;
  my: Float64Array;
  h: Float64Array;
  /** One height quantum of this tile, metres. */
  quantum: number;
}

/** Decodes one .terrain file (gzipped or not). */
export function decodeTerrainFile(path: string, z: number, x: number, tmsY: number): DecodedTile {
  const raw = readFileSync(path);
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  const bytes = gzipped ? gunzipSync(raw) : raw;
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  const mesh = decode(ab);
  const y = 2 ** z - 1 - tmsY;
  const bounds = tileToMercatorBounds({ z, x, y });
  const count = mesh.vertexData.length / 3;
  const mx = new Float64Array(count);
  const my = new Float64Array(count);
  const h = new Float64Array(count);
  const { minHeight, maxHeight } = mesh.header;
  for (let k = 0; k < count; k++) {
    mx[k] = bounds.minX + ((mesh.vertexData[k] as number) / 32767) * (bounds.maxX - bounds.minX);
    my[k] = bounds.minY + ((mesh.vertexData[k + count] as number) / 32767) * (bounds.maxY - bounds.minY);
    h[k] = minHeight + ((mesh.vertexData[k + 2 * count] as number) / 32767) * (maxHeight - minHeight);
  }
  return {
    z,
    x,
    y,
    tmsY,
    gzipped,
    fileBytes: raw.length,
    mesh,
    bounds,
    count,
    mx,
    my,
    h,
    quantum: (maxHeight - minHeight) / 32767,
  };
}

/** Every tile of a terrain folder, decoded. */
export function readTerrain(dir: string): DecodedTile[] {
  const out: DecodedTile[] = [];
  for (const zName of readdirSync(dir)) {
    if (!/^\d+$/.test(zName)) continue;
    for (const xName of readdirSync(join(dir, zName)))
      for (const f of readdirSync(join(dir, zName, xName))) {
        const m = /^(\d+)\.terrain$/.exec(f);
        if (!m) continue;
        out.push(decodeTerrainFile(join(dir, zName, xName, f), Number(zName), Number(xName), Number(m[1])));
      }
  }
  return out.sort((a, b) => a.z - b.z || a.x - b.x || a.y - b.y);
}

const BUCKETS = 16;
const buckets = new WeakMap<DecodedTile, number[][]>();

/** Triangles (first index) per cell of a 16 x 16 grid over the tile, built once per tile. */
function trianglesByCell(t: DecodedTile): number[][] {
  const hit = buckets.get(t);
  if (hit) return hit;
  const cells: number[][] = Array.from({ length: BUCKETS * BUCKETS }, () => []);
  const idx = t.mesh.triangleIndices;
  const w = t.bounds.maxX - t.bounds.minX;
  const h = t.bounds.maxY - t.bounds.minY;
  const cx = (x: number) =>
    Math.min(BUCKETS - 1, Math.max(0, Math.floor(((x - t.bounds.minX) / w) * BUCKETS)));
  const cy = (y: number) =>
    Math.min(BUCKETS - 1, Math.max(0, Math.floor(((y - t.bounds.minY) / h) * BUCKETS)));
  for (let i = 0; i < idx.length; i += 3) {
    const xs = [0, 1, 2].map((k) => t.mx[idx[i + k] as number] as number);
    const ys = [0, 1, 2].map((k) => t.my[idx[i + k] as number] as number);
    for (let gy = cy(Math.min(...ys)); gy <= cy(Math.max(...ys)); gy++)
      for (let gx = cx(Math.min(...xs)); gx <= cx(Math.max(...xs)); gx++) cells[gy * BUCKETS + gx]?.push(i);
  }
  buckets.set(t, cells);
  return cells;
}

/** Height of the decoded surface at a Web Mercator point of the tile (NaN when no triangle holds it). */
export function surfaceHeight(t: DecodedTile, x: number, y: number): number {
  const idx = t.mesh.triangleIndices;
  const eps = 1e-9 * (t.bounds.maxX - t.bounds.minX);
  const gx = Math.min(
    BUCKETS - 1,
    Math.max(0, Math.floor(((x - t.bounds.minX) / (t.bounds.maxX - t.bounds.minX)) * BUCKETS)),
  );
  const gy = Math.min(
    BUCKETS - 1,
    Math.max(0, Math.floor(((y - t.bounds.minY) / (t.bounds.maxY - t.bounds.minY)) * BUCKETS)),
  );
  for (const i of trianglesByCell(t)[gy * BUCKETS + gx] ?? []) {
    const a = idx[i] as number;
    const b = idx[i + 1] as number;
    const c = idx[i + 2] as number;
    const ax = t.mx[a] as number;
    const ay = t.my[a] as number;
    const det =
      ((t.my[b] as number) - (t.my[c] as number)) * (ax - (t.mx[c] as number)) +
      ((t.mx[c] as number) - (t.mx[b] as number)) * (ay - (t.my[c] as number));
    if (det === 0) continue;
    const l1 =
      (((t.my[b] as number) - (t.my[c] as number)) * (x - (t.mx[c] as number)) +
        ((t.mx[c] as number) - (t.mx[b] as number)) * (y - (t.my[c] as number))) /
      det;
    const l2 =
      (((t.my[c] as number) - ay) * (x - (t.mx[c] as number)) +
        (ax - (t.mx[c] as number)) * (y - (t.my[c] as number))) /
      det;
    const l3 = 1 - l1 - l2;
    const tol = eps / (t.bounds.maxX - t.bounds.minX);
    if (l1 >= -tol && l2 >= -tol && l3 >= -tol)
      return l1 * (t.h[a] as number) + l2 * (t.h[b] as number) + l3 * (t.h[c] as number);
  }
  return Number.NaN;
}

/** Oct-decoded unit normal of vertex k (Cesium's AttributeCompression.octDecode). */
export function octDecode(t: DecodedTile, k: number): [number, number, number] {
  const n = t.mesh.extensions.vertexNormals as Uint8Array;
  let x = ((n[2 * k] as number) / 255) * 2 - 1;
  let y = ((n[2 * k + 1] as number) / 255) * 2 - 1;
  const z = 1 - (Math.abs(x) + Math.abs(y));
  if (z < 0) {
    const ox = x;
    x = (1 - Math.abs(y)) * (ox >= 0 ? 1 : -1);
    y = (1 - Math.abs(ox)) * (y >= 0 ? 1 : -1);
  }
  const l = Math.hypot(x, y, z);
  return [x / l, y / l, z / l];
}

/** Relative path -> bytes of every file of a folder but its run state (`.tiling`) and report. */
export function folderBytes(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d)) {
      if (name === '.tiling' || name === 'report.json') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else out.set(`${rel}${name}`, readFileSync(p));
    }
  };
  walk(dir, '');
  return out;
}
