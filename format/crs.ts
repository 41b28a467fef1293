/**
 * The twin's coordinate reference systems, as proj4 definitions: Lambert-93 (RGF93 v1 / EPSG:2154,
 * the CRS of the PCRS dalles, OCS2D and change layers and every area in hectares), the nine conic
 * conformal zones CC42..CC50 (EPSG:3942..3950) orthophotos may come in, and Web Mercator
 * (EPSG:3857, the tile grid). RGF93 uses GRS80 and coincides with WGS 84 to the centimetre, so no
 * datum shift is applied (as the IGN, PROJ and GDAL do). Definitions are strings handed to proj4,
 * so nothing is registered in proj4's global table. Shared by the viewer (coordinates readout,
 * scenario areas), the tiling (reprojection) and the server (review items).
 */
import proj4 from 'proj4';

/** EPSG code of Lambert-93. */
export const LAMBERT_93_EPSG = 2154;

/** EPSG:2154's definition (IGN / EPSG registry). */
export const LAMBERT_93_PROJ4 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** EPSG:3857's definition (spherical Mercator on the WGS 84 semi-major axis). */
export const WEB_MERCATOR_PROJ4 =
  '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs';

/** EPSG codes of the conic conformal zones CC42..CC50. */
export const CONIC_ZONE_EPSG: readonly number[] = [3942, 3943, 3944, 3945, 3946, 3947, 3948, 3949, 3950];

/** Projected CRSs accepted as a source: Lambert-93 and the CC zones. */
export const SUPPORTED_EPSG: readonly number[] = [LAMBERT_93_EPSG, ...CONIC_ZONE_EPSG];

/** True when `epsg` is one of `SUPPORTED_EPSG`. */
export function isSupportedEpsg(epsg: number | null): epsg is number {
  return epsg !== null && SUPPORTED_EPSG.includes(epsg);
}

/**
 * The proj4 definition of CC zone `epsg` (3942..3950): zone N is centred on latitude N, 1.5° wide.
 * @throws RangeError for another code.
 */
export function conicZoneProj4(epsg: number): string {
  if (!CONIC_ZONE_EPSG.includes(epsg)) throw new RangeError(`EPSG:${epsg} is not a CC zone (3942..3950)`);
  const lat0 = epsg - 3900;
  const y0 = (lat0 - 41) * 1_000_000 + 200_000;
  return `+proj=lcc +lat_0=${lat0} +lon_0=3 +lat_1=${lat0 - 0.75} +lat_2=${lat0 + 0.75} +x_0=1700000 +y_0=${y0} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
}

/** The proj4 definition of a supported CRS, or null for any other code. */
export function supportedCrsProj4(epsg: number): string | null {
  if (epsg === LAMBERT_93_EPSG) return LAMBERT_93_PROJ4;
  return CONIC_ZONE_EPSG.includes(epsg) ? conicZoneProj4(epsg) : null;
}

/** Why a code is refused, in the words every half uses. */
export function unsupportedEpsgMessage(epsg: number): string {
  return `EPSG:${epsg} is not supported; expected EPSG:2154 (Lambert-93) or EPSG:3942..3950 (CC42..CC50)`;
}

const toLambert93 = proj4('WGS84', LAMBERT_93_PROJ4);

/** `[x, y]` metres in Lambert-93 of a longitude/latitude in degrees. */
export function wgs84ToLambert93(lonDegrees: number, latDegrees: number): [x: number, y: number] {
  const [x, y] = toLambert93.forward([lonDegrees, latDegrees]);
  return [x ?? Number.NaN, y ?? Number.NaN];
}

/** `[longitude, latitude]` degrees of a Lambert-93 point in metres. */
export function lambert93ToWgs84(x: number, y: number): [lonDegrees: number, latDegrees: number] {
  const [lon, lat] = toLambert93.inverse([x, y]);
  return [lon ?? Number.NaN, lat ?? Number.NaN];
}

/** Exact transforms between a projected CRS and EPSG:3857, point by point. */
export interface CrsTransform {
  readonly epsg: number;
  /** Source CRS metres -> EPSG:3857 metres. */
  toMercator(x: number, y: number): [number, number];
  /** EPSG:3857 metres -> source CRS metres. */
  fromMercator(x: number, y: number): [number, number];
  /** Source CRS metres -> [longitude, latitude] degrees. */
  toLonLat(x: number, y: number): [number, number];
}

/**
 * Exact (proj4) transform for a supported EPSG code (Lambert-93, CC42..CC50).
 * @throws Error with {@link unsupportedEpsgMessage} for any other code (the tiling words it as a
 * DataError, tiling/reproject).
 */
export function crsTransformOf(epsg: number): CrsTransform {
  const def = supportedCrsProj4(epsg);
  if (def === null) throw new Error(unsupportedEpsgMessage(epsg));
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

/**
 * The EPSG code named by a GeoJSON `crs` member ("urn:ogc:def:crs:EPSG::2154", "EPSG:2154"; CRS84
 * gives 4326), or null when there is none.
 */
export function crsOfGeoJson(json: { crs?: unknown }): number | null {
  const name = (json.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/CRS84$/i.test(name)) return 4326;
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  return m ? Number(m[1]) : null;
}
