export * from './geotiff';
