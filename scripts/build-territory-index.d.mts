import type { TerritoryIndexFile } from '../src/features/search/territory-index';

/** A territories topology as read (TopoJSON; see data/territories/README.md). */
export interface TerritoriesTopology {
  type: 'Topology';
  metadata: Record<string, unknown>;
  bbox: number[];
  transform: { scale: [number, number]; translate: [number, number] };
  objects: Record<
    'region' | 'departements' | 'epci' | 'communes',
    {
      type: 'GeometryCollection';
      geometries: { type: string; id: string; properties: Record<string, unknown>; arcs: unknown }[];
    }
  >;
  arcs: number[][][];
}

/** The committed file, from the repository root. */
export const TERRITORIES_FILE: string;
/** A territories file (gzipped or not) read back to its text. */
export function readTerritoriesText(path: string): string;
/** The committed territories file (absolute), wherever the repository is. */
export const TERRITORIES_PATH: string;
/** The committed topology (parsed once), or another file's. */
export function readTerritories(path?: string): TerritoriesTopology;
/** Builds the search index in memory from the topology (the committed one by default). */
export function buildTerritoryIndex(topo?: TerritoriesTopology): TerritoryIndexFile;
/** The index as the JSON text served to the viewer. */
export function territoryIndexJson(): string;
/** The communes as GeoJSON (WGS 84) with code, nom, dep, siren_epci, population. */
export function communesGeoJson(topo?: TerritoriesTopology): {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { code: string; nom: string; dep: string; siren_epci: string; population: number };
    geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
  }[];
};
