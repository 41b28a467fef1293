import { describe, expect, it } from 'vitest';
import { wgs84ToLambert93 } from './lambert93';

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
