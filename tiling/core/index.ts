export * from './errors';
export * from './format';
export * from './hash';
export * from './types';
