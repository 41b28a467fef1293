export * from './estimate';
export * from './footprint';
export * from './hash';
export * from './mosaic';
export * from './plan';
