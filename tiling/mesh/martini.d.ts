/** Types of @mapbox/martini 0.2.0 (it ships none): RTIN terrain meshes on a 2^k+1 grid. */
declare module '@mapbox/martini' {
  export interface MartiniMesh {
    /** Grid coordinates (x, y) of each vertex, x east, y down (rows). */
    vertices: Uint16Array;
    /** Vertex indices, three per triangle. */
    triangles: Uint32Array;
  }
  export interface MartiniTile {
    /** The mesh whose vertical error stays within `maxError` (terrain units). */
    getMesh(maxError?: number): MartiniMesh;
  }
  export default class Martini {
    constructor(gridSize?: number);
    readonly gridSize: number;
    createTile(terrain: Float32Array): MartiniTile;
  }
}
