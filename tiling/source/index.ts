export * from './byte-reader';
export * from './gdal';
export * from './geotiff';
export * from './inspect';
export * from './jp2';
export * from './memory';
export * from './open';
export * from './validate';
