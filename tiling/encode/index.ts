export * from './geotiff';
export * from './sharp-encoder';
export * from './tile-encoder';
