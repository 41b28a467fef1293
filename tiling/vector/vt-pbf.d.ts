// vt-pbf 3.1.3 ships no types; only the function used here is declared.
declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';
  /** Encodes geojson-vt tiles (one per layer name) as one Mapbox Vector Tile (protobuf). */
  export function fromGeojsonVt(
    layers: Record<string, LegacyTile>,
    options?: { version?: number; extent?: number },
  ): Uint8Array;
}
