export * from './geoid';
export * from './raster';
export * from './read';
