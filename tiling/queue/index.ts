export * from './local';
export * from './scheduler';
export * from './types';
