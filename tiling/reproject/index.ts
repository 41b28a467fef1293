export * from './approx';
export * from './crs';
