export * from './geoid';
export * from './inputs';
export * from './raster';
export * from './read';
