// The generic engine layer: job graph, local worker pool, product registry. ./bullmq (Redis) is
// left out so that a local run never loads BullMQ: import it lazily by path.
export * from './cache';
export * from './interrupt';
export * from './local';
export * from './manifest-run';
export * from './registry';
export * from './scheduler';
export * from './types';
