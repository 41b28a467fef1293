/**
 * GeoTIFF georeferencing: the affine geotransform from ModelPixelScale + ModelTiepoint or
 * ModelTransformation, and the CRS code from the GeoKey directory. Pure; computed exactly as
 * GDAL 3.x does (gtiffdataset_read.cpp), so `gdalinfo -json`'s geoTransform is matched bit for bit.
 *
 * Reference: OGC GeoTIFF 1.1 (19-008r4).
 */
import type { GeoTransform } from '../core';

/** GeoKey ids used here. */
export const GEOKEY = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GTCitation: 1026,
  GeographicType: 2048,
  GeogSemiMajorAxis: 2057,
  ProjectedCSType: 3072,
  PCSCitation: 3073,
  ProjCoordTrans: 3075,
  ProjLinearUnits: 3076,
  ProjStdParallel1: 3078,
  ProjStdParallel2: 3079,
  ProjNatOriginLong: 3080,
  ProjNatOriginLat: 3081,
  ProjFalseEasting: 3082,
  ProjFalseNorthing: 3083,
  ProjFalseOriginLong: 3084,
  ProjFalseOriginLat: 3085,
  ProjFalseOriginEasting: 3086,
  ProjFalseOriginNorthing: 3087,
} as const;

/** GeoTIFF value meaning "user-defined" (no EPSG code: the CRS is spelled out in parameters). */
export const USER_DEFINED = 32767;

/** A parsed GeoKey directory: key id -> a number, numbers or a string. */
export type GeoKeys = Map<number, number | string | number[]>;

/**
 * Parses the GeoKeyDirectory (tag 34735) with its double and ASCII parameter tags.
 * Malformed entries are skipped (the caller then reports a missing CRS).
 */
export function parseGeoKeys(
  directory: ArrayLike<number>,
  doubles: ArrayLike<number> | undefined,
  ascii: string | undefined,
): GeoKeys {
  const keys: GeoKeys = new Map();
  const n = directory[3] ?? 0;
  for (let i = 0; i < n; i++) {
    const p = 4 + i * 4;
    const id = directory[p];
    const location = directory[p + 1];
    const count = directory[p + 2] ?? 0;
    const value = directory[p + 3];
    if (id === undefined || location === undefined || value === undefined) break;
    if (location === 0) {
      keys.set(id, value);
    } else if (location === 34736 && doubles) {
      const vals: number[] = [];
      for (let k = 0; k < count; k++) vals.push(doubles[value + k] ?? Number.NaN);
      keys.set(id, count === 1 ? (vals[0] ?? Number.NaN) : vals);
    } else if (location === 34737 && ascii !== undefined) {
      keys.set(id, ascii.slice(value, value + count).replace(/\|$/, ''));
    }
  }
  return keys;
}

/** What the GeoKeys say about the CRS. */
export interface GeoKeysCrs {
  /** EPSG code of the projected (or geographic) CRS; null when absent or user-defined. */
  epsg: number | null;
  /** True when the file defines its CRS by parameters rather than an EPSG code. */
  userDefined: boolean;
  /**
   * True when `epsg` was recognised from user-defined projection parameters (Lambert conformal
   * conic 2SP with exactly the parameters of Lambert-93 or a CC zone), not read as a code.
   */
  fromParameters: boolean;
  /** True when GTRasterTypeGeoKey says PixelIsPoint (GDAL then shifts the origin half a pixel). */
  pixelIsPoint: boolean;
  /** The citation, if any (helps messages: "RGF93 / Lambert-93"). */
  citation: string | null;
}

/** Reads the CRS code from GeoKeys: ProjectedCSTypeGeoKey, else GeographicTypeGeoKey. */
export function crsFromGeoKeys(keys: GeoKeys): GeoKeysCrs {
  const pixelIsPoint = keys.get(GEOKEY.GTRasterType) === 2;
  const citationValue = keys.get(GEOKEY.PCSCitation) ?? keys.get(GEOKEY.GTCitation);
  const citation = typeof citationValue === 'string' ? citationValue : null;
  const projected = keys.get(GEOKEY.ProjectedCSType);
  const model = keys.get(GEOKEY.GTModelType);
  const base = { pixelIsPoint, citation, fromParameters: false };
  if (typeof projected === 'number' && projected > 0 && projected !== USER_DEFINED) {
    return { ...base, epsg: projected, userDefined: false };
  }
  if (model === 1 || projected === USER_DEFINED) {
    const known = identifyFrenchLambert(keys);
    if (known !== null) return { ...base, epsg: known, userDefined: true, fromParameters: true };
    return { ...base, epsg: null, userDefined: true };
  }
  const geographic = keys.get(GEOKEY.GeographicType);
  if (model === 2 && typeof geographic === 'number' && geographic > 0) {
    if (geographic === USER_DEFINED) return { ...base, epsg: null, userDefined: true };
    return { ...base, epsg: geographic, userDefined: false };
  }
  return { ...base, epsg: null, userDefined: model === 2 };
}

