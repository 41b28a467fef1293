export * from './manifest';
export * from './report';
export * from './side-store';
export * from './tile-target';
export * from './tilejson';
export * from './wmts';
