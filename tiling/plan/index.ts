export * from './estimate';
export * from './footprint';
export * from './mosaic';
export * from './plan';
export * from './region';
