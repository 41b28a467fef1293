/** `tiling vector`: OCS2D polygons and change detections -> MVT pyramid (docs/vector.md). */

export * from '../../format/change-classes';
// The vector input reader lives in source/ (stats reads through it too); re-exported for callers.
export * from '../source/vector-file';
export * from './area';
export * from './build';
export * from './cli';
export * from './handler';
export * from './heat';
export * from './job';
export * from './options';
export * from './plan';
export * from './prepare';
export * from './stage';
export * from './tiles';
export * from './write';
