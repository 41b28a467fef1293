export * from './catalog-slice';
export * from './compare-slice';
export * from './layers-slice';
export * from './navigation-slice';
export * from './twin-store';
export * from './ui-slice';
export * from './vector-slice';
