export * from './ecef';
export * from './glb';
export * from './terrain-mesh';
