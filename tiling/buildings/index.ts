// The buildings product (LoD1.2 buildings as 3D Tiles 1.1).
export * from './cli';
export * from './footprint';
export * from './glb';
export * from './gltf-metadata';
export * from './handler';
export * from './heights';
export * from './job';
export * from './options';
export * from './plan';
export * from './read';
export * from './scale';
export * from './stage';
