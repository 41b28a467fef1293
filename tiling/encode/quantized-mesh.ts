// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * `encodeQuantizedMesh`: one terrain tile -> Cesium quantized-mesh-1.0 bytes (pure).
 * https://github.com/CesiumGS/quantized-mesh (no maintained JS encoder exists; this follows the spec
 * and CesiumJS 1.145's reader, `CesiumTerrainProvider.createQuantizedMeshTerrainData`).
 *
 * Layout (little-endian): the 88-byte header (centre, min/max height, bounding sphere, horizon
 * occlusion point), vertexCount, then u, v and height (0..32767 each) as zig-zag deltas, padding to
 * the index size, triangleCount and the high-water-mark encoded indices (16-bit, or 32-bit past
 * 65,536 vertices), the west, south, east and north edge indices (plain), then the extensions:
 * oct-encoded vertex normals (id 1, 2 bytes per vertex) and metadata (id 4, JSON).
 *
 * Vertices are renumbered in the order of their first use by the triangles, as high-water-mark
 * encoding needs (a vertex no triangle uses goes last).
 */

import { boxCentre } from '../mesh/ecef';

/** WGS84 radii, metres (CesiumJS's Ellipsoid.WGS84). */
export const WGS84_RADII: readonly [number, number, number] = [6378137, 6378137, 6356752.3142451793];

/** Largest quantized u, v or height. */
export const QUANTIZED_MAX = 32767;

/** Extension ids of quantized-mesh-1.0. */
export const QM_EXTENSION = { octVertexNormals: 1, waterMask: 2, metadata: 4 } as const;

/** A tile's geometry before encoding. */
export interface QuantizedMeshInput {
  /** Quantized coordinates per vertex, 0..32767: u west -> east, v south -> north, height min -> max. */
  u: Uint16Array;
  v: Uint16Array;
  height: Uint16Array;
  /** Ellipsoidal heights of quantized 0 and 32767, metres (stored as float32: pass float32 values). */
  minHeight: number;
  maxHeight: number;
  /** ECEF positions of the vertices (xyz, metres): header's centre, bounding sphere, horizon point. */
  ecef: Float64Array;
  /** Triangles, counter-clockwise seen from above (u east, v north). */
  indices: Uint32Array;
  /** Vertices on each edge of the tile. */
  west: ArrayLike<number>;
  south: ArrayLike<number>;
  east: ArrayLike<number>;
  north: ArrayLike<number>;
  /** Unit normals (xyz per vertex, ECEF) for the octvertexnormals extension; omitted: none. */
  normals?: Float32Array;
  /** JSON of the metadata extension (e.g. `{ available: [...] }`); omitted: none. */
  metadata?: unknown;
}

/** Zig-zag encoding of a signed 16-bit delta. */
export function zigZag(n: number): number {
  return ((n << 1) ^ (n >> 31)) & 0xffff;
}

/** Cesium's `CesiumMath.toSNorm` with rangeMax 255. */
function toSNorm(value: number): number {
  return Math.round((Math.min(Math.max(value, -1), 1) * 0.5 + 0.5) * 255);
}

/** Oct encoding of a unit vector into two bytes, as Cesium's `AttributeCompression.octEncode`. */
export function octEncode(x: number, y: number, z: number): [number, number] {
  const l1 = Math.abs(x) + Math.abs(y) + Math.abs(z);
  let ox = x / l1;
  let oy = y / l1;
  if (z < 0) {
    const px = ox;
    const py = oy;
    ox = (1 - Math.abs(py)) * (px >= 0 ? 1 : -1);
    oy = (1 - Math.abs(px)) * (py >= 0 ? 1 : -1);
  }
  return [toSNorm(ox), toSNorm(oy)];
}

/** A sphere holding every position: centre of their box, radius to the farthest. */
export function boundingSphere(ecef: Float64Array): { centre: [number, number, number]; radius: number } {
  const centre = boxCentre(ecef);
  let r2 = 0;
  for (let i = 0; i < ecef.length; i += 3) {
    const d = (ecef[i]! - centre[0]) ** 2 + (ecef[i + 1]! - centre[1]) ** 2 + (ecef[i + 2]! - centre[2]) ** 2;
    if (d > r2) r2 = d;
  }
  return { centre, radius: Math.sqrt(r2) };
}

/**
 * The horizon occlusion point, in the ellipsoid-scaled frame, as CesiumJS's
 * `EllipsoidalOccluder.computeHorizonCullingPointFromVerticesPossiblyUnderEllipsoid` computes it:
 * along the scaled direction to `direction` (the bounding sphere's centre), the nearest point from
 * which every vertex is visible; points below the ellipsoid count as on it, and a tile reaching
 * below the ellipsoid uses the ellipsoid shrunk by its minimum height. Null when undefined (some
 * vertex faces away from the direction: tiles of levels 0 and 1).
 */
