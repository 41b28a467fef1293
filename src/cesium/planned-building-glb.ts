/**
 * A planned building of a scenario file as a small binary glTF made in the browser: its footprint
 * (outer ring and holes) extruded to its height by Cesium's own PolygonGeometry (walls and roof,
 * flat normals, no floor: it stands on the ground), moved into a local east-north-up frame (z up,
 * metres) and written by @gltf-transform/core with one white matte material (the Cesium Model's
 * colour gives the height ramp). scenario-volumes.tsx draws it as a Model, which the compare
 * divider can split (entities cannot).
 */
import { Document, WebIO } from '@gltf-transform/core';
import { Cartesian3, Matrix4, PolygonGeometry, type PolygonHierarchy, VertexFormat } from 'cesium';

/** The triangles of an extruded footprint in a local frame: positions and normals (xyz), indices. */
export interface ExtrusionMesh {
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  readonly indices: Uint32Array;
}

/**
 * The footprint `hierarchy` (on the ellipsoid) extruded from the ellipsoid to `heightM` above it,
 * its vertices and normals moved by `toLocal` (Earth-fixed to the model's local frame), or null
 * when the footprint has no area.
 */
export function extrudeFootprint(
  hierarchy: PolygonHierarchy,
  heightM: number,
  toLocal: Matrix4,
): ExtrusionMesh | null {
  const geometry = PolygonGeometry.createGeometry(
    new PolygonGeometry({
      polygonHierarchy: hierarchy,
      height: 0,
      extrudedHeight: heightM,
      closeBottom: false,
      vertexFormat: VertexFormat.POSITION_AND_NORMAL,
    }),
  );
  const position = geometry?.attributes.position?.values;
  const normal = geometry?.attributes.normal?.values;
  if (!geometry || !position || !normal || !geometry.indices) return null;
  const n = position.length / 3;
  const positions = new Float32Array(n * 3);
  const normals = new Float32Array(n * 3);
  const v = new Cartesian3();
  for (let i = 0; i < n; i++) {
    Matrix4.multiplyByPoint(
      toLocal,
      new Cartesian3(position[i * 3], position[i * 3 + 1], position[i * 3 + 2]),
      v,
    );
    positions.set([v.x, v.y, v.z], i * 3);
    Matrix4.multiplyByPointAsVector(
      toLocal,
      new Cartesian3(normal[i * 3], normal[i * 3 + 1], normal[i * 3 + 2]),
      v,
    );
    Cartesian3.normalize(v, v);
    normals.set([v.x, v.y, v.z], i * 3);
  }
  return { positions, normals, indices: Uint32Array.from(geometry.indices) };
}

/** The mesh as a GLB: one node, one primitive, a white matte material. */
export function extrusionGlb(mesh: ExtrusionMesh): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const accessor = (type: 'VEC3' | 'SCALAR', array: Float32Array | Uint32Array) =>
    doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const material = doc
    .createMaterial('planned')
    .setBaseColorFactor([1, 1, 1, 1])
    .setMetallicFactor(0)
    .setRoughnessFactor(1);
  const primitive = doc
    .createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', mesh.positions))
    .setAttribute('NORMAL', accessor('VEC3', mesh.normals))
    .setIndices(accessor('SCALAR', mesh.indices))
    .setMaterial(material);
  const node = doc.createNode('planned').setMesh(doc.createMesh('planned').addPrimitive(primitive));
  doc.createScene().addChild(node);
  return new WebIO().writeBinary(doc);
}
