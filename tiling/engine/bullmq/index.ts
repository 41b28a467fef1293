export * from './batch';
export * from './connection';
export * from './engine';
export * from './manifest';
export * from './status';
export * from './worker';
