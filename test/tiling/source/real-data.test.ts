/**
 * Real IGN 20 cm orthophotos (../shared/data/ortho-ign-pdal-tools, see its SOURCE.txt): read in
 * place, never copied into the repository. Their CRS is written as a user-defined Lambert conformal
 * conic with Lambert-93's parameters (citation "EPSG:2154"), as PDAL writes it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRasterSource } from '../../../tiling/source';
import {
  asGdalPrints,
  compareChannel,
  gdalDecode,
  gdalInfo,
  makeTempDir,
  plane,
  REAL_DATA_DIR,
} from './helpers';

const FILES = ['test_data_rgb.tif', 'test_data_irc.tif', 'test_data_rgb_cog_derived.tif', 'colored.tif'];

let dir = '';
let cleanup = (): void => undefined;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  if (!existsSync(REAL_DATA_DIR)) {
    throw new Error(
      `real data missing: expected ${REAL_DATA_DIR} (the shared data folder beside the checkout)`,
    );
  }
});
afterAll(() => cleanup());

describe('real IGN orthophotos', () => {
  it.each(FILES)('%s: pixels, nodata alpha, georeferencing and CRS as GDAL reads them', async (name) => {
    const p = join(REAL_DATA_DIR, name);
    const src = await openRasterSource(p);
    const info = gdalInfo(p);
    expect(src.info.epsg).toBe(2154);
    expect([src.info.width, src.info.height]).toEqual(info.size);
    expect(asGdalPrints(src.info.geoTransform)).toEqual(info.geoTransform);
    expect(src.info.nodata).toBe(info.bands[0]?.noDataValue ?? null);
    const [w, h] = info.size;
    const rgba = await src.readWindow({ x: 0, y: 0, width: w, height: h });
    const ref = gdalDecode(dir, p);
    for (let c = 0; c < 3; c++) expect(compareChannel(rgba, plane(ref, c), c).max).toBe(0);
    // nodata 255: a pixel is transparent when all its bands are 255 (GDAL's rule for warping).
    let wrong = 0;
    for (let i = 0; i < w * h; i++) {
      const nodata =
        src.info.nodata !== null &&
        plane(ref, 0)[i] === src.info.nodata &&
        plane(ref, 1)[i] === src.info.nodata &&
        plane(ref, 2)[i] === src.info.nodata;
      if (rgba[i * 4 + 3] !== (nodata ? 0 : 255)) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('the COG copy has an overview and the same pixels as the original', async () => {
    const cog = await openRasterSource(join(REAL_DATA_DIR, 'test_data_rgb_cog_derived.tif'));
    const tif = await openRasterSource(join(REAL_DATA_DIR, 'test_data_rgb.tif'));
    expect(cog.info).toMatchObject({ tiled: true, overviews: 1, compression: 8 });
    expect(tif.info).toMatchObject({ tiled: false, overviews: 0, compression: 1 });
    const win = { x: 100, y: 90, width: 152, height: 162 };
    expect(Buffer.from(await cog.readWindow(win)).equals(Buffer.from(await tif.readWindow(win)))).toBe(true);
  });

  it('RGB and IRC share the grid; IRC bands are read in file order', async () => {
    const rgb = await openRasterSource(join(REAL_DATA_DIR, 'test_data_rgb.tif'));
    const irc = await openRasterSource(join(REAL_DATA_DIR, 'test_data_irc.tif'));
    expect(irc.info.geoTransform).toEqual(rgb.info.geoTransform);
    const a = await rgb.readWindow({ x: 0, y: 0, width: 32, height: 32 });
    const b = await irc.readWindow({ x: 0, y: 0, width: 32, height: 32 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
