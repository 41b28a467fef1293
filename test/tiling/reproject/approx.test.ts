import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_EPSG } from '../../../format/crs';
import { pixelSizeMetres } from '../../../format/grid';
import type { GeoTransform } from '../../../tiling/core';
import {
  approxGridPoint,
  approxGridRow,
  buildApproxGrid,
  createCrsTransform,
  createExactPixelMapper,
  crsToPixelCentre,
} from '../../../tiling/reproject';

const L93 = createCrsTransform(2154);

describe('CRS transforms', () => {
  it('Lambert-93 matches GDAL/PROJ at a point near Lille (to the millimetre)', () => {
    // gdaltransform -s_srs EPSG:2154 -t_srs EPSG:3857: 708000 7057000 -> 346518.807841394 6552592.79080775
    const [x, y] = L93.toMercator(708000, 7057000);
    expect(x).toBeCloseTo(346518.807841394, 3);
    expect(y).toBeCloseTo(6552592.79080775, 3);
  });

  it('CC50 matches GDAL/PROJ', () => {
    // gdaltransform -s_srs EPSG:3950 -t_srs EPSG:3857: 1708000 8257000 -> 344522.85709763 5092988.52681825
    const [x, y] = createCrsTransform(3950).toMercator(1708000, 8257000);
    expect(x).toBeCloseTo(344522.85709763, 3);
    expect(y).toBeCloseTo(5092988.52681825, 3);
  });

  it('every supported CRS round-trips to Web Mercator within a millimetre', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_EPSG),
        fc.double({ min: 1.5, max: 4.5, noNaN: true }),
        fc.double({ min: -0.7, max: 0.7, noNaN: true }),
        (epsg, lon, dLat) => {
          const crs = createCrsTransform(epsg);
          const lat0 = epsg === 2154 ? 49 : epsg - 3900;
          const [mx, my] = [
            (lon * Math.PI * 6378137) / 180,
            Math.log(Math.tan(Math.PI / 4 + ((lat0 + dLat) * Math.PI) / 360)) * 6378137,
          ];
          const [x, y] = crs.fromMercator(mx, my);
          const [mx2, my2] = crs.toMercator(x, y);
          expect(Math.hypot(mx2 - mx, my2 - my)).toBeLessThan(1e-3);
        },
      ),
    );
  });

  it('an unsupported EPSG code is a DataError naming the supported ones', () => {
    expect(() => createCrsTransform(4326)).toThrow(/EPSG:4326 is not supported; expected EPSG:2154/);
  });
});

describe('approximate transformer', () => {
  const gt: GeoTransform = [700000, 0.05, 0, 7070000, 0, -0.05];

  it('keeps the error below 0.1 source pixel against exact proj4 (5 cm source, zooms 14-22)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 14, max: 22 }),
        fc.double({ min: 2.6, max: 3.6, noNaN: true }),
        fc.double({ min: 49.5, max: 50.9, noNaN: true }),
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
          { minLength: 20, maxLength: 20 },
        ),
        (z, lon, lat, points) => {
          const mapper = createExactPixelMapper(L93, gt, z);
          const size = pixelSizeMetres(z);
          const x0 = Math.floor(((lon * Math.PI * 6378137) / 180 + Math.PI * 6378137) / size);
          const y0 = Math.floor(
            (Math.PI * 6378137 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 6378137) / size,
          );
          const region = { x0, y0, width: 256, height: 256 };
          const grid = buildApproxGrid(mapper, region, { maxErrorPx: 0.1, maxCells: 1024 });
          for (const [fx, fy] of points) {
            const px = x0 + fx * 256;
            const py = y0 + fy * 256;
            const [eu, ev] = mapper(px, py);
            const [au, av] = approxGridPoint(grid, px, py);
            expect(Math.hypot(au - eu, av - ev)).toBeLessThan(0.1);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('needs only one cell (4 exact points) for a z21 tile from 5 cm Lambert-93', () => {
    const mapper = createExactPixelMapper(L93, gt, 21);
    const grid = buildApproxGrid(mapper, { x0: 1077000 * 2, y0: 700000 * 2, width: 256, height: 256 });
    expect(grid.cells).toBe(1);
    expect(grid.measuredErrorPx).toBeLessThan(0.01);
  });

  it('a row of pixel centres equals point-by-point interpolation', () => {
    const mapper = createExactPixelMapper(L93, gt, 16);
    const grid = buildApproxGrid(
      mapper,
      { x0: 33600 * 256, y0: 21920 * 256, width: 256, height: 256 },
      { maxErrorPx: 0.01 },
    );
    expect(grid.cells).toBeGreaterThan(1);
    const u = new Float64Array(256);
    const v = new Float64Array(256);
    for (const row of [0, 17, 128, 255]) {
      approxGridRow(grid, row, u, v);
      for (const col of [0, 1, 63, 64, 200, 255]) {
        const [pu, pv] = approxGridPoint(grid, grid.x0 + col + 0.5, grid.y0 + row + 0.5);
        expect(u[col]).toBeCloseTo(pu, 6);
        expect(v[col]).toBeCloseTo(pv, 6);
      }
    }
  });

  it('the centre of source pixel (c, r) maps to exactly (c, r)', () => {
    const toPixel = crsToPixelCentre(gt);
    const [c, r] = toPixel(700000 + 10.5 * 0.05, 7070000 - 3.5 * 0.05);
    expect(c).toBeCloseTo(10, 6);
    expect(r).toBeCloseTo(3, 6);
  });
});
