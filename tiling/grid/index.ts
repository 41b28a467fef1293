export * from './quadtree';
export * from './web-mercator';
