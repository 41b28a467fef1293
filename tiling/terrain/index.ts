// The terrain product (quantized-mesh-1.0 for CesiumJS's globe).
export * from './cli';
export * from './handler';
export * from './job';
export * from './options';
export * from './plan';
export * from './scale';
export * from './stage';
