export * from './capabilities';
export * from './errors';
export * from './wfs';
export * from './wfs-loader';
export * from './wmts';
