// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * One tile's buildings -> a GLB through glTF-Transform: LoD1 prisms (walls + flat roof, roofs by
 * earcut), one primitive, in an east-north-up frame at the tile's centre (the node's matrix takes
 * it to ECEF in glTF's Y-up axes); positions and normals quantized (KHR_mesh_quantization) and
 * everything compressed with EXT_meshopt_compression; each vertex carries its building's feature
 * id (EXT_mesh_features) into a property table (EXT_structural_metadata) so CesiumJS can pick and
 * style every building.
 */
import { Document, Logger, NodeIO } from '@gltf-transform/core';
import { EXTMeshoptCompression, KHRMeshQuantization } from '@gltf-transform/extensions';
import { quantize, reorder } from '@gltf-transform/functions';
import earcut from 'earcut';
import { MeshoptEncoder } from 'meshoptimizer';
import { geodeticToEcef } from '../mesh/ecef';
import type { Footprint } from './footprint';
import { EXTMeshFeatures, EXTStructuralMetadata, type PropertyColumn } from './gltf-metadata';
import type { BuildingHeights, HeightSource } from './heights';
import { HEIGHT_SOURCES } from './heights';

/** A building ready to draw: footprint, heights (NGF-IGN69) and the geoid undulation there. */
export interface PlacedBuilding {
  footprint: Footprint;
  heights: BuildingHeights;
  /** Geoid undulation at the centroid, metres: ellipsoidal = altitude + undulation. */
  undulation: number;
}

/** BD TOPO `usage_1` values (the enum of the `usage` property; 0: none given). */
export const USAGES = [
  'Inconnu',
  'Résidentiel',
  'Annexe',
  'Commercial et services',
  'Industriel',
  'Agricole',
  'Religieux',
  'Sportif',
  'Indifférencié',
] as const;

/** The metadata schema of every buildings GLB (EXT_structural_metadata). */
export const BUILDINGS_SCHEMA = {
  id: 'hdf_buildings',
  name: 'Bâtiments LoD1.2',
  version: '1.0.0',
  enums: {
    usage: { valueType: 'UINT8', values: USAGES.map((name, value) => ({ name, value })) },
    height_source: {
      valueType: 'UINT8',
      values: HEIGHT_SOURCES.map((name, value) => ({ name, value })),
    },
  },
  classes: {
    building: {
      name: 'Bâtiment',
      properties: {
        id: { type: 'STRING', required: true },
        rnb: { type: 'STRING' },
        height: { type: 'SCALAR', componentType: 'FLOAT32', required: true },
        ground: {
          type: 'SCALAR',
          componentType: 'FLOAT32',
          required: true,
        },
        storeys: { type: 'SCALAR', componentType: 'UINT8', noData: 0 },
        usage: { type: 'ENUM', enumType: 'usage', required: true },
        year: { type: 'SCALAR', componentType: 'UINT16', noData: 0 },
        height_source: { type: 'ENUM', enumType: 'height_source', required: true },
        quality: {
          type: 'SCALAR',
          componentType: 'FLOAT32',
          noData: -1,
        },
      },
    },
  },
} as const;

/** What a tile's GLB holds. */
export interface TileGlb {
  glb: Uint8Array;
  vertices: number;
  triangles: number;
  /** Region [west, south, east, north] radians, [min, max] ellipsoidal heights, of its buildings. */
  region: [number, number, number, number, number, number];
}

const D2R = Math.PI / 180;

/** Position quantization (KHR_mesh_quantization): 14 bits, 3 cm steps over a 390 m z16 tile (12 bits
 * saves 1 % of the bytes only: the meshopt codec already packs the deltas). */
export const POSITION_BITS = 14;

/** ENU frame at (lon, lat) radians: centre in ECEF and the east, north, up unit vectors. */
function enuFrame(lon: number, lat: number) {
  const c = new Float64Array(3);
  geodeticToEcef(lon, lat, 0, c, 0);
  const sl = Math.sin(lon);
  const cl = Math.cos(lon);
  const sp = Math.sin(lat);
  const cp = Math.cos(lat);
  return { c, e: [-sl, cl, 0], n: [-sp * cl, -sp * sl, cp], u: [cp * cl, cp * sl, sp] };
}

function encodeStrings(values: readonly string[]): PropertyColumn {
  const enc = new TextEncoder();
  const parts = values.map((v) => enc.encode(v));
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const bytes = new Uint8Array(total);
  const offsets = new Uint32Array(values.length + 1);
  let o = 0;
  parts.forEach((p, i) => {
    offsets[i] = o;
    bytes.set(p, o);
    o += p.byteLength;
  });
  offsets[values.length] = o;
  // UINT16 offsets when the strings fit (2 bytes a building instead of 4).
  if (o <= 0xffff)
    return { values: bytes, stringOffsets: bytesOf(Uint16Array.from(offsets)), offsetType: 'UINT16' };
  return { values: bytes, stringOffsets: new Uint8Array(offsets.buffer), offsetType: 'UINT32' };
}

