import type { TerritoryShapesFile } from '../src/features/territory/shapes';

/** The shapes files in memory, by département code; `warn` hears about missing geometry files. */
export function buildTerritoryShapes(warn?: (message: string) => void): Record<string, TerritoryShapesFile>;
/** Writes one `<dep>.json` per département into `outDir`; returns their sizes in bytes. */
export function writeTerritoryShapes(
  outDir: string,
  warn?: (message: string) => void,
): Record<string, number>;
