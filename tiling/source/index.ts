export * from './geotiff';
export * from './memory';
