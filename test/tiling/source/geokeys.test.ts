import { describe, expect, it } from 'vitest';
import {
  crsFromGeoKeys,
  FRENCH_LAMBERT,
  GEOKEY,
  type GeoKeys,
  geoTransformFromTags,
  identifyFrenchLambert,
  parseGeoKeys,
} from '../../../tiling/source/geokeys';

describe('geoTransformFromTags', () => {
  it('tiepoint + pixel scale, as GDAL computes it (tiepoint at any pixel, negative ScaleY taken as north-up)', () => {
    expect(
      geoTransformFromTags({
        pixelScale: [0.05, 0.05, 0],
        tiepoint: [0, 0, 0, 704000, 7062400, 0],
        pixelIsPoint: false,
      }),
    ).toEqual([704000, 0.05, 0, 7062400, 0, -0.05]);
    expect(
      geoTransformFromTags({
        pixelScale: [0.5, 0.5, 0],
        tiepoint: [10, 20, 0, 1005, 2000, 0],
        pixelIsPoint: false,
      }),
    ).toEqual([1000, 0.5, 0, 2010, 0, -0.5]);
    expect(
      geoTransformFromTags({
        pixelScale: [1, -1, 0],
        tiepoint: [0, 0, 0, 5, 6, 0],
        pixelIsPoint: false,
      })?.[5],
    ).toBe(-1);
  });

  it('ModelTransformation, PixelIsPoint half-pixel shift, and nothing when there are no tags', () => {
    const m = [0.05, 0.01, 0, 704000, 0.01, -0.05, 0, 7062400, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(geoTransformFromTags({ transformation: m, pixelIsPoint: false })).toEqual([
      704000, 0.05, 0.01, 7062400, 0.01, -0.05,
    ]);
    expect(
      geoTransformFromTags({ pixelScale: [2, 2, 0], tiepoint: [0, 0, 0, 100, 200, 0], pixelIsPoint: true }),
    ).toEqual([99, 2, 0, 201, 0, -2]);
    expect(geoTransformFromTags({ pixelIsPoint: false })).toBeNull();
    // Several tiepoints without a scale are ground control points: no geotransform.
    expect(
      geoTransformFromTags({ tiepoint: [0, 0, 0, 1, 2, 0, 10, 10, 0, 3, 4, 0], pixelIsPoint: false }),
    ).toBeNull();
  });
});

describe('crsFromGeoKeys', () => {
  const dir = (keys: [number, number, number, number][]): number[] => [1, 1, 0, keys.length, ...keys.flat()];

  it('reads ProjectedCSTypeGeoKey, and GeographicTypeGeoKey for geographic models', () => {
    const keys = parseGeoKeys(
      dir([
        [1024, 0, 1, 1],
        [1025, 0, 1, 1],
        [3072, 0, 1, 2154],
      ]),
      undefined,
      undefined,
    );
    expect(crsFromGeoKeys(keys)).toMatchObject({ epsg: 2154, userDefined: false, pixelIsPoint: false });
    const geo = parseGeoKeys(
      dir([
        [1024, 0, 1, 2],
        [2048, 0, 1, 4326],
      ]),
      undefined,
      undefined,
    );
    expect(crsFromGeoKeys(geo).epsg).toBe(4326);
    expect(crsFromGeoKeys(new Map()).epsg).toBeNull();
  });

  it('recognises Lambert-93 and the CC zones written as user-defined parameters', () => {
    for (const [code, p] of FRENCH_LAMBERT) {
      const keys: GeoKeys = new Map<number, number | string | number[]>([
        [GEOKEY.GTModelType, 1],
        [GEOKEY.ProjectedCSType, 32767],
        [GEOKEY.ProjCoordTrans, 8],
        [GEOKEY.ProjLinearUnits, 9001],
        [GEOKEY.ProjStdParallel1, p.lat2],
        [GEOKEY.ProjStdParallel2, p.lat1],
        [GEOKEY.ProjFalseOriginLat, p.lat0],
        [GEOKEY.ProjFalseOriginLong, p.lon0],
        [GEOKEY.ProjFalseOriginEasting, p.x0],
        [GEOKEY.ProjFalseOriginNorthing, p.y0],
      ]);
      expect(crsFromGeoKeys(keys)).toMatchObject({ epsg: code, userDefined: true, fromParameters: true });
      keys.set(GEOKEY.ProjFalseOriginNorthing, p.y0 + 1);
      expect(identifyFrenchLambert(keys)).toBeNull();
    }
  });
});
