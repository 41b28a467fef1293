/**
 * WGS 84 → Lambert-93 (RGF93 v1, EPSG:2154) with proj4, for the coordinates readout. RGF93 and
 * WGS 84 agree to a few centimetres, so no datum shift is applied (as the IGN and PROJ do).
 */
import proj4 from 'proj4';

/** EPSG:2154's definition (IGN / EPSG registry), given as a string: nothing is registered globally. */
export const LAMBERT_93_PROJ4 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

const converter = proj4('WGS84', LAMBERT_93_PROJ4);

/** `[x, y]` metres in Lambert-93 of a longitude/latitude in degrees. */
export function wgs84ToLambert93(lonDegrees: number, latDegrees: number): [x: number, y: number] {
  const [x, y] = converter.forward([lonDegrees, latDegrees]);
  return [x ?? Number.NaN, y ?? Number.NaN];
}
