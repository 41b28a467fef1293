/**
 * GeoTiffRasterSource reads every layout real dalles come in, to the same pixels as GDAL.
 * Fixtures are generated at test time from a synthetic raster with gdal_translate / gdaladdo.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeoTiffRasterSource, openRasterSource } from '../../../tiling/source';
import {
  asGdalPrints,
  compareChannel,
  createGradientRaster,
  cropPlane,
  gdal,
  gdalDecode,
  gdalInfo,
  l93Args,
  makeTempDir,
  plane,
  writeEnvi,
} from './helpers';

// Sizes that are not multiples of tiles (256) nor of strips, so edge blocks are partial.
const W = 300;
const H = 270;

interface Variant {
  name: string;
  args: string[];
  /**
   * Largest per-sample difference tolerated against GDAL's decode. JPEG decoders may round
   * differently (another libjpeg build); GDAL 3.6 and sharp 0.35 here give identical pixels.
   */
  tolerance: number;
  compression: number;
  tiled: boolean;
  overviews?: number;
}

const VARIANTS: Variant[] = [
  { name: 'raw-strip', args: ['-co', 'TILED=NO'], tolerance: 0, compression: 1, tiled: false },
  { name: 'raw-tiled', args: ['-co', 'TILED=YES'], tolerance: 0, compression: 1, tiled: true },
  { name: 'raw-one-strip', args: ['-co', `BLOCKYSIZE=${H}`], tolerance: 0, compression: 1, tiled: false },
  { name: 'lzw-strip', args: ['-co', 'COMPRESS=LZW'], tolerance: 0, compression: 5, tiled: false },
  {
    name: 'lzw-predictor-tiled',
    args: ['-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2', '-co', 'TILED=YES'],
    tolerance: 0,
    compression: 5,
    tiled: true,
  },
  {
    name: 'deflate-tiled-128',
    args: ['-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=128'],
    tolerance: 0,
    compression: 8,
    tiled: true,
  },
  {
    name: 'deflate-planar',
    args: ['-co', 'COMPRESS=DEFLATE', '-co', 'INTERLEAVE=BAND'],
    tolerance: 0,
    compression: 8,
    tiled: false,
  },
  { name: 'packbits', args: ['-co', 'COMPRESS=PACKBITS'], tolerance: 0, compression: 32773, tiled: false },
  {
    name: 'jpeg-ycbcr-tiled',
    args: ['-co', 'COMPRESS=JPEG', '-co', 'PHOTOMETRIC=YCBCR', '-co', 'TILED=YES'],
    tolerance: 2,
    compression: 7,
    tiled: true,
  },
  {
    name: 'jpeg-rgb-tiled',
    args: ['-co', 'COMPRESS=JPEG', '-co', 'PHOTOMETRIC=RGB', '-co', 'TILED=YES'],
    tolerance: 2,
    compression: 7,
    tiled: true,
  },
  {
    name: 'jpeg-ycbcr-strip',
    args: ['-co', 'COMPRESS=JPEG', '-co', 'PHOTOMETRIC=YCBCR', '-co', 'TILED=NO'],
    tolerance: 2,
    compression: 7,
    tiled: false,
  },
  {
    name: 'bigtiff-deflate',
    args: ['-co', 'BIGTIFF=YES', '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES'],
    tolerance: 0,
    compression: 8,
    tiled: true,
  },
  {
    name: 'big-endian-lzw',
    args: ['-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW', '-co', 'TILED=YES'],
    tolerance: 0,
    compression: 5,
    tiled: true,
  },
  {
    name: 'webp-lossless',
    args: ['-co', 'COMPRESS=WEBP', '-co', 'WEBP_LOSSLESS=YES', '-co', 'TILED=YES'],
    tolerance: 0,
    compression: 50001,
    tiled: true,
  },
  {
    name: 'cog-jpeg',
    args: ['-of', 'COG', '-co', 'COMPRESS=JPEG', '-co', 'BLOCKSIZE=256', '-co', 'OVERVIEW_COUNT=1'],
    tolerance: 2,
    compression: 7,
    tiled: true,
    overviews: 1,
  },
];

let dir = '';
let cleanup = (): void => undefined;
let rgbBin = '';
let rgbiBin = '';
const path = (name: string): string => join(dir, `${name}.tif`);

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  rgbBin = writeEnvi(dir, 'rgb', createGradientRaster(W, H, 3), W, H, 3);
  rgbiBin = writeEnvi(dir, 'rgbi', createGradientRaster(W, H, 4), W, H, 4);
  for (const v of VARIANTS) gdal('gdal_translate', ['-q', ...l93Args(W, H), ...v.args, rgbBin, path(v.name)]);
  // Internal overviews added afterwards, as technicians do with gdaladdo.
  copyFileSync(path('deflate-tiled-128'), path('with-overviews'));
  gdal('gdaladdo', ['-q', '-r', 'average', path('with-overviews'), '2', '4', '8']);
});

