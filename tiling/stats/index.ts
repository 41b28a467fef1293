export * from './aggregate';
export * from './classify';
export * from './geometry';
export * from './read';
