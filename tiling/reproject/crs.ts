/**
 * Exact transforms between the twin's projected CRSs and Web Mercator (proj4), and the tiling's
 * refusal of any other CRS (a DataError, exit code of bad input). The definitions themselves
 * (Lambert-93, CC42..CC50, Web Mercator) and the transforms are the contract package's: format/crs.ts.
 */
import {
  type CrsTransform,
  crsTransformOf,
  supportedCrsProj4,
  unsupportedEpsgMessage,
} from '../../format/crs';
import { DataError } from '../core';

/** Prefix of this stage's errors. */
export const NAME = 'tiling/reproject';

/**
 * The PROJ string of a supported CRS.
 * @throws DataError for any other code, naming the supported ones.
 */
export function crsDefinition(epsg: number): string {
  const def = supportedCrsProj4(epsg);
  if (def !== null) return def;
  throw new DataError(`${NAME}: ${unsupportedEpsgMessage(epsg)}. Reproject the dalles with gdalwarp first.`);
}

export type { CrsTransform } from '../../format/crs';

/** Exact (proj4) transform for a supported EPSG code. @throws DataError for an unsupported one. */
export function createCrsTransform(epsg: number): CrsTransform {
  crsDefinition(epsg);
  return crsTransformOf(epsg);
}
