/**
 * Options of `tiling vector`: OCS2D polygons or change detections (Lambert-93) -> a Web Mercator
 * Mapbox Vector Tile pyramid the viewer paints and picks (docs/vector.md).
 */
import type { VectorKind } from '../../format/tile-metadata';

/** Prefix of this stage's log lines and errors. */
export const NAME = 'tiling vector';

/** Options of {@link buildVectorPyramid}. */
export interface VectorOptions {
  /** Input kind. Default `ocs2d`. */
  readonly kind: VectorKind;
  /** Coarsest level written. Default 10 (a commune fits in a few tiles). */
  readonly minZoom: number;
  /**
   * Finest level written. Default 16 (tile ≈ 390 m at 50°N, 4096 units: ≈ 10 cm precision); the
   * viewer draws finer levels from these tiles (over-zoom), so nothing finer is needed.
   */
  readonly maxZoom: number;
  /** Millésime written on every feature when the input has no `millesime` field. */
  readonly vintage?: number | undefined;
  /** OCS2D: field with the CS code. Default: `cs`, else `cs<yy>`/`cs_<yyyy>` of the vintage. */
  readonly csField?: string | undefined;
  /** OCS2D: field with the US code. Default: `us`, else `us<yy>`/`us_<yyyy>` of the vintage. */
  readonly usField?: string | undefined;
  /** OCS2D: CS code for features without one (inputs that are not OCS2D, e.g. RPG parcels). */
  readonly defaultCs?: string | undefined;
  /** OCS2D: US code for features without one. */
  readonly defaultUs?: string | undefined;
  /** Changes: side of the heat-grid cells, metres (Lambert-93 grid). Default 100 (1 ha cells). */
  readonly cellMetres: number;
  /** Changes: detections below this confidence do not count in the heat grid. Default 0.5. */
  readonly heatMinConfidence: number;
}

/** Defaults of {@link VectorOptions}. */
export const VECTOR_DEFAULTS: VectorOptions = {
  kind: 'ocs2d',
  minZoom: 10,
  maxZoom: 16,
  cellMetres: 100,
  heatMinConfidence: 0.5,
};

/** Layer names inside the tiles. */
export const LAYER_NAMES = { ocs2d: 'ocs2d', changes: 'changes', heat: 'heat' } as const;