export function horizonOcclusionPoint(
  ecef: Float64Array,
  direction: readonly [number, number, number],
  minimumHeight: number,
): [number, number, number] | null {
  let [rx, ry, rz] = WGS84_RADII;
  if (minimumHeight < 0 && rz > -minimumHeight) {
    rx += minimumHeight;
    ry += minimumHeight;
    rz += minimumHeight;
  }
  let dx = direction[0] / rx;
  let dy = direction[1] / ry;
  let dz = direction[2] / rz;
  const dl = Math.hypot(dx, dy, dz);
  if (dl === 0) return null;
  dx /= dl;
  dy /= dl;
  dz /= dl;
  let best = 0;
  for (let i = 0; i < ecef.length; i += 3) {
    const px = ecef[i]! / rx;
    const py = ecef[i + 1]! / ry;
    const pz = ecef[i + 2]! / rz;
    let m2 = px * px + py * py + pz * pz;
    let m = Math.sqrt(m2);
    const ux = px / m;
    const uy = py / m;
    const uz = pz / m;
    m2 = Math.max(1, m2);
    m = Math.max(1, m);
    const cosAlpha = ux * dx + uy * dy + uz * dz;
    const cx = uy * dz - uz * dy;
    const cy = uz * dx - ux * dz;
    const cz = ux * dy - uy * dx;
    const sinAlpha = Math.hypot(cx, cy, cz);
    const cosBeta = 1 / m;
    const sinBeta = Math.sqrt(m2 - 1) * cosBeta;
    const candidate = 1 / (cosAlpha * cosBeta - sinAlpha * sinBeta);
    if (candidate < 0) return null;
    if (candidate > best) best = candidate;
  }
  if (!(best > 0) || !Number.isFinite(best)) return null;
  return [dx * best, dy * best, dz * best];
}

/**
 * Encodes one tile.
 * @throws Error when the arrays disagree in length or an index is out of range (a bug upstream).
 */
export function encodeQuantizedMesh(input: QuantizedMeshInput): Uint8Array {
  const n = input.u.length;
  if (input.v.length !== n || input.height.length !== n || input.ecef.length !== n * 3)
    throw new Error('quantized-mesh: u, v, height and ecef must describe the same vertices');
  if (input.normals && input.normals.length !== n * 3)
    throw new Error('quantized-mesh: one normal per vertex expected');
  if (input.indices.length % 3 !== 0) throw new Error('quantized-mesh: indices must come in triples');

  // Renumber vertices by first use (high-water-mark encoding needs it).
  const order = new Int32Array(n).fill(-1);
  const byNew = new Uint32Array(n);
  let next = 0;
  for (let i = 0; i < input.indices.length; i++) {
    const old = input.indices[i]!;
    if (old >= n) throw new Error(`quantized-mesh: index ${old} is past the ${n} vertices`);
    if (order[old] === -1) {
      order[old] = next;
      byNew[next++] = old;
    }
  }
  for (let old = 0; old < n; old++)
    if (order[old] === -1) {
      order[old] = next;
      byNew[next++] = old;
    }

  const wide = n > 65536;
  const indexBytes = wide ? 4 : 2;
  const { centre, radius } = boundingSphere(input.ecef);
  // No horizon point exists for a tile wider than a hemisphere (levels 0-1): NaN, which CesiumJS's
  // `isScaledSpacePointVisible` never finds occluded (the tile is not horizon-culled, as when Cesium
  // computes no point itself), where any real point would cull a visible part of the tile.
  const horizon = horizonOcclusionPoint(input.ecef, centre, input.minHeight) ?? [
    Number.NaN,
    Number.NaN,
    Number.NaN,
  ];
  const edges = [input.west, input.south, input.east, input.north];
  const metadataJson =
    input.metadata === undefined ? null : new TextEncoder().encode(JSON.stringify(input.metadata));

  let size = 88 + 4 + n * 6;
  const pad = size % indexBytes === 0 ? 0 : indexBytes - (size % indexBytes);
  size += pad + 4 + input.indices.length * indexBytes;
  for (const e of edges) size += 4 + e.length * indexBytes;
  if (input.normals) size += 5 + n * 2;
  if (metadataJson) size += 5 + 4 + metadataJson.length;

  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let p = 0;
  const f64 = (x: number) => {
    view.setFloat64(p, x, true);
    p += 8;
  };
  const u32 = (x: number) => {
    view.setUint32(p, x, true);
    p += 4;
  };
  const index = (x: number) => {
    if (wide) view.setUint32(p, x, true);
    else view.setUint16(p, x, true);
    p += indexBytes;
  };
  for (const c of centre) f64(c);
  view.setFloat32(p, input.minHeight, true);
  view.setFloat32(p + 4, input.maxHeight, true);
  p += 8;
  for (const c of centre) f64(c);
  f64(radius);
  for (const c of horizon) f64(c);

  u32(n);
  for (const values of [input.u, input.v, input.height]) {
    let prev = 0;
    for (let k = 0; k < n; k++) {
      const value = values[byNew[k]!]!;
      if (value > QUANTIZED_MAX) throw new Error(`quantized-mesh: quantized value ${value} is above 32767`);
      view.setUint16(p, zigZag(value - prev), true);
      p += 2;
      prev = value;
    }
  }
  p += pad;
  u32(input.indices.length / 3);
  let highest = 0;
  for (let i = 0; i < input.indices.length; i++) {
    const k = order[input.indices[i]!]!;
    index(highest - k);
    if (k === highest) highest++;
  }
  for (const e of edges) {
    u32(e.length);
    for (let i = 0; i < e.length; i++) index(order[e[i]!]!);
  }
  if (input.normals) {
    view.setUint8(p, QM_EXTENSION.octVertexNormals);
    view.setUint32(p + 1, n * 2, true);
    p += 5;
    for (let k = 0; k < n; k++) {
      const o = byNew[k]! * 3;
      const [a, b] = octEncode(input.normals[o]!, input.normals[o + 1]!, input.normals[o + 2]!);
      bytes[p++] = a;
      bytes[p++] = b;
    }
  }
  if (metadataJson) {
    view.setUint8(p, QM_EXTENSION.metadata);
    view.setUint32(p + 1, 4 + metadataJson.length, true);
    view.setUint32(p + 5, metadataJson.length, true);
    p += 9;
    bytes.set(metadataJson, p);
    p += metadataJson.length;
  }
  if (p !== size) throw new Error(`quantized-mesh: internal: wrote ${p} bytes, expected ${size}`);
  return bytes;
}
