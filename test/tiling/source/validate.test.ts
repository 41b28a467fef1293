import { describe, expect, it } from 'vitest';
import type { RasterInfo } from '../../../tiling/core';
import { formatProblems, parsePcrsName, validateDalles } from '../../../tiling/source';

const PX = 0.05;
const SIZE = 4000; // 200 m IGN dalles

/** A PCRS dalle at (xMin, yMax), named as IGN names them, 8-bit RGB, Lambert-93. */
function dalle(xMin: number, yMax: number, overrides: Partial<RasterInfo> = {}): RasterInfo {
  return {
    id: `2021-${String(xMin / 100).padStart(5, '0')}-${yMax / 100}-LA93-0M05-RVB.tif`,
    width: SIZE,
    height: SIZE,
    bands: 3,
    bitsPerSample: 8,
    sampleFormat: 1,
    epsg: 2154,
    geoTransform: [xMin, PX, 0, yMax, 0, -PX],
    nodata: null,
    hasAlpha: false,
    compression: 7,
    tiled: true,
    overviews: 0,
    ...overrides,
  };
}

/** A 3 x 2 block of neighbouring dalles. */
function grid(): RasterInfo[] {
  const out: RasterInfo[] = [];
  for (let j = 0; j < 2; j++)
    for (let i = 0; i < 3; i++) out.push(dalle(704000 + i * 200, 7062400 - j * 200));
  return out;
}

