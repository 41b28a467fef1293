/**
 * JPEG 2000 dalles (header through GDAL, pixels by Grok or GDAL: jp2.test.ts has the rest), and
 * TIFF compressions libvips lacks, are read through GDAL's programs; without GDAL the error names
 * the package to install.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../tiling/core';
import { GdalRasterSource, Jp2RasterSource, openRasterSource } from '../../../tiling/source';
import {
  asGdalPrints,
  compareChannel,
  createGradientRaster,
  gdal,
  gdalDecode,
  gdalInfo,
  l93Args,
  makeTempDir,
  plane,
  writeEnvi,
} from './helpers';

const W = 300;
const H = 270;
let dir = '';
let cleanup = (): void => undefined;
let jp2 = '';
let zstd = '';

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  const bin = writeEnvi(dir, 'rgb', createGradientRaster(W, H, 3), W, H, 3);
  jp2 = join(dir, '2021-07040-70624-LA93-0M05-RVB.jp2');
  gdal('gdal_translate', [
    '-q',
    ...l93Args(W, H),
    '-of',
    'JP2OpenJPEG',
    '-co',
    'REVERSIBLE=YES',
    '-co',
    'QUALITY=100',
    bin,
    jp2,
  ]);
  zstd = join(dir, 'zstd.tif');
  gdal('gdal_translate', ['-q', ...l93Args(W, H), '-co', 'COMPRESS=ZSTD', '-co', 'TILED=YES', bin, zstd]);
});
afterAll(() => cleanup());

describe('GdalRasterSource', () => {
  it('reads a lossless JPEG 2000 dalle to the pixels GDAL decodes, header from gdalinfo', async () => {
    const tmp = join(dir, 'conv');
    gdal('mkdir', ['-p', tmp]);
    const src = await openRasterSource(jp2, { tempDir: tmp });
    expect(src).toBeInstanceOf(Jp2RasterSource);
    expect(src.info).toMatchObject({ id: jp2, width: W, height: H, bands: 3, bitsPerSample: 8, epsg: 2154 });
    expect(asGdalPrints(src.info.geoTransform)).toEqual(gdalInfo(jp2).geoTransform);
    const rgba = await src.readWindow({ x: -4, y: 0, width: W + 4, height: H });
    const ref = gdalDecode(dir, jp2);
    const shifted = new Uint8Array(W * H * 4);
    for (let y = 0; y < H; y++)
      shifted.set(rgba.subarray((y * (W + 4) + 4) * 4, (y * (W + 4) + 4 + W) * 4), y * W * 4);
    for (let c = 0; c < 3; c++) expect(compareChannel(shifted, plane(ref, c), c).max).toBe(0);
    expect(rgba[3]).toBe(0); // left of the raster
    // Only the window is decoded, to a temporary file deleted once read; the folder goes on close.
    expect(readdirSync(tmp).flatMap((d) => readdirSync(join(tmp, d)))).toEqual([]);
    await src.close();
    expect(readdirSync(tmp).length).toBe(0);
  });

  it('reads TIFF compressions libvips lacks (ZSTD) through GDAL', async () => {
    const src = await openRasterSource(zstd);
    expect(src).toBeInstanceOf(GdalRasterSource);
    const ref = gdalDecode(dir, zstd);
    const rgba = await src.readWindow({ x: 0, y: 0, width: W, height: H });
    for (let c = 0; c < 3; c++) expect(compareChannel(rgba, plane(ref, c), c).max).toBe(0);
    await src.close();
  });

  it('without GDAL, a JPEG 2000 dalle fails with the package to install', async () => {
    const missing = join(dir, 'no-gdal-here');
    expect(existsSync(missing)).toBe(false);
    const e = await openRasterSource(jp2, { gdalBinDir: missing }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toContain(`"${jp2}"`);
    expect((e as Error).message).toMatch(/JPEG 2000.*install gdal-bin: apt-get install gdal-bin/);
    const z = await openRasterSource(zstd, { gdalBinDir: missing }).catch((err: unknown) => err);
    expect((z as Error).message).toMatch(/ZSTD compression.*install gdal-bin: apt-get install gdal-bin/);
  });

  it('a corrupt JPEG 2000 file is a DataError naming it', async () => {
    const bad = join(dir, 'bad.jp2');
    gdal('sh', ['-c', `head -c 300 "${jp2}" > "${bad}"`]);
    const e = await openRasterSource(bad)
      .then((s) => s.readWindow({ x: 0, y: 0, width: 8, height: 8 }))
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toContain(`"${bad}"`);
  });
});