const bytesOf = (a: Float32Array | Uint16Array | Uint8Array) =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

let ready: Promise<void> | null = null;

/** Options of `buildTileGlb`. */
export interface TileGlbOptions {
  /** Lambert-93 (or the footprints' CRS) -> [lon, lat] degrees. */
  toLonLat(x: number, y: number): [number, number];
  /** Frame centre, degrees (the tile's centre). */
  centreLonLat: [number, number];
}

/**
 * The GLB of a tile's buildings (in the order given: feature id = index).
 * @throws Error when there are more than 65,535 buildings (feature ids are 16-bit).
 */
export async function buildTileGlb(
  buildings: readonly PlacedBuilding[],
  o: TileGlbOptions,
): Promise<TileGlb> {
  if (buildings.length > 65535)
    throw new Error(`tiling/buildings: ${buildings.length} buildings in one tile`);
  ready ??= MeshoptEncoder.ready;
  await ready;
  const frame = enuFrame(o.centreLonLat[0] * D2R, o.centreLonLat[1] * D2R);
  const pos: number[] = [];
  const nrm: number[] = [];
  const fid: number[] = [];
  const idx: number[] = [];
  const region: [number, number, number, number, number, number] = [
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  const p = new Float64Array(3);
  // Local glTF coordinates (x, y, z) = (east, up, -north) of an ECEF point.
  const local = (out: number[]) => {
    const dx = p[0]! - frame.c[0]!;
    const dy = p[1]! - frame.c[1]!;
    const dz = p[2]! - frame.c[2]!;
    const e = dx * frame.e[0]! + dy * frame.e[1]! + dz * frame.e[2]!;
    const n = dx * frame.n[0]! + dy * frame.n[1]! + dz * frame.n[2]!;
    const u = dx * frame.u[0]! + dy * frame.u[1]! + dz * frame.u[2]!;
    out.push(e, u, -n);
  };
  buildings.forEach((b, id) => {
    const bottom = b.heights.ground + b.undulation;
    const top = b.heights.roof + b.undulation;
    if (bottom < region[4]) region[4] = bottom;
    if (top > region[5]) region[5] = top;
    for (const rings of b.footprint.polygons) {
      // Vertices of every ring at both heights, local frame.
      const lo: number[][] = [];
      const hi: number[][] = [];
      for (const ring of rings) {
        const l: number[] = [];
        const h: number[] = [];
        for (const c of ring) {
          const [lon, lat] = o.toLonLat(c[0]!, c[1]!);
          const lr = lon * D2R;
          const pr = lat * D2R;
          if (lr < region[0]) region[0] = lr;
          if (pr < region[1]) region[1] = pr;
          if (lr > region[2]) region[2] = lr;
          if (pr > region[3]) region[3] = pr;
          geodeticToEcef(lr, pr, bottom, p, 0);
          local(l);
          geodeticToEcef(lr, pr, top, p, 0);
          local(h);
        }
        lo.push(l);
        hi.push(h);
      }
      // Roof: earcut in the horizontal plane (x east, -z north), triangles turned to face up.
      const flat: number[] = [];
      const holes: number[] = [];
      const base = pos.length / 3;
      hi.forEach((h, r) => {
        if (r > 0) holes.push(flat.length / 2);
        for (let k = 0; k < h.length; k += 3) {
          flat.push(h[k]!, -h[k + 2]!);
          pos.push(h[k]!, h[k + 1]!, h[k + 2]!);
          nrm.push(0, 1, 0);
          fid.push(id);
        }
      });
      const tri = earcut(flat, holes.length > 0 ? holes : null, 2);
      for (let t = 0; t < tri.length; t += 3) {
        const a = tri[t]!;
        let b1 = tri[t + 1]!;
        let c1 = tri[t + 2]!;
        const cross =
          (flat[2 * b1]! - flat[2 * a]!) * (flat[2 * c1 + 1]! - flat[2 * a + 1]!) -
          (flat[2 * b1 + 1]! - flat[2 * a + 1]!) * (flat[2 * c1]! - flat[2 * a]!);
        if (cross < 0) [b1, c1] = [c1, b1];
        idx.push(base + a, base + b1, base + c1);
      }
      // Walls: one quad per edge, outward normal (rings are CCW outside, CW holes).
      for (let r = 0; r < lo.length; r++) {
        const l = lo[r]!;
        const h = hi[r]!;
        const n = l.length / 3;
        for (let i = 0; i < n; i++) {
          const j = (i + 1) % n;
          const ex = l[3 * j]! - l[3 * i]!;
          const ez = l[3 * j + 2]! - l[3 * i + 2]!;
          const len = Math.hypot(ex, ez);
          if (len < 1e-6) continue;
          // Edge (east, north) = (ex, -ez); outward (dy, -dx) in ENU = (-ez, -ex) -> local (x, 0, -north).
          const nx = -ez / len;
          const nz = ex / len;
          const v = pos.length / 3;
          for (const [arr, k] of [
            [l, i],
            [l, j],
            [h, j],
            [h, i],
          ] as const) {
            pos.push(arr[3 * k]!, arr[3 * k + 1]!, arr[3 * k + 2]!);
            nrm.push(nx, 0, nz);
            fid.push(id);
          }
          idx.push(v, v + 1, v + 2, v, v + 2, v + 3);
        }
      }
    }
  });

  const doc = new Document();
  doc.setLogger(new Logger(Logger.Verbosity.SILENT));
  const buffer = doc.createBuffer();
  // Extension order matters: meshopt places its views first, the property table after them.
  doc
    .createExtension(EXTMeshoptCompression)
    .setRequired(true)
    .setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.FILTER });
  const vertexCount = pos.length / 3;
  const prim = doc
    .createPrimitive()
    .setAttribute(
      'POSITION',
      doc.createAccessor().setType('VEC3').setArray(new Float32Array(pos)).setBuffer(buffer),
    )
    .setAttribute(
      'NORMAL',
      doc.createAccessor().setType('VEC3').setArray(new Float32Array(nrm)).setBuffer(buffer),
    )
    .setAttribute(
      '_FEATURE_ID_0',
      doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(fid)).setBuffer(buffer),
    )
    .setIndices(
      doc
        .createAccessor()
        .setType('SCALAR')
        .setArray(vertexCount > 65535 ? new Uint32Array(idx) : new Uint16Array(idx))
        .setBuffer(buffer),
    )
    .setMaterial(
      doc
        .createMaterial('building')
        .setBaseColorFactor([0.85, 0.83, 0.8, 1])
        .setMetallicFactor(0)
        .setRoughnessFactor(1),
    );
  const mesh = doc.createMesh('buildings').addPrimitive(prim);
  // Node matrix: local (east, up, -north) -> ECEF in glTF's Y-up axes (X, Z, -Y).
  const yup = (v: ArrayLike<number>) => [v[0]!, v[2]!, -v[1]!];
  const E = yup(frame.e);
  const U = yup(frame.u);
  const S = yup(frame.n).map((x) => -x);
  const C = yup(frame.c);
  const node = doc
    .createNode('buildings')
    .setMesh(mesh)
    .setMatrix([
      E[0]!,
      E[1]!,
      E[2]!,
      0,
      U[0]!,
      U[1]!,
      U[2]!,
      0,
      S[0]!,
      S[1]!,
      S[2]!,
      0,
      C[0]!,
      C[1]!,
      C[2]!,
      1,
    ]);
  doc.createScene().addChild(node);
  doc.getRoot().setDefaultScene(doc.getRoot().listScenes()[0]!);

  const n = buildings.length;
  const f32 = (f: (b: PlacedBuilding) => number) => bytesOf(Float32Array.from(buildings, f));
  const columns: Record<string, PropertyColumn> = {
    id: encodeStrings(buildings.map((b) => b.footprint.id)),
    height: { values: f32((b) => b.heights.height) },
    ground: { values: f32((b) => b.heights.ground) },
    storeys: { values: bytesOf(Uint8Array.from(buildings, (b) => Math.min(255, b.footprint.etages ?? 0))) },
    usage: { values: bytesOf(Uint8Array.from(buildings, (b) => usageCode(b.footprint.usage))) },
    year: { values: bytesOf(Uint16Array.from(buildings, (b) => b.footprint.year ?? 0)) },
    height_source: {
      values: bytesOf(
        Uint8Array.from(buildings, (b) => HEIGHT_SOURCES.indexOf(b.heights.source as HeightSource)),
      ),
    },
    quality: { values: f32((b) => b.heights.quality ?? -1) },
  };
  if (buildings.some((b) => b.footprint.rnb))
    columns.rnb = encodeStrings(buildings.map((b) => b.footprint.rnb ?? ''));
  doc
    .createExtension(EXTMeshFeatures)
    .setFeatureIds(prim, [{ featureCount: n, attribute: 0, propertyTable: 0 }]);
  doc.createExtension(EXTStructuralMetadata).setMetadata({
    schema: BUILDINGS_SCHEMA as unknown as Record<string, unknown>,
    tableClass: 'building',
    count: n,
    columns,
  });

  await doc.transform(
    reorder({ encoder: MeshoptEncoder, target: 'size' }),
    quantize({ pattern: /^(POSITION|NORMAL)$/, quantizePosition: POSITION_BITS, quantizeNormal: 8 }),
  );
  const io = new NodeIO()
    .registerExtensions([EXTMeshoptCompression, KHRMeshQuantization, EXTMeshFeatures, EXTStructuralMetadata])
    .registerDependencies({ 'meshopt.encoder': MeshoptEncoder });
  const glb = await io.writeBinary(doc);
  return { glb, vertices: vertexCount, triangles: idx.length / 3, region };
}

/** The `usage` enum value of a BD TOPO usage_1 text (unknown texts: Indifférencié). */
export function usageCode(usage: string | null): number {
  if (!usage) return 0;
  const i = (USAGES as readonly string[]).indexOf(usage);
  return i >= 0 ? i : USAGES.indexOf('Indifférencié');
}
