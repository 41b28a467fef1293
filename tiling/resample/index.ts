export * from './composite';
export * from './coverage';
export * from './downsample';
export * from './warp';
