/**
 * Options of the 3D Tiles stage and the rules that tie the tree to the imagery pyramid (pure).
 *
 * Geometric error: CesiumJS refines a tile when geometricError * screenHeight / (distance * 2 tan(fov/2))
 * exceeds its maximumScreenSpaceError (16 by default). One texel of a level-z tile covers
 * texel(z) = ground pixel size metres; with geometricError = 16 * texel(z) a tile is refined exactly
 * when its texels grow beyond one screen pixel: the texture stays crisp (never magnified) and no
 * finer tile loads while the current one still shows texels smaller than a pixel (not wasteful).
 * Mesh simplification and skirts follow the texel too (an error of one texel is a pixel at most).
 */
import { groundResolutionMetres } from '../../format/grid';

/** Prefix of this stage's messages and errors. */
export const NAME = 'tiling/3d';

/** Options of the 3D Tiles stage. */
export interface Tiles3dOptions {
  /** Coarsest zoom with meshes; null: max(pyramid minZoom, maxZoom - 7) (z14 for a z21 pyramid). */
  minZoom: number | null;
  /** Finest zoom with meshes; null: the pyramid's maxZoom (every imagery level gets its 3D tile). */
  maxZoom: number | null;
  /** Grid points per tile side, 2^k + 1 (65: 1.5 m spacing at z18, finer than needed at z19+). */
  gridSize: number;
  /** Zoom levels per mesh job (4: a job meshes 1 + 4 + 16 + 64 = 85 tiles at most). */
  jobZoomSpan: number;
  /** Zoom levels per tileset JSON (4): deeper levels go to external tilesets. */
  externalZoomSpan: number;
  /** geometricError = this * texel size (16 = CesiumJS's default maximumScreenSpaceError). */
  screenSpaceError: number;
}

export const TILES3D_DEFAULTS: Tiles3dOptions = {
  minZoom: null,
  maxZoom: null,
  gridSize: 65,
  jobZoomSpan: 4,
  externalZoomSpan: 4,
  screenSpaceError: 16,
};

/** Ground size of one texel of a 256 px tile of zoom z at a latitude (radians), metres. */
export function texelMetres(z: number, latRadians: number): number {
  return groundResolutionMetres(z, latRadians);
}

/** Geometric error of a tile of zoom z that has children (leaves have 0), metres. */
export function geometricErrorMetres(z: number, latRadians: number, screenSpaceError: number): number {
  return screenSpaceError * texelMetres(z, latRadians);
}

/** Largest vertical error of a zoom-z mesh, metres: one texel, at least 5 cm. */
export function meshErrorMetres(z: number, latRadians: number): number {
  return Math.max(0.05, texelMetres(z, latRadians));
}

/** Skirt depth of a zoom-z mesh, metres: 4 texels (covers both sides' errors), at least 1 m. */
export function skirtMetres(z: number, latRadians: number): number {
  return Math.max(1, 4 * texelMetres(z, latRadians));
}
