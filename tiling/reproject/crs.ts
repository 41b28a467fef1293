/**
 * The projected CRSs of French orthophotos and their exact transforms to Web Mercator (proj4).
 *
 * EPSG:2154 is RGF93 / Lambert-93; EPSG:3942..3950 are the nine conic conformal zones CC42..CC50
 * (RGF93 / CCnn). RGF93 uses GRS80 and coincides with WGS 84 to the centimetre, so no datum shift
 * is applied (as PROJ and GDAL do). Definitions are given to proj4 as strings, so nothing is
 * registered in proj4's global table.
 */
import proj4 from 'proj4';
import { DataError } from '../core';

/** Prefix of this stage's errors. */
export const NAME = 'tiling/reproject';

const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** PROJ string of EPSG:3942..3950 (CC42..CC50): zone N is centred on latitude N, 1.5 deg wide. */
function conicZone(epsg: number): string {
  const lat0 = epsg - 3900;
  const y0 = (lat0 - 41) * 1_000_000 + 200_000;
  return `+proj=lcc +lat_0=${lat0} +lon_0=3 +lat_1=${lat0 - 0.75} +lat_2=${lat0 + 0.75} +x_0=1700000 +y_0=${y0} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
}

/** EPSG codes accepted as source CRS. */
export const SUPPORTED_EPSG: readonly number[] = [2154, 3942, 3943, 3944, 3945, 3946, 3947, 3948, 3949, 3950];

const WEB_MERCATOR =
  '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs';

/** True when `epsg` is one of `SUPPORTED_EPSG`. */
export function isSupportedEpsg(epsg: number | null): epsg is number {
  return epsg !== null && SUPPORTED_EPSG.includes(epsg);
}

/**
 * The PROJ string of a supported CRS.
 * @throws DataError for any other code, naming the supported ones.
 */
export function crsDefinition(epsg: number): string {
  if (epsg === 2154) return LAMBERT_93;
  if (epsg >= 3942 && epsg <= 3950) return conicZone(epsg);
  throw new DataError(
    `${NAME}: EPSG:${epsg} is not supported; expected EPSG:2154 (Lambert-93) or EPSG:3942..3950 (CC42..CC50). Reproject the dalles with gdalwarp first.`,
  );
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
  const merc = proj4(def, WEB_MERCATOR);
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
