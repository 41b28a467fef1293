export * from './archive';
export * from './archive-reader';
export * from './handler';
export * from './job';
export * from './options';
export * from './serve-3tz';
export * from './stage';
export * from './tileset';
