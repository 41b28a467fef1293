/** `tiling vector`: OCS2D polygons and change detections -> MVT pyramid (docs/vector.md). */
export * from './area';
export * from './build';
export * from './classes';
export * from './heat';
export * from './options';
export * from './prepare';
export * from './read';
export * from './tiles';
export * from './write';
