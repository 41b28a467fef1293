/**
 * Options of the terrain product and the rule tying each level's mesh error to CesiumJS (pure).
 *
 * CesiumJS (1.145, `CesiumTerrainProvider`) gives every quantized-mesh tile of level z the geometric
 * error `levelZero / 2^z`, with levelZero = `TerrainProvider.getEstimatedLevelZeroGeometricErrorForAHeightmap`
 * (ellipsoid maximum radius × 2π × heightmapTerrainQuality 0.25 / (heightmap width 65 × level-zero
 * tiles across)). With `"projection": "EPSG:3857"` its WebMercatorTilingScheme has one level-zero
 * tile across, so levelZero = 6378137 × 2π × 0.25 / 65 = 154,134.7 m (9.41 m at z14, 0.29 m at z19).
 * The globe refines a tile when that error, projected, exceeds `maximumScreenSpaceError` (2 px by
 * default). So each tile's RTIN keeps its vertical error within exactly that figure: what Cesium
 * assumes of the tile is true of it, and the terrain on screen is off by 2 px at most.
 */
import { groundResolutionMetres, TILE_SIZE_PX } from '../../format/grid';

/** Prefix of this product's messages and errors. */
export const NAME = 'tiling/terrain';

/** Options of the terrain product. */
export interface TerrainOptions {
  /** Finest level; null: the first level whose grid step is no coarser than the DEM's pixel. */
  maxZoom: number | null;
  /** Height grid points per tile side, 2^k + 1 (65: the heightmap width Cesium's errors assume). */
  gridSize: number;
  /** Levels per job (4: a job writes 1 + 4 + 16 + 64 = 85 tiles at most). */
  jobZoomSpan: number;
  /** Levels of availability each metadata tile carries (10, like Cesium World Terrain): tiles of
   * levels 0, 10, 20 hold the availability of the 10 levels below them. */
  metadataAvailability: number;
  /** Gzip each tile (served with Content-Encoding: gzip): about half the bytes. */
  gzip: boolean;
}

export const TERRAIN_DEFAULTS: TerrainOptions = {
  maxZoom: null,
  gridSize: 65,
  jobZoomSpan: 4,
  metadataAvailability: 10,
  gzip: true,
};

/** CesiumJS's level-zero geometric error for quantized-mesh terrain in EPSG:3857, metres. */
export const CESIUM_LEVEL_ZERO_ERROR_METRES = (6378137 * 2 * Math.PI * 0.25) / (65 * 1);

/** CesiumJS's `getLevelMaximumGeometricError(z)` for this terrain: the RTIN error of level z, metres. */
export function levelMaximumGeometricError(z: number): number {
  return CESIUM_LEVEL_ZERO_ERROR_METRES / 2 ** z;
}

/** Ground distance between two grid points of a zoom-z tile at a latitude (radians), metres. */
export function gridStepMetres(z: number, latRadians: number, gridSize: number): number {
  return (groundResolutionMetres(z, latRadians) * TILE_SIZE_PX) / (gridSize - 1);
}

/** The first level whose grid step is at most the DEM's pixel (1 m at 50.6°N -> 19, 0.5 m -> 20). */
export function defaultTerrainMaxZoom(pixelMetres: number, latRadians: number, gridSize: number): number {
  let z = 0;
  while (z < 24 && gridStepMetres(z, latRadians, gridSize) > pixelMetres) z++;
  return z;
}
