// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops over decoded GLBs; indices are in range.
// biome-ignore-all lint/suspicious/noExplicitAny: glTF and tileset JSON walked as read.
/**
 * Readers for the buildings tests, written apart from tiling/buildings: a GLB's JSON and binary
 * chunk, its EXT_structural_metadata property table (3D Tiles binary table format), and its vertices
 * in ECEF (decoded by glTF-Transform with meshoptimizer's decoder, placed by the node's matrix).
 */
import { readFileSync } from 'node:fs';
import { Logger, NodeIO } from '@gltf-transform/core';
import { EXTMeshoptCompression, KHRMeshQuantization } from '@gltf-transform/extensions';
import { Cartesian3, Cartographic } from 'cesium';
import { MeshoptDecoder } from 'meshoptimizer';

/** The JSON and BIN chunks of a GLB. */
export function glbChunks(bytes: Uint8Array): { json: Record<string, any>; bin: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB');
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength)));
  const binStart = 20 + jsonLength;
  const binLength = view.getUint32(binStart, true);
  return { json, bin: bytes.subarray(binStart + 8, binStart + 8 + binLength) };
}

/** One building's row of the property table. */
export type Row = Record<string, string | number | null>;

/** The rows of the GLB's property table 0, decoded by its schema (enums by name, noData as null). */
export function propertyRows(bytes: Uint8Array): Row[] {
  const { json, bin } = glbChunks(bytes);
  const meta = json.extensions?.EXT_structural_metadata;
  if (!meta) throw new Error('no EXT_structural_metadata');
  const table = meta.propertyTables[0];
  const cls = meta.schema.classes[table.class];
  const view = (i: number) => {
    const bv = json.bufferViews[i];
    if (bv.buffer !== 0) throw new Error('property views must be in the GLB buffer');
    if (bv.byteOffset % 8 !== 0) throw new Error(`bufferView ${i} not 8-byte aligned`);
    return bin.subarray(bv.byteOffset, bv.byteOffset + bv.byteLength);
  };
  const rows: Row[] = Array.from({ length: table.count }, () => ({}));
  for (const [name, def] of Object.entries<any>(cls.properties)) {
    const p = table.properties[name];
    if (!p) {
      if (def.required) throw new Error(`required property ${name} missing`);
      for (const r of rows) r[name] = null;
      continue;
    }
    const v = view(p.values);
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    if (def.type === 'STRING') {
      const o = view(p.stringOffsets);
      const od = new DataView(o.buffer, o.byteOffset, o.byteLength);
      const wide = (p.stringOffsetType ?? 'UINT32') === 'UINT32';
      const at = (i: number) => (wide ? od.getUint32(4 * i, true) : od.getUint16(2 * i, true));
      rows.forEach((r, i) => {
        r[name] = new TextDecoder().decode(v.subarray(at(i), at(i + 1)));
      });
      continue;
    }
    const kind =
      def.type === 'ENUM' ? (meta.schema.enums[def.enumType].valueType ?? 'UINT16') : def.componentType;
    const read = (i: number): number =>
      kind === 'FLOAT32'
        ? dv.getFloat32(4 * i, true)
        : kind === 'UINT16'
          ? dv.getUint16(2 * i, true)
          : kind === 'UINT8'
            ? dv.getUint8(i)
            : Number.NaN;
    rows.forEach((r, i) => {
      const x = read(i);
      if (def.type === 'ENUM') {
        r[name] = meta.schema.enums[def.enumType].values.find((e: any) => e.value === x)?.name ?? `?${x}`;
      } else r[name] = def.noData !== undefined && x === def.noData ? null : x;
    });
  }
  return rows;
}

let io: NodeIO | null = null;

/** Vertices of a GLB as [lon, lat] radians and ellipsoidal height, with each one's feature id. */
export async function glbVertices(
  bytes: Uint8Array,
): Promise<{ lon: number; lat: number; h: number; fid: number }[]> {
  await MeshoptDecoder.ready;
  io ??= new NodeIO()
    .setLogger(new Logger(Logger.Verbosity.SILENT))
    .registerExtensions([EXTMeshoptCompression, KHRMeshQuantization])
    .registerDependencies({ 'meshopt.decoder': MeshoptDecoder });
  const doc = await io.readBinary(bytes);
  const out: { lon: number; lat: number; h: number; fid: number }[] = [];
  for (const node of doc.getRoot().listNodes()) {
    const mesh = node.getMesh();
    if (!mesh) continue;
    const m = node.getWorldMatrix();
    for (const prim of mesh.listPrimitives()) {
      const pos = prim.getAttribute('POSITION');
      const ids = prim.getAttribute('_FEATURE_ID_0');
      if (!pos || !ids) throw new Error('primitive without POSITION or _FEATURE_ID_0');
      const p = [0, 0, 0];
      const f = [0];
      for (let i = 0; i < pos.getCount(); i++) {
        pos.getElement(i, p);
        ids.getElement(i, f);
        const x = m[0] * p[0]! + m[4] * p[1]! + m[8] * p[2]! + m[12];
        const y = m[1] * p[0]! + m[5] * p[1]! + m[9] * p[2]! + m[13];
        const z = m[2] * p[0]! + m[6] * p[1]! + m[10] * p[2]! + m[14];
        // glTF Y-up -> ECEF Z-up: (x, y, z) -> (x, -z, y).
        const c = Cartographic.fromCartesian(new Cartesian3(x, -z, y));
        out.push({ lon: c.longitude, lat: c.latitude, h: c.height, fid: f[0]! });
      }
    }
  }
  return out;
}

/** A GeoJSON file's features. */
export function readFeatures(
  path: string,
): { properties: Record<string, any>; geometry: { type: string; coordinates: any } }[] {
  return JSON.parse(readFileSync(path, 'utf8')).features;
}

/** Even-odd ray casting: is (x, y) inside the ring? */
export function insideRing(ring: readonly (readonly number[])[], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]?.[0] as number;
    const yi = ring[i]?.[1] as number;
    const xj = ring[j]?.[0] as number;
    const yj = ring[j]?.[1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Values of a raster's valid pixels whose centre lies in the ring. */
export function rasterValuesInRing(
  r: {
    originX: number;
    originY: number;
    pixelSizeX: number;
    pixelSizeY: number;
    width: number;
    height: number;
    values: Float32Array;
    nodata: number | null;
  },
  ring: readonly (readonly number[])[],
): number[] {
  const xs = ring.map((p) => p[0] as number);
  const ys = ring.map((p) => p[1] as number);
  const out: number[] = [];
  for (let row = 0; row < r.height; row++) {
    const y = r.originY - (row + 0.5) * r.pixelSizeY;
    if (y < Math.min(...ys) || y > Math.max(...ys)) continue;
    for (let col = 0; col < r.width; col++) {
      const x = r.originX + (col + 0.5) * r.pixelSizeX;
      if (x < Math.min(...xs) || x > Math.max(...xs) || !insideRing(ring, x, y)) continue;
      const v = r.values[row * r.width + col] as number;
      if (v !== r.nodata && !Number.isNaN(v)) out.push(v);
    }
  }
  return out;
}
