/**
 * Bad dalles give a DataError that names the file, says what is wrong and what to do.
 * Fixtures are generated at test time (GDAL) and damaged on purpose.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../tiling/core';
import { GeoTiffRasterSource, MemoryByteReader, openRasterSource } from '../../../tiling/source';
import { createGradientRaster, gdal, gdalInfo, l93Args, makeTempDir, writeEnvi } from './helpers';

const W = 300;
const H = 270;
let dir = '';
let cleanup = (): void => undefined;
let bin = '';
const path = (name: string): string => join(dir, `${name}.tif`);
const translate = (name: string, args: string[], src = bin): string => {
  gdal('gdal_translate', ['-q', ...args, src, path(name)]);
  return path(name);
};

/** Expects `p` to reject with a DataError whose message names `file` and matches `pattern`. */
async function expectDataError(p: Promise<unknown>, file: string, pattern: RegExp): Promise<DataError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, `expected a DataError for ${file}`).toBeInstanceOf(DataError);
  const message = (e as DataError).message;
  expect(message).toContain(`"${file}"`);
  expect(message).toMatch(pattern);
  return e as DataError;
}

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  bin = writeEnvi(dir, 'rgb', createGradientRaster(W, H, 3), W, H, 3);
});

afterAll(() => cleanup());

