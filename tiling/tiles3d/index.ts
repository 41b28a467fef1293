export * from '../../format/node/3tz-reader';
export * from '../../format/node/serve-3tz';
export * from './archive';
export * from './handler';
export * from './job';
export * from './options';
export * from './stage';
export * from './tileset';
