/**
 * The twin's tile grid: WebMercatorQuad addressing, quadtree relations and extents in degrees.
 * Pure math shared by the viewer (src/), the tiling (tiling/) and the server; no I/O.
 */
export * from './extent';
export * from './quadtree';
export * from './web-mercator';
