import { describe, expect, it } from 'vitest';
import {
  conicZoneProj4,
  isSupportedEpsg,
  lambert93ToWgs84,
  supportedCrsProj4,
  wgs84ToLambert93,
} from '../../format/crs';

describe('wgs84ToLambert93', () => {
  it('the projection origin (3° E, 46.5° N) is (700 000, 6 600 000)', () => {
    const [x, y] = wgs84ToLambert93(3, 46.5);
    expect(x).toBeCloseTo(700_000, 3);
    expect(y).toBeCloseTo(6_600_000, 3);
  });

  it('matches PROJ (gdaltransform EPSG:4326 → EPSG:2154) to the centimetre at Lille and Amiens', () => {
    // Reference values: `echo "lon lat" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:2154 -output_xy`
    // (GDAL 3.6.2 / PROJ), run once on this machine.
    const lille = wgs84ToLambert93(3.0701, 50.631);
    expect(lille[0]).toBeCloseTo(704_968.169, 1);
    expect(lille[1]).toBeCloseTo(7_059_337.894, 1);
    const amiens = wgs84ToLambert93(2.3, 49.894);
    expect(amiens[0]).toBeCloseTo(649_662.183, 1);
    expect(amiens[1]).toBeCloseTo(6_977_477.632, 1);
  });
});

describe('lambert93ToWgs84', () => {
  it('undoes wgs84ToLambert93 to a micro-degree at Lille', () => {
    const [x, y] = wgs84ToLambert93(3.0701, 50.631);
    const [lon, lat] = lambert93ToWgs84(x, y);
    expect(lon).toBeCloseTo(3.0701, 6);
    expect(lat).toBeCloseTo(50.631, 6);
  });
});

describe('supported CRSs', () => {
  it('accepts Lambert-93 and CC42..CC50 only', () => {
    expect(isSupportedEpsg(2154)).toBe(true);
    expect(isSupportedEpsg(3950)).toBe(true);
    expect(isSupportedEpsg(4326)).toBe(false);
    expect(isSupportedEpsg(null)).toBe(false);
    expect(supportedCrsProj4(3857)).toBeNull();
  });

  it('builds CC50 centred on 50° N with its false northing of 9 200 000 m', () => {
    expect(conicZoneProj4(3950)).toContain('+lat_0=50 ');
    expect(conicZoneProj4(3950)).toContain('+y_0=9200000 ');
    expect(() => conicZoneProj4(2154)).toThrow(/not a CC zone/);
  });
});
