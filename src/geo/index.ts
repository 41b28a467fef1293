export * from './extent';
export * from './web-mercator';
