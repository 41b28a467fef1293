export * from './catalog-slice';
export * from './layers-slice';
export * from './twin-store';
export * from './ui-slice';
