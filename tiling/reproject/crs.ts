/**
 * Exact transforms between the twin's projected CRSs and Web Mercator (proj4), and the tiling's
 * refusal of any other CRS (a DataError, exit code of bad input). The definitions themselves
 * (Lambert-93, CC42..CC50, Web Mercator) are the contract package's: format/crs.ts.
 */
import proj4 from 'proj4';
import { supportedCrsProj4, unsupportedEpsgMessage, WEB_MERCATOR_PROJ4 } from '../../format/crs';
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

/** Exact transforms between a projected CRS and EPSG:3857, point by point (in place on arrays). */
export interface CrsTransform {
  readonly epsg: number;
  /** Source CRS metres -> EPSG:3857 metres. */
  toMercator(x: number, y: number): [number, number];
  /** EPSG:3857 metres -> source CRS metres. */
  fromMercator(x: number, y: number): [number, number];
  /** Source CRS metres -> [longitude, latitude] degrees. */
  toLonLat(x: number, y: number): [number, number];
}

/** Exact (proj4) transform for a supported EPSG code. @throws DataError for an unsupported one. */
export function createCrsTransform(epsg: number): CrsTransform {
  const def = crsDefinition(epsg);
  const merc = proj4(def, WEB_MERCATOR_PROJ4);
  const geo = proj4(def, 'WGS84');
  return {
    epsg,
    toMercator(x, y) {
      const r = merc.forward([x, y]);
      return [r[0] as number, r[1] as number];
    },
    fromMercator(x, y) {
      const r = merc.inverse([x, y]);
      return [r[0] as number, r[1] as number];
    },
    toLonLat(x, y) {
      const r = geo.forward([x, y]);
      return [r[0] as number, r[1] as number];
    },
  };
}