afterAll(() => cleanup());

describe('GeoTiffRasterSource layouts', () => {
  it.each(VARIANTS)('$name decodes to the same pixels as GDAL, georeferenced as gdalinfo says', async (v) => {
    const src = await openRasterSource(path(v.name));
    expect(src).toBeInstanceOf(GeoTiffRasterSource);
    expect(src.info).toMatchObject({
      width: W,
      height: H,
      bands: 3,
      bitsPerSample: 8,
      epsg: 2154,
      compression: v.compression,
      tiled: v.tiled,
      overviews: v.overviews ?? 0,
      hasAlpha: false,
      nodata: null,
    });
    expect(asGdalPrints(src.info.geoTransform)).toEqual(gdalInfo(path(v.name)).geoTransform);
    const rgba = await src.readWindow({ x: 0, y: 0, width: W, height: H });
    const ref = gdalDecode(dir, path(v.name));
    for (let c = 0; c < 3; c++) {
      const d = compareChannel(rgba, plane(ref, c), c);
      expect(d.max, `${v.name} band ${c + 1}`).toBeLessThanOrEqual(v.tolerance);
      expect(d.mean).toBeLessThan(v.tolerance === 0 ? 1e-9 : 0.5);
    }
    for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) throw new Error(`alpha ${rgba[i]} at ${i}`);
    await src.close();
  });

  it('windows crossing tile and strip borders match the same pixels of the GDAL decode', async () => {
    for (const name of [
      'jpeg-ycbcr-tiled',
      'jpeg-ycbcr-strip',
      'lzw-strip',
      'deflate-planar',
      'raw-one-strip',
    ]) {
      const src = await openRasterSource(path(name));
      const ref = gdalDecode(dir, path(name));
      for (const win of [
        { x: 250, y: 250, width: 20, height: 17 },
        { x: 100, y: 100, width: 180, height: 140 },
        { x: W - 1, y: H - 1, width: 1, height: 1 },
      ]) {
        const rgba = await src.readWindow(win);
        for (let c = 0; c < 3; c++) {
          const crop = cropPlane(plane(ref, c), W, win);
          expect(compareChannel(rgba, crop, c).max, `${name} ${JSON.stringify(win)}`).toBeLessThanOrEqual(3);
        }
      }
    }
  });

  it('internal overviews change nothing at full resolution', async () => {
    const plain = await openRasterSource(path('deflate-tiled-128'));
    const withOv = await openRasterSource(path('with-overviews'));
    expect(withOv.info.overviews).toBe(3);
    const win = { x: 37, y: 41, width: 250, height: 220 };
    expect(Buffer.from(await withOv.readWindow(win)).equals(Buffer.from(await plain.readWindow(win)))).toBe(
      true,
    );
  });

  it('windows at the edges and beyond the raster are transparent outside it', async () => {
    const src = await openRasterSource(path('raw-tiled'));
    const ref = gdalDecode(dir, path('raw-tiled'));
    const win = { x: -10, y: -20, width: 40, height: 30 };
    const rgba = await src.readWindow(win);
    for (let y = 0; y < win.height; y++) {
      for (let x = 0; x < win.width; x++) {
        const o = (y * win.width + x) * 4;
        const sx = win.x + x;
        const sy = win.y + y;
        if (sx < 0 || sy < 0) {
          expect(rgba[o + 3]).toBe(0);
        } else {
          expect(rgba[o + 3]).toBe(255);
          expect(rgba[o]).toBe(plane(ref, 0)[sy * W + sx]);
        }
      }
    }
    const br = await src.readWindow({ x: W - 5, y: H - 3, width: 10, height: 10 });
    let opaque = 0;
    for (let i = 3; i < br.length; i += 4) if (br[i] === 255) opaque++;
    expect(opaque).toBe(5 * 3);
    const outside = await src.readWindow({ x: W + 100, y: 0, width: 16, height: 16 });
    expect(outside.every((v) => v === 0)).toBe(true);
  });

  it('4 bands RGB+IR: band choice picks the bands (IRC = [3, 0, 1])', async () => {
    gdal('gdal_translate', [
      '-q',
      ...l93Args(W, H),
      '-co',
      'PHOTOMETRIC=RGB',
      '-co',
      'ALPHA=NO',
      rgbiBin,
      path('rgbi'),
    ]);
    const src = await openRasterSource(path('rgbi'));
    expect(src.info).toMatchObject({ bands: 4, hasAlpha: false });
    const ref = gdalDecode(dir, path('rgbi'));
    const win = { x: 0, y: 0, width: W, height: H };
    const rgb = await src.readWindow(win);
    const irc = await src.readWindow(win, { bands: [3, 0, 1] });
    expect(compareChannel(rgb, plane(ref, 0), 0).max).toBe(0);
    expect(compareChannel(rgb, plane(ref, 2), 2).max).toBe(0);
    expect(compareChannel(irc, plane(ref, 3), 0).max).toBe(0);
    expect(compareChannel(irc, plane(ref, 0), 1).max).toBe(0);
    expect(compareChannel(irc, plane(ref, 1), 2).max).toBe(0);
    expect(irc.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
    // 4 bands made from RGB with -b 1 -b 2 -b 3 -b 1: GDAL marks the 4th band alpha by default
    // (PHOTOMETRIC=RGB + ExtraSamples=alpha); we read it as GDAL does. With ALPHA=NO it is a band.
    gdal('gdal_translate', [
      '-q',
      ...l93Args(W, H),
      '-b',
      '1',
      '-b',
      '2',
      '-b',
      '3',
      '-b',
      '1',
      rgbBin,
      path('rgbr'),
    ]);
    const rgbr = await openRasterSource(path('rgbr'));
    expect(rgbr.info.hasAlpha).toBe(gdalInfo(path('rgbr')).bands[3]?.colorInterpretation === 'Alpha');
    gdal('gdal_translate', [
      '-q',
      ...l93Args(W, H),
      '-co',
      'ALPHA=NO',
      '-b',
      '1',
      '-b',
      '2',
      '-b',
      '3',
      '-b',
      '1',
      rgbBin,
      path('rgbr2'),
    ]);
    const rgbr2 = await openRasterSource(path('rgbr2'));
    expect(rgbr2.info).toMatchObject({ bands: 4, hasAlpha: false });
    const px = await rgbr2.readWindow({ x: 150, y: 100, width: 1, height: 1 }, { bands: [3, 1, 2] });
    const px0 = await rgbr2.readWindow({ x: 150, y: 100, width: 1, height: 1 });
    expect(Array.from(px)).toEqual(Array.from(px0));
  });

  it('RGBA: the alpha band becomes the alpha channel', async () => {
    gdal('gdal_translate', [
      '-q',
      ...l93Args(W, H),
      '-co',
      'PHOTOMETRIC=RGB',
      '-co',
      'ALPHA=YES',
      rgbiBin,
      path('rgba'),
    ]);
    const src = await openRasterSource(path('rgba'));
    expect(src.info).toMatchObject({ bands: 4, hasAlpha: true });
    const ref = gdalDecode(dir, path('rgba'));
    const rgba = await src.readWindow({ x: 0, y: 0, width: W, height: H });
    for (let c = 0; c < 4; c++) expect(compareChannel(rgba, plane(ref, c), c).max).toBe(0);
    await expect(src.readWindow({ x: 0, y: 0, width: 2, height: 2 }, { bands: [3, 0, 1] })).rejects.toThrow(
      /has 3 colour band\(s\).*asks for band 4/,
    );
  });

  it('an internal mask (JPEG COG style) becomes the alpha channel', async () => {
    gdal('gdal_translate', [
      '-q',
      ...l93Args(W, H),
      '--config',
      'GDAL_TIFF_INTERNAL_MASK',
      'YES',
      '-b',
      '1',
      '-b',
      '2',
      '-b',
      '3',
      '-mask',
      '4',
      '-co',
      'COMPRESS=JPEG',
      '-co',
      'PHOTOMETRIC=YCBCR',
      '-co',
      'TILED=YES',
      rgbiBin,
      path('masked'),
    ]);
    const src = await openRasterSource(path('masked'));
    expect(src.info.bands).toBe(3);
    const mask = gdalDecode(dir, path('masked'), undefined, ['-b', 'mask,1']);
    const rgba = await src.readWindow({ x: 0, y: 0, width: W, height: H });
    let zeros = 0;
    let wrong = 0;
    for (let i = 0; i < W * H; i++) {
      if (rgba[i * 4 + 3] !== (plane(mask, 0)[i] === 0 ? 0 : 255)) wrong++;
      if (plane(mask, 0)[i] === 0) zeros++;
    }
    expect(wrong).toBe(0);
    expect(zeros).toBeGreaterThan(0);
  });

  it('nodata (GDAL_NODATA): pixels whose bands all equal it get alpha 0, others stay opaque', async () => {
    const pixels = createGradientRaster(W, H, 3);
    for (let y = 100; y < 150; y++)
      for (let x = 200; x < 260; x++) pixels.fill(7, (y * W + x) * 3, (y * W + x) * 3 + 3);
    pixels.set([7, 7, 9], (10 * W + 10) * 3); // only two bands equal nodata: opaque
    const bin = writeEnvi(dir, 'nodata', pixels, W, H, 3);
    gdal('gdal_translate', [
      '-q',
      ...l93Args(W, H),
      '-a_nodata',
      '7',
      '-co',
      'TILED=YES',
      bin,
      path('nodata'),
    ]);
    const src = await openRasterSource(path('nodata'));
    expect(src.info.nodata).toBe(7);
    const rgba = await src.readWindow({ x: 0, y: 0, width: W, height: H });
    let transparent = 0;
    let wrong = 0;
    for (let i = 0; i < W * H; i++) {
      const all = pixels[i * 3] === 7 && pixels[i * 3 + 1] === 7 && pixels[i * 3 + 2] === 7;
      if (rgba[i * 4 + 3] !== (all ? 0 : 255)) wrong++;
      if (all) transparent++;
    }
    expect(wrong).toBe(0);
    expect(transparent).toBeGreaterThanOrEqual(50 * 60);
    expect(rgba[(10 * W + 10) * 4 + 3]).toBe(255);
  });

  it('one-band grey is read as R = G = B', async () => {
    gdal('gdal_translate', ['-q', ...l93Args(W, H), '-b', '2', rgbBin, path('grey')]);
    const src = await openRasterSource(path('grey'));
    const ref = gdalDecode(dir, path('grey'));
    const rgba = await src.readWindow({ x: 0, y: 0, width: W, height: H });
    for (let c = 0; c < 3; c++) expect(compareChannel(rgba, plane(ref, 0), c).max).toBe(0);
  });

  it('16-bit: rejected by default with the fix; mapped linearly to 8 bits with uint16: scale', async () => {
    gdal('gdal_translate', [
      '-q',
      ...l93Args(W, H),
      '-ot',
      'UInt16',
      '-scale',
      '0',
      '255',
      '0',
      '65535',
      '-co',
      'TILED=YES',
      '-co',
      'COMPRESS=DEFLATE',
      rgbBin,
      path('u16'),
    ]);
    await expect(openRasterSource(path('u16'))).rejects.toThrow(
      /u16\.tif" is 16-bit \(UInt16\); expected 8-bit.*gdal_translate -ot Byte/,
    );
    const src = await openRasterSource(path('u16'), { uint16: 'scale' });
    expect(src.info.bitsPerSample).toBe(16);
    const ref = gdalDecode(dir, rgbBin);
    const rgba = await src.readWindow({ x: 0, y: 0, width: W, height: H });
    for (let c = 0; c < 3; c++) expect(compareChannel(rgba, plane(ref, c), c).max).toBeLessThanOrEqual(1);
  });

  it('PixelIsPoint rasters are shifted half a pixel, as GDAL does', async () => {
    gdal('gdal_translate', ['-q', ...l93Args(W, H), '-mo', 'AREA_OR_POINT=Point', rgbBin, path('point')]);
    const src = await openRasterSource(path('point'));
    expect(asGdalPrints(src.info.geoTransform)).toEqual(gdalInfo(path('point')).geoTransform);
  });

  it('a conic zone (EPSG:3949, CC49) is read from the GeoKeys', async () => {
    gdal('gdal_translate', [
      '-q',
      '-a_srs',
      'EPSG:3949',
      '-a_ullr',
      '1704000',
      '8262400',
      '1704015',
      '8262386.5',
      rgbBin,
      path('cc49'),
    ]);
    const src = await openRasterSource(path('cc49'));
    expect(src.info.epsg).toBe(3949);
    expect(asGdalPrints(src.info.geoTransform)).toEqual(gdalInfo(path('cc49')).geoTransform);
  });

  it('honours an AbortSignal', async () => {
    const src = await openRasterSource(path('jpeg-ycbcr-tiled'));
    const ac = new AbortController();
    ac.abort();
    await expect(
      src.readWindow({ x: 0, y: 0, width: 64, height: 64 }, { signal: ac.signal }),
    ).rejects.toThrow(/abort/i);
  });
});