describe('GeoTiffRasterSource bad input', () => {
  it('a truncated file is found when it is opened, before any work', async () => {
    const p = translate('trunc', [...l93Args(W, H), '-co', 'TILED=YES', '-co', 'COMPRESS=JPEG']);
    const size = readFileSync(p).length;
    truncateSync(p, Math.floor(size * 0.6));
    await expectDataError(openRasterSource(p), p, /truncated|past the end/);
    await expectDataError(openRasterSource(p), p, /Copy or download it again|copy it again/);
    truncateSync(p, 100);
    await expectDataError(openRasterSource(p), p, /not a readable TIFF|truncated/);
    truncateSync(p, 5);
    await expectDataError(openRasterSource(p), p, /not a readable TIFF: the file is only 5 bytes long/);
  });

  it('a file that is not a TIFF, or is missing, says so', async () => {
    const p = join(dir, 'notes.tif');
    writeFileSync(p, 'this is not an image\n');
    await expectDataError(openRasterSource(p), p, /not a readable TIFF: it starts with bytes 74 68 69 73/);
    const missing = join(dir, 'missing.tif');
    await expectDataError(openRasterSource(missing), missing, /cannot be opened \(ENOENT\).*Check the path/);
  });

  it('corrupt compressed data is reported by readWindow with the window', async () => {
    const p = translate('corrupt', [...l93Args(W, H), '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE']);
    const bytes = readFileSync(p);
    // Overwrite the middle of the file (tile data) with garbage, keeping its size.
    bytes.fill(0x5a, Math.floor(bytes.length * 0.3), Math.floor(bytes.length * 0.9));
    writeFileSync(p, bytes);
    const src = await openRasterSource(p);
    await expectDataError(
      src.readWindow({ x: 0, y: 0, width: W, height: H }),
      p,
      /cannot be decoded \(window x=0 y=0/,
    );
  });

  it('no CRS: refused with the fix, accepted with crs (the CLI --crs)', async () => {
    const p = translate('nocrs', ['-a_ullr', '704000', '7062400', '704015', '7062386.5']);
    await expectDataError(
      openRasterSource(p),
      p,
      /has no CRS; expected EPSG:2154 \(Lambert-93\) or EPSG:3942\.\.3950 .*Pass --crs 2154 .*or fix the file/,
    );
    const src = await openRasterSource(p, { crs: 2154 });
    expect(src.info.epsg).toBe(2154);
  });

  it('a CRS other than Lambert-93 or CC zones is refused', async () => {
    const utm = translate('utm', [
      '-a_srs',
      'EPSG:32631',
      '-a_ullr',
      '500000',
      '5600000',
      '500015',
      '5599986.5',
    ]);
    await expectDataError(openRasterSource(utm), utm, /is in EPSG:32631; expected EPSG:2154.*Reproject it/);
    const wgs = translate('wgs84', ['-a_srs', 'EPSG:4326', '-a_ullr', '3', '50', '3.001', '49.999']);
    await expectDataError(openRasterSource(wgs), wgs, /is in EPSG:4326; expected/);
  });

  it('zero-area, no georeferencing and rotated rasters are refused', async () => {
    const zero = translate('zero', [
      '-a_srs',
      'EPSG:2154',
      '-a_ullr',
      '704000',
      '7062400',
      '704000',
      '7062400',
    ]);
    await expectDataError(openRasterSource(zero), zero, /zero-area extent/);
    const none = translate('nogeo', []);
    await expectDataError(openRasterSource(none), none, /has no georeferencing/);
    // A rotated geotransform is stored as ModelTransformation.
    const vrt = join(dir, 'rot.vrt');
    const bands = [1, 2, 3]
      .map(
        (b) =>
          `<VRTRasterBand dataType="Byte" band="${b}"><SimpleSource><SourceFilename relativeToVRT="1">rgb.bin</SourceFilename><SourceBand>${b}</SourceBand></SimpleSource></VRTRasterBand>`,
      )
      .join('');
    writeFileSync(
      vrt,
      `<VRTDataset rasterXSize="${W}" rasterYSize="${H}"><SRS>EPSG:2154</SRS><GeoTransform>704000, 0.05, 0.01, 7062400, 0.01, -0.05</GeoTransform>${bands}</VRTDataset>`,
    );
    const rot = translate('rotated', [], vrt);
    await expectDataError(openRasterSource(rot), rot, /is not north-up.*Warp it first/);
    const unchecked = await openRasterSource(rot, { check: false });
    expect(unchecked.info.geoTransform).toEqual(gdalInfo(rot).geoTransform);
  });

  it('16-bit and float rasters are refused with the conversion to run', async () => {
    const u16 = translate('u16', [...l93Args(W, H), '-ot', 'UInt16']);
    await expectDataError(
      openRasterSource(u16),
      u16,
      /is 16-bit \(UInt16\); expected 8-bit \(Byte\).*gdal_translate -ot Byte -scale.*--uint16 scale/,
    );
    const f32 = translate('f32', [...l93Args(W, H), '-ot', 'Float32']);
    await expectDataError(openRasterSource(f32), f32, /32-bit float samples; expected 8-bit unsigned/);
  });

  it('a striped JPEG whose strips are too big to decode per window is refused; small strips are read', async () => {
    const one = translate('jpeg-one-strip', [
      ...l93Args(W, H),
      '-co',
      'COMPRESS=JPEG',
      '-co',
      `BLOCKYSIZE=${H}`,
    ]);
    await expectDataError(
      GeoTiffRasterSource.open(one, { maxBlockBytes: 100_000 }),
      one,
      /stripped JPEG TIFF whose strips are 300 x 270 px.*Re-tile it: gdal_translate -co TILED=YES/,
    );
    const small = translate('jpeg-strips', [...l93Args(W, H), '-co', 'COMPRESS=JPEG']);
    const src = await GeoTiffRasterSource.open(small, { maxBlockBytes: 100_000 });
    expect(src.info.tiled).toBe(false);
    expect((await src.readWindow({ x: 10, y: 200, width: 8, height: 8 })).length).toBe(8 * 8 * 4);
  });

  it('a wrong band count is refused; a band choice beyond the bands too', async () => {
    const two = translate('two-bands', [...l93Args(W, H), '-b', '1', '-b', '2']);
    await expectDataError(
      openRasterSource(two),
      two,
      /has 2 band\(s\); expected 3 \(RGB\), 4 \(RGBA or RGB\+IR\) or 1/,
    );
    const rgb = translate('rgb', l93Args(W, H));
    await expectDataError(
      openRasterSource(rgb, { bands: [3, 0, 1] }),
      rgb,
      /band choice 4,1,2 asks for band 4/,
    );
  });

  it('several problems of one dalle are listed together', async () => {
    const p = translate('many', [
      '-a_srs',
      'EPSG:32631',
      '-a_ullr',
      '500000',
      '5600000',
      '500015',
      '5599986.5',
      '-b',
      '1',
      '-b',
      '2',
      '-ot',
      'Float32',
    ]);
    const e = await expectDataError(openRasterSource(p), p, /cannot be tiled \(3 problems\)/);
    expect(e.problems.join('\n')).toMatch(/EPSG:32631[\s\S]*float[\s\S]*2 band/);
  });

  it('reads from memory through the same ByteReader interface', async () => {
    const p = translate('mem', [...l93Args(W, H), '-co', 'TILED=YES', '-co', 'COMPRESS=LZW']);
    const bytes = new Uint8Array(readFileSync(p));
    const fromFile = await openRasterSource(p);
    const fromMemory = await GeoTiffRasterSource.fromReader(new MemoryByteReader(bytes, 'mem.tif'));
    const win = { x: 5, y: 7, width: 50, height: 40 };
    expect(
      Buffer.from(await fromMemory.readWindow(win)).equals(Buffer.from(await fromFile.readWindow(win))),
    ).toBe(true);
    await expectDataError(
      GeoTiffRasterSource.fromReader(new MemoryByteReader(bytes.subarray(0, bytes.length - 1000), 'cut.tif')),
      'cut.tif',
      /truncated|past the end/,
    );
  });
});
