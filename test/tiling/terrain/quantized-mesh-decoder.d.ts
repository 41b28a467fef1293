/** Types of the part of @here/quantized-mesh-decoder 1.2.8 the tests use (it ships none). */
declare module '@here/quantized-mesh-decoder' {
  export interface DecodedQuantizedMesh {
    header: {
      centerX: number;
      centerY: number;
      centerZ: number;
      minHeight: number;
      maxHeight: number;
      boundingSphereCenterX: number;
      boundingSphereCenterY: number;
      boundingSphereCenterZ: number;
      boundingSphereRadius: number;
      horizonOcclusionPointX: number;
      horizonOcclusionPointY: number;
      horizonOcclusionPointZ: number;
    };
    /** u for every vertex, then v, then height (0..32767). */
    vertexData: Uint16Array;
    triangleIndices: Uint16Array | Uint32Array;
    westIndices: Uint16Array | Uint32Array;
    southIndices: Uint16Array | Uint32Array;
    eastIndices: Uint16Array | Uint32Array;
    northIndices: Uint16Array | Uint32Array;
    extensions: { vertexNormals?: Uint8Array; metadata?: { available?: unknown[] } };
  }
  export default function decode(data: ArrayBuffer): DecodedQuantizedMesh;
}
