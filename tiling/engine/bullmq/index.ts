export * from './batch';
export * from './connection';
export * from './engine';
export * from './manifest';
export * from './product-batch';
export * from './status';
export * from './stream';
export * from './worker';