/** Lambert conformal conic (2SP) parameters of a French projected CRS. */
interface LambertParams {
  lat0: number;
  lon0: number;
  lat1: number;
  lat2: number;
  x0: number;
  y0: number;
}

/** Lambert-93 (EPSG:2154) and CC42..CC50 (EPSG:3942..3950), all on RGF93 / GRS80. */
export const FRENCH_LAMBERT: ReadonlyMap<number, LambertParams> = new Map([
  [2154, { lat0: 46.5, lon0: 3, lat1: 49, lat2: 44, x0: 700000, y0: 6600000 }],
  ...Array.from({ length: 9 }, (_, k): [number, LambertParams] => [
    3942 + k,
    {
      lat0: 42 + k,
      lon0: 3,
      lat1: 42 + k - 0.75,
      lat2: 42 + k + 0.75,
      x0: 1700000,
      y0: 1200000 + k * 1000000,
    },
  ]),
]);

/**
 * Recognises a user-defined CRS spelled out as Lambert conformal conic 2SP in metres with the
 * exact parameters of Lambert-93 or a CC zone (PDAL and some GDAL exports write Lambert-93 this
 * way, citing "EPSG:2154"). Returns the EPSG code, or null.
 */
export function identifyFrenchLambert(keys: GeoKeys): number | null {
  const num = (id: number): number | undefined => {
    const v = keys.get(id);
    return typeof v === 'number' ? v : undefined;
  };
  if (num(GEOKEY.ProjCoordTrans) !== 8) return null; // CT_LambertConfConic_2SP
  const unit = num(GEOKEY.ProjLinearUnits);
  if (unit !== undefined && unit !== 9001) return null; // metre
  const a = num(GEOKEY.GeogSemiMajorAxis);
  if (a !== undefined && Math.abs(a - 6378137) > 1) return null; // GRS80 / WGS84 ellipsoid
  const lat0 = num(GEOKEY.ProjFalseOriginLat) ?? num(GEOKEY.ProjNatOriginLat);
  const lon0 = num(GEOKEY.ProjFalseOriginLong) ?? num(GEOKEY.ProjNatOriginLong);
  const p1 = num(GEOKEY.ProjStdParallel1);
  const p2 = num(GEOKEY.ProjStdParallel2);
  const x0 = num(GEOKEY.ProjFalseOriginEasting) ?? num(GEOKEY.ProjFalseEasting);
  const y0 = num(GEOKEY.ProjFalseOriginNorthing) ?? num(GEOKEY.ProjFalseNorthing);
  if (lat0 === undefined || lon0 === undefined || p1 === undefined || p2 === undefined) return null;
  if (x0 === undefined || y0 === undefined) return null;
  const close = (u: number, v: number, tol: number): boolean => Math.abs(u - v) <= tol;
  for (const [code, p] of FRENCH_LAMBERT) {
    const parallels =
      (close(p1, p.lat1, 1e-7) && close(p2, p.lat2, 1e-7)) ||
      (close(p1, p.lat2, 1e-7) && close(p2, p.lat1, 1e-7));
    if (
      parallels &&
      close(lat0, p.lat0, 1e-7) &&
      close(lon0, p.lon0, 1e-7) &&
      close(x0, p.x0, 1e-3) &&
      close(y0, p.y0, 1e-3)
    ) {
      return code;
    }
  }
  return null;
}

/** The georeferencing tags of one image. */
export interface GeoTiffTags {
  pixelScale?: ArrayLike<number> | undefined;
  tiepoint?: ArrayLike<number> | undefined;
  transformation?: ArrayLike<number> | undefined;
  pixelIsPoint: boolean;
}

/**
 * The GDAL geotransform of an image, or null when it has none (no tags, or only ground control
 * points, which the tiler does not warp).
 */
export function geoTransformFromTags(tags: GeoTiffTags): GeoTransform | null {
  const { pixelScale: s, tiepoint: t, transformation: m } = tags;
  let gt: [number, number, number, number, number, number] | null = null;
  if (s && s.length >= 2 && t && t.length >= 6) {
    // A zero scale is kept (GDAL 3.6 does too), so the check reports a zero-area dalle.
    // GDAL treats a negative ScaleY as north-up too (GTIFF_HONOUR_NEGATIVE_SCALEY=NO).
    const sx = s[0] as number;
    const sy = -Math.abs(s[1] as number);
    gt = [(t[3] as number) - (t[0] as number) * sx, sx, 0, (t[4] as number) - (t[1] as number) * sy, 0, sy];
  } else if (m && m.length === 16) {
    gt = [m[3] as number, m[0] as number, m[1] as number, m[7] as number, m[4] as number, m[5] as number];
  }
  if (!gt) return null;
  if (tags.pixelIsPoint) {
    gt[0] -= gt[1] * 0.5 + gt[2] * 0.5;
    gt[3] -= gt[4] * 0.5 + gt[5] * 0.5;
  }
  return gt;
}