describe('validateDalles', () => {
  it('a clean grid of neighbouring PCRS dalles has no problem', () => {
    expect(validateDalles(grid())).toEqual([]);
  });

  it('lists every problem at once, each naming its file, errors before warnings', () => {
    const infos = [
      ...grid(),
      dalle(705000, 7062400, { id: 'nocrs.tif', epsg: null }),
      dalle(705200, 7062400, { id: 'wgs84.tif', epsg: 4326 }),
      dalle(705400, 7062400, { id: 'u16.tif', bitsPerSample: 16 }),
      dalle(705600, 7062400, { id: 'two-bands.tif', bands: 2 }),
      dalle(705800, 7062400, { id: 'float.tif', bitsPerSample: 32, sampleFormat: 3 }),
      dalle(706000, 7062400, { id: 'rotated.tif', geoTransform: [706000, PX, 0.01, 7062400, 0, -PX] }),
      dalle(706200, 7062400, { id: 'zero.tif', geoTransform: [706200, 0, 0, 7062400, 0, 0] }),
      dalle(706400, 7062400, { id: 'no-georef.tif', geoTransform: [0, 1, 0, 0, 0, 1] }),
      dalle(706600, 7062400, {
        id: 'coarse.tif',
        geoTransform: [706600, 0.2, 0, 7062400, 0, -0.2],
        width: 1000,
        height: 1000,
      }),
      dalle(706800.013, 7062400, { id: 'off-grid.tif' }),
      dalle(704000, 7062400, { id: 'copy-of-first.tif' }),
      dalle(704150, 7062300, { id: 'overlapping.tif' }),
      dalle(707000, 7062400, { id: '2021-07080-70624-LA93-0M05-RVB.tif' }), // name says x 708000
      dalle(1707000, 8262400, { id: 'cc49.tif', epsg: 3949 }),
    ];
    const problems = validateDalles(infos);
    const byFile = (file: string) =>
      problems.filter((p) => p.file === file).map((p) => `${p.severity}:${p.code}`);
    expect(byFile('nocrs.tif')).toEqual(['error:no-crs']);
    expect(byFile('wgs84.tif')).toEqual(['error:crs-not-accepted']);
    expect(byFile('u16.tif')).toEqual(['error:bit-depth']);
    expect(byFile('two-bands.tif')).toEqual(['error:band-count']);
    expect(byFile('float.tif')).toEqual(['error:bit-depth']);
    expect(byFile('rotated.tif')).toEqual(['error:not-north-up']);
    expect(byFile('zero.tif')).toEqual(['error:zero-area']);
    expect(byFile('no-georef.tif')).toEqual(['error:no-georeferencing']);
    expect(byFile('coarse.tif')).toEqual(['error:resolution-mismatch']);
    expect(byFile('off-grid.tif')).toEqual(['warning:off-grid']);
    expect(byFile('copy-of-first.tif')).toEqual(['error:duplicate']);
    // It overlaps four grid dalles and the copy of the first one.
    expect(byFile('overlapping.tif')).toEqual(Array(5).fill('warning:overlap'));
    expect(byFile('2021-07080-70624-LA93-0M05-RVB.tif')).toEqual(['warning:name-mismatch']);
    expect(byFile('cc49.tif')).toEqual(['warning:mixed-crs']);
    for (const p of problems) expect(p.message).toContain(`"${p.file}"`);
    const firstWarning = problems.findIndex((p) => p.severity === 'warning');
    expect(problems.slice(firstWarning).every((p) => p.severity === 'warning')).toBe(true);
    const text = formatProblems(problems);
    expect(text).toMatch(/^10 error\(s\) in 10 dalle\(s\):\n {2}- tiling: dalle "nocrs.tif" has no CRS/);
    expect(text).toMatch(/\n\d+ warning\(s\):\n/);
  });

  it('messages say what was received, what was expected and what to do', () => {
    const [crs, res, dup, name] = [
      validateDalles([dalle(704000, 7062400, { id: 'a.tif', epsg: null })]),
      validateDalles([
        ...grid(),
        dalle(706600, 7062400, { id: 'b.tif', geoTransform: [706600, 0.2, 0, 7062400, 0, -0.2] }),
      ]),
      validateDalles([dalle(704000, 7062400, { id: 'c.tif' }), dalle(704000, 7062400, { id: 'd.tif' })]),
      validateDalles([dalle(704000, 7062400, { id: '2021-07050-70624-LA93-0M20-RVB.tif' })]),
    ];
    expect(crs[0]?.message).toBe(
      'tiling: dalle "a.tif" has no CRS; expected EPSG:2154 (Lambert-93) or EPSG:3942..3950 (CC42..CC50). Pass --crs 2154 (or 3942..3950 for a CC zone) or fix the file (gdal_edit.py -a_srs EPSG:2154 "a.tif").',
    );
    expect(res[0]?.message).toMatch(
      /"b.tif" has 0.2 m x 0.2 m pixels while 6 of 7 dalles have 0.05 m x 0.05 m\. Tile each resolution separately/,
    );
    expect(dup[0]?.message).toMatch(/"d.tif" covers exactly the same ground as "c.tif".*Remove one of them/);
    expect(name[0]?.message).toMatch(
      /name says x_min 705000, y_max 7062400 but its georeferencing says 704000, 7062400; its name says 0.2 m pixels but they are 0.05 m/,
    );
  });

  it('touching or 1-pixel overlaps are fine; more is flagged', () => {
    expect(
      validateDalles([dalle(704000, 7062400), dalle(704200 - PX, 7062400, { id: 'one-px.tif' })]),
    ).toEqual([]);
    const two = validateDalles([
      dalle(704000, 7062400),
      dalle(704200 - 2 * PX, 7062400, { id: 'two-px.tif' }),
    ]);
    expect(two.map((p) => p.code)).toContain('overlap');
  });

  it('options: mixed CRS as errors, 16-bit scaled (warning), a band choice', () => {
    const mixed = validateDalles(
      [dalle(704000, 7062400), dalle(1704000, 8262400, { id: 'cc.tif', epsg: 3949 }), dalle(704200, 7062400)],
      {
        mixedCrs: 'error',
      },
    );
    expect(mixed.map((p) => `${p.file}:${p.severity}`)).toEqual(['cc.tif:error']);
    const u16 = validateDalles([dalle(704000, 7062400, { bitsPerSample: 16 })], { uint16: 'scale' });
    expect(u16.map((p) => p.severity)).toEqual(['warning']);
    const bands = validateDalles(
      [dalle(704000, 7062400, { id: 'rgb.tif' }), dalle(704200, 7062400, { id: 'rgbi.tif', bands: 4 })],
      {
        bands: [3, 0, 1],
      },
    );
    expect(bands.map((p) => `${p.file}:${p.code}`)).toEqual(['rgb.tif:band-count']);
  });
});

describe('parsePcrsName', () => {
  it('reads IGN (hectometres) and Géo2France (kilometres) dalle names', () => {
    expect(parsePcrsName('/data/2020-04960-66124-LA93-0M05-RVB.tif')).toEqual({
      xMin: 496000,
      yMax: 6612400,
      pixelMetres: 0.05,
    });
    expect(parsePcrsName('HFA-2022-0707-7064-LA93-0M05-RVB.tif')).toEqual({
      xMin: 707000,
      yMax: 7064000,
      pixelMetres: 0.05,
    });
    expect(parsePcrsName('ortho.tif')).toBeNull();
  });
});
