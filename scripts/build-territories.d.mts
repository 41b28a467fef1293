import type { TerritoriesTopology } from './build-territory-index.mjs';

export { readTerritoriesText, TERRITORIES_FILE } from './build-territory-index.mjs';
export const REGION: string;
export interface TerritoriesOptions {
  /** Simplification tolerance, metres (default 5). */
  toleranceMetres?: number;
  /** Grid steps across the extent (default 1e5). */
  quantization?: number;
  /** The geometry's source, written into the metadata. */
  source?: string;
  /** The INSEE code's field (default: the usual names). */
  codeField?: string;
}
export const TERRITORIES_DEFAULTS: { toleranceMetres: number; quantization: number };
export function buildTerritoriesTopology(
  features: {
    properties?: Record<string, unknown>;
    geometry: { type: string; coordinates: unknown[] } | null;
  }[],
  options?: TerritoriesOptions,
): { topology: TerritoriesTopology; problems: string[] };
/** The file's text (one line per geometry and per arc). */
export function territoriesJson(topo: TerritoriesTopology): string;
/** The bytes written: gzipped for a `.gz` path. */
export function territoriesBytes(text: string, path: string): Buffer;
/** Commune features from a GeoJSON (WGS 84 or Lambert-93) or any GDAL vector file. */
export function readCommuneFile(
  path: string,
  layer?: string,
): { properties?: Record<string, unknown>; geometry: { type: string; coordinates: unknown[] } | null }[];
/** Commune features from a WFS 2.0, paged. */
export function readCommuneWfs(
  base: string,
  typeName: string,
  pageSize?: number,
): Promise<
  { properties?: Record<string, unknown>; geometry: { type: string; coordinates: unknown[] } | null }[]
>;
