// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * `encodeTerrainGlb`: a terrain mesh and its texture's encoded bytes -> one GLB (pure).
 *
 * - Positions are quantized (KHR_mesh_quantization): SHORT per axis, relative to the mesh centre,
 *   with one uniform scale (uniform so that normals need no correction) in the node's transform;
 *   the node's translation is the tile centre in ECEF (glTF's Y-up axes: x, z, -y; 3D Tiles turns
 *   glTF Y-up back into ECEF Z-up). 1/32767 of a tile's half size: 1.5 mm for a 100 m tile.
 * - Normals: BYTE normalized; texture coordinates: UNSIGNED_SHORT normalized.
 * - The texture is the imagery tile's own bytes (no decode, no re-encode); its mimeType comes from
 *   the bytes' magic number (edge tiles of a JPEG pyramid are PNG files under a .jpg name).
 * - PNG textures (edge tiles) use alphaMode MASK: outside the data nothing is drawn.
 * - KHR_materials_unlit: the orthophoto already holds the light of the flight; shading it again
 *   would darken slopes twice. Normals are kept for clients that light the terrain anyway.
 * Sizes are computed first, then everything is written once through a DataView.
 */
import type { TerrainMesh } from './terrain-mesh';

/** glTF mimeType of encoded image bytes, from their magic number; null when neither JPEG nor PNG. */
export function sniffImageMimeType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47 &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a &&
    bytes[6] === 0x1a &&
    bytes[7] === 0x0a
  )
    return 'image/png';
  return null;
}

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * Encodes a textured terrain mesh as GLB 2.0.
 * @throws Error when the image is neither JPEG nor PNG.
 */
