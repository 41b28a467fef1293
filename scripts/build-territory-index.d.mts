import type { TerritoryIndexFile } from '../src/features/search/territory-index';

/** The folder with the commune and EPCI geometries. */
export function geometryDir(): string;
/** Builds the index in memory; `warn` hears about missing geometry files. */
export function buildTerritoryIndex(warn?: (message: string) => void): TerritoryIndexFile;
/** The index as the JSON text served to the viewer. */
export function territoryIndexJson(warn?: (message: string) => void): string;
