// The ortho product (imagery pyramid). ./batch (BullMQ) is left out: import it lazily by path.
export * from './cli';
export * from './handler';
export * from './job';
export * from './metadata';
export * from './packed';
export * from './run';
export * from './scale';
export * from './stage';