export function encodeTerrainGlb(mesh: TerrainMesh, image: Uint8Array): Uint8Array {
  const mimeType = sniffImageMimeType(image);
  if (!mimeType)
    throw new Error('mesh: the texture is neither JPEG nor PNG (3D tiles need a jpeg or png pyramid)');
  const vertexCount = mesh.positions.length / 3;
  const wide = vertexCount > 65535;
  const indexBytes = pad4(mesh.indices.length * (wide ? 4 : 2));
  const positionBytes = vertexCount * 8;
  const normalBytes = vertexCount * 4;
  const uvBytes = vertexCount * 4;
  const imageBytes = pad4(image.length);
  const binLength = indexBytes + positionBytes + normalBytes + uvBytes + imageBytes;
  const bin = new Uint8Array(binLength);
  const dv = new DataView(bin.buffer);

  let o = 0;
  for (let i = 0; i < mesh.indices.length; i++) {
    if (wide) dv.setUint32(o + i * 4, mesh.indices[i]!, true);
    else dv.setUint16(o + i * 2, mesh.indices[i]!, true);
  }
  o = indexBytes;
  // glTF axes (Y up) from ECEF (Z up): (x, y, z) -> (x, z, -y).
  let maxAbs = 0;
  for (let i = 0; i < mesh.positions.length; i++) maxAbs = Math.max(maxAbs, Math.abs(mesh.positions[i]!));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const qMin = [32767, 32767, 32767];
  const qMax = [-32767, -32767, -32767];
  for (let v = 0; v < vertexCount; v++) {
    const p = mesh.positions;
    const q = [
      Math.round(p[v * 3]! / scale),
      Math.round(p[v * 3 + 2]! / scale),
      Math.round(-p[v * 3 + 1]! / scale),
    ];
    for (let c = 0; c < 3; c++) {
      const value = q[c]!;
      dv.setInt16(o + v * 8 + c * 2, value, true);
      if (value < qMin[c]!) qMin[c] = value;
      if (value > qMax[c]!) qMax[c] = value;
    }
  }
  o += positionBytes;
  for (let v = 0; v < vertexCount; v++) {
    const nrm = mesh.normals;
    dv.setInt8(o + v * 4, Math.round(nrm[v * 3]! * 127));
    dv.setInt8(o + v * 4 + 1, Math.round(nrm[v * 3 + 2]! * 127));
    dv.setInt8(o + v * 4 + 2, Math.round(-nrm[v * 3 + 1]! * 127));
  }
  o += normalBytes;
  for (let v = 0; v < vertexCount; v++) {
    dv.setUint16(o + v * 4, Math.round(mesh.uvs[v * 2]! * 65535), true);
    dv.setUint16(o + v * 4 + 2, Math.round(mesh.uvs[v * 2 + 1]! * 65535), true);
  }
  o += uvBytes;
  bin.set(image, o);

  const [cx, cy, cz] = mesh.centre;
  const views = [
    { buffer: 0, byteOffset: 0, byteLength: mesh.indices.length * (wide ? 4 : 2), target: 34963 },
    { buffer: 0, byteOffset: indexBytes, byteLength: positionBytes, byteStride: 8, target: 34962 },
    {
      buffer: 0,
      byteOffset: indexBytes + positionBytes,
      byteLength: normalBytes,
      byteStride: 4,
      target: 34962,
    },
    {
      buffer: 0,
      byteOffset: indexBytes + positionBytes + normalBytes,
      byteLength: uvBytes,
      byteStride: 4,
      target: 34962,
    },
    { buffer: 0, byteOffset: indexBytes + positionBytes + normalBytes + uvBytes, byteLength: image.length },
  ];
  const gltf = {
    asset: { version: '2.0', generator: 'hdf-twin tiling' },
    extensionsUsed: ['KHR_mesh_quantization', 'KHR_materials_unlit'],
    extensionsRequired: ['KHR_mesh_quantization'],
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0, translation: [cx, cz, -cy], scale: [scale, scale, scale] }],
    meshes: [
      {
        primitives: [
          { attributes: { POSITION: 1, NORMAL: 2, TEXCOORD_0: 3 }, indices: 0, material: 0, mode: 4 },
        ],
      },
    ],
    materials: [
      {
        pbrMetallicRoughness: { baseColorTexture: { index: 0 }, metallicFactor: 0, roughnessFactor: 1 },
        // PNG tiles are the pyramid's partly transparent edge tiles: pixels outside the data are
        // cut out (MASK keeps depth writes and needs no sorting), not drawn black.
        ...(mimeType === 'image/png' ? { alphaMode: 'MASK', alphaCutoff: 0.5 } : {}),
        extensions: { KHR_materials_unlit: {} },
      },
    ],
    textures: [{ sampler: 0, source: 0 }],
    samplers: [{ magFilter: 9729, minFilter: 9987, wrapS: 33071, wrapT: 33071 }],
    images: [{ bufferView: 4, mimeType }],
    accessors: [
      { bufferView: 0, componentType: wide ? 5125 : 5123, count: mesh.indices.length, type: 'SCALAR' },
      { bufferView: 1, componentType: 5122, count: vertexCount, type: 'VEC3', min: qMin, max: qMax },
      { bufferView: 2, componentType: 5120, normalized: true, count: vertexCount, type: 'VEC3' },
      { bufferView: 3, componentType: 5123, normalized: true, count: vertexCount, type: 'VEC2' },
    ],
    bufferViews: views,
    buffers: [{ byteLength: binLength }],
  };
  const jsonText = new TextEncoder().encode(JSON.stringify(gltf));
  const jsonLength = pad4(jsonText.length);
  const total = 12 + 8 + jsonLength + 8 + binLength;
  const out = new Uint8Array(total);
  const odv = new DataView(out.buffer);
  odv.setUint32(0, 0x46546c67, true); // 'glTF'
  odv.setUint32(4, 2, true);
  odv.setUint32(8, total, true);
  odv.setUint32(12, jsonLength, true);
  odv.setUint32(16, 0x4e4f534a, true); // 'JSON'
  out.set(jsonText, 20);
  out.fill(0x20, 20 + jsonText.length, 20 + jsonLength);
  odv.setUint32(20 + jsonLength, binLength, true);
  odv.setUint32(24 + jsonLength, 0x004e4942, true); // 'BIN\0'
  out.set(bin, 28 + jsonLength);
  return out;
}
