/**
 * Geoid models: NGF-IGN69 altitudes (what French DEMs hold) to ellipsoidal heights (what 3D Tiles
 * and CesiumJS need): h = H + N, N the undulation of the altimetric reference surface above the
 * GRS80/WGS84 ellipsoid (IGN's RAF20 grid for mainland France).
 */

/** Geoid undulation N at a point. */
export interface GeoidModel {
  /** Undulation in metres at a longitude and latitude (degrees). NaN outside the model. */
  undulationMetres(lonDegrees: number, latDegrees: number): number;
  /** How the model was made, for reports ("grid RAF20.tif", "constant 45 m"). */
  readonly description: string;
}

/**
 * Undulation used when no geoid grid is given: an approximate mean of RAF20 over Hauts-de-France.
 * The true value varies by about ±1.5 m across the region, so heights may be off by that much
 * (vertically only: a whole area moves up or down together, tiles still join).
 */
export const HDF_GEOID_UNDULATION_METRES = 45;

/** A constant undulation. */
export function constantGeoid(metres: number): GeoidModel {
  return { undulationMetres: () => metres, description: `constant ${metres} m` };
}

/** A regular grid of undulations in geographic coordinates (degrees), row-major from the north-west. */
export interface GeoidGrid {
  id: string;
  width: number;
  height: number;
  /** Longitude of the west edge and latitude of the north edge of the grid, degrees. */
  west: number;
  north: number;
  /** Cell size in degrees (positive). */
  stepLon: number;
  stepLat: number;
  values: Float32Array;
  /** True when values are at cell corners (PixelIsPoint), false at cell centres (PixelIsArea). */
  pointGrid: boolean;
  nodata: number | null;
}

/** Bilinear interpolation in a geoid grid; NaN outside it or on holes. */
export function gridGeoid(grid: GeoidGrid): GeoidModel {
  const shift = grid.pointGrid ? 0 : 0.5;
  return {
    description: `grid ${grid.id}`,
    undulationMetres(lon, lat) {
      const u = (lon - grid.west) / grid.stepLon - shift;
      const v = (grid.north - lat) / grid.stepLat - shift;
      if (u < -0.5 || v < -0.5 || u > grid.width - 0.5 || v > grid.height - 0.5) return Number.NaN;
      const cu = Math.min(Math.max(u, 0), grid.width - 1);
      const cv = Math.min(Math.max(v, 0), grid.height - 1);
      const i0 = Math.floor(cu);
      const j0 = Math.floor(cv);
      const i1 = Math.min(i0 + 1, grid.width - 1);
      const j1 = Math.min(j0 + 1, grid.height - 1);
      const tx = cu - i0;
      const ty = cv - j0;
      const at = (i: number, j: number) => grid.values[j * grid.width + i] as number;
      const a = at(i0, j0);
      const b = at(i1, j0);
      const c = at(i0, j1);
      const d = at(i1, j1);
      if ([a, b, c, d].some((x) => Number.isNaN(x) || x === grid.nodata)) return Number.NaN;
      return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
    },
  };
}
