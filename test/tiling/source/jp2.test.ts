/**
 * JPEG 2000 dalles (as IGN delivers PCRS: lossy about 1:10, 1,024 px tiles, resolution levels,
 * GeoJP2 + GMLJP2) made by GDAL from the sample's GeoTIFF dalles: read window by window with Grok
 * or GDAL (same pixels), at reduced resolution levels, and tiled to within the GeoTIFF dalles'
 * pixels with the same georeferencing. Corrupt files are errors naming the file.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, type RasterSource } from '../../../tiling/core';
import { writePyramidMetadata } from '../../../tiling/ortho';
import { planPyramid } from '../../../tiling/plan';
import { writeSample } from '../../../tiling/sample';
import { Jp2RasterSource, openRasterSource } from '../../../tiling/source';
import type { MemoryTileTarget } from '../../../tiling/write';
import { runPlanInline } from '../ortho/helpers';
import {
  asGdalPrints,
  gdal,
  gdalDecode,
  gdalInfo,
  JP2_OPTIONS,
  makeTempDir,
  psnrDb,
  rgbSquaredError,
} from './helpers';

/** Side of each test dalle (cut from the sample's 4,000 px dalle), in pixels. */
const SIDE = 1024;
/** Lowest PSNR accepted between JP2 and GeoTIFF tiles (measured: 50.1 dB over all tiles, worst tile 48.4 dB). */
const MIN_PSNR_DB = 45;

let dir = '';
let cleanup = (): void => undefined;
const tifs: string[] = [];
const jp2s: string[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir('tiling-jp2-'));
  const sample = join(dir, 'sample');
  await writeSample({ outDir: sample, sizeMetres: 200, seed: 1, workers: 0 });
  const vintage = join(sample, 'ortho', '2024');
  const [dalle] = readdirSync(vintage).filter((f) => f.endsWith('.tif'));
  const src = join(vintage, dalle as string);
  mkdirSync(join(dir, 'tif'));
  mkdirSync(join(dir, 'jp2'));
  // Two side-by-side dalles on the sample's pixel grid: JPEG GeoTIFF as the sample's, and JP2.
  for (const [i, x] of [1024, 2048].entries()) {
    const tif = join(dir, 'tif', `d${i}.tif`);
    gdal('gdal_translate', [
      '-q',
      ...['-srcwin', `${x}`, '1024', `${SIDE}`, `${SIDE}`],
      ...['-co', 'TILED=YES', '-co', 'COMPRESS=JPEG', '-co', 'PHOTOMETRIC=YCBCR', '-co', 'JPEG_QUALITY=90'],
      src,
      tif,
    ]);
    const jp2 = join(dir, 'jp2', `d${i}.jp2`);
    gdal('gdal_translate', ['-q', ...JP2_OPTIONS, tif, jp2]);
    tifs.push(tif);
    jp2s.push(jp2);
  }
}, 180_000);
afterAll(() => cleanup());

describe('Jp2RasterSource', () => {
  it('reads the header and georeferencing GDAL reads, with its resolution levels', async () => {
    const src = await openRasterSource(jp2s[0] as string);
    expect(src).toBeInstanceOf(Jp2RasterSource);
    const j = src as Jp2RasterSource;
    expect(
      j.decoder,
      'grk_decompress (Debian grokj2k-tools) is the faster decoder, chosen when installed',
    ).toBe('grok');
    expect(j.info).toMatchObject({ width: SIDE, height: SIDE, bands: 3, bitsPerSample: 8, epsg: 2154 });
    expect(asGdalPrints(j.info.geoTransform)).toEqual(gdalInfo(tifs[0] as string).geoTransform);
    expect(j.levels).toBe(gdalInfo(jp2s[0] as string).bands[0]?.overviews?.length);
    expect(j.levels).toBeGreaterThanOrEqual(3);
    await src.close();
  });

  it('windows (inside, across the edge, at reduced levels) are the pixels GDAL decodes', async () => {
    const path = jp2s[0] as string;
    const src = await Jp2RasterSource.open(path);
    const windows = [
      { level: 0, w: { x: 300, y: 200, width: 700, height: 513 } },
      { level: 0, w: { x: -5, y: SIDE - 100, width: 120, height: 130 } }, // left and bottom edges
      { level: 1, w: { x: 100, y: 37, width: 300, height: 200 } },
      { level: 3, w: { x: 0, y: 0, width: SIDE / 8, height: SIDE / 8 } },
    ];
    for (const { level, w } of windows) {
      const rgba = await src.readReducedWindow(w, level);
      const s = 2 ** level;
      const x0 = Math.max(0, w.x);
      const y0 = Math.max(0, w.y);
      const x1 = Math.min(SIDE / s, w.x + w.width);
      const y1 = Math.min(SIDE / s, w.y + w.height);
      // GDAL reads the JPEG 2000 resolution level itself for an exact 2^level -outsize.
      const ref = gdalDecode(
        dir,
        path,
        { x: x0 * s, y: y0 * s, width: (x1 - x0) * s, height: (y1 - y0) * s },
        level > 0 ? ['-outsize', `${x1 - x0}`, `${y1 - y0}`, '-r', 'nearest'] : [],
      );
      let diff = 0;
      for (let y = 0; y < w.height; y++) {
        for (let x = 0; x < w.width; x++) {
          const o = (y * w.width + x) * 4;
          const inside = w.x + x >= x0 && w.x + x < x1 && w.y + y >= y0 && w.y + y < y1;
          if (!inside) {
            if (rgba[o + 3] !== 0) diff++;
            continue;
          }
          const r = (w.y + y - y0) * (x1 - x0) + (w.x + x - x0);
          for (let c = 0; c < 3; c++) if (rgba[o + c] !== ref.planes[c]?.[r]) diff++;
          if (rgba[o + 3] !== 255) diff++;
        }
      }
      expect(diff, `level ${level} window ${JSON.stringify(w)}`).toBe(0);
    }
    await src.close();
  });

  it('Grok and GDAL decode the same pixels; GDAL leaves no temporary file', async () => {
    const path = jp2s[1] as string;
    const tmp = join(dir, 'gdal-tmp');
    mkdirSync(tmp, { recursive: true });
    const grok = await Jp2RasterSource.open(path, { jp2Decoder: 'grok' });
    const viaGdal = await Jp2RasterSource.open(path, { jp2Decoder: 'gdal', tempDir: tmp });
    expect(grok.decoder).toBe('grok');
    expect(viaGdal.decoder).toBe('gdal');
    for (const [level, w] of [
      [0, { x: 511, y: 0, width: 513, height: 1024 }],
      [2, { x: 10, y: 20, width: 246, height: 236 }],
    ] as const) {
      const a = await grok.readReducedWindow(w, level);
      const b = await viaGdal.readReducedWindow(w, level);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    }
    await Promise.all([grok.close(), viaGdal.close()]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('without Grok, auto falls back to GDAL; asking for Grok then names the package', async () => {
    const empty = join(dir, 'no-grok-here');
    mkdirSync(empty, { recursive: true });
    const src = await Jp2RasterSource.open(jp2s[0] as string, { grokBinDir: empty });
    expect(src.decoder).toBe('gdal');
    expect((await src.readWindow({ x: 0, y: 0, width: 16, height: 16 }))[3]).toBe(255);
    await src.close();
    const e = await Jp2RasterSource.open(jp2s[0] as string, { grokBinDir: empty, jp2Decoder: 'grok' }).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toContain(`"${jp2s[0]}"`);
    expect((e as Error).message).toContain('apt-get install grokj2k-tools');
  });

  it('a corrupt JPEG 2000 dalle is a DataError naming the file (at open, or at the window read)', async () => {
    const good = readFileSync(jp2s[0] as string);
    const header = join(dir, 'header-only.jp2');
    writeFileSync(header, good.subarray(0, 300));
    const e1 = await openRasterSource(header).catch((err: unknown) => err);
    expect(e1).toBeInstanceOf(DataError);
    expect((e1 as Error).message).toContain(`"${header}"`);

    // Cut short (a failed copy): Grok would decode it without an error, grey where data is missing.
    const cut = join(dir, 'truncated.jp2');
    writeFileSync(cut, good.subarray(0, Math.floor(good.length * 0.4)));
    const e2 = await openRasterSource(cut).catch((err: unknown) => err);
    expect(e2).toBeInstanceOf(DataError);
    expect((e2 as Error).message).toContain(`"${cut}" is truncated or corrupt: its codestream ends at byte`);
    expect((e2 as Error).message).toContain('download it again');

    // Whole length, but the last tile's header damaged (a bad copy): Grok alone would decode it
    // as flat grey with exit status 0; both decoders' reads fail, naming the file and the window.
    const tiled = join(dir, 'tiled-512.jp2');
    gdal('gdal_translate', [
      '-q',
      ...JP2_OPTIONS.map((o) => o.replace('=1024', '=512')),
      tifs[0] as string,
      tiled,
    ]);
    const bytes = Buffer.from(readFileSync(tiled));
    const sot = bytes.lastIndexOf(Buffer.from([0xff, 0x90]));
    expect(sot).toBeGreaterThan(0);
    bytes.fill(0x12, sot, sot + 12);
    const damaged = join(dir, 'damaged.jp2');
    writeFileSync(damaged, bytes);
    for (const jp2Decoder of ['grok', 'gdal'] as const) {
      const src = await Jp2RasterSource.open(damaged, { jp2Decoder });
      const e3 = await src
        .readWindow({ x: 0, y: SIDE - 64, width: SIDE, height: 64 })
        .catch((err: unknown) => err);
      expect(e3, jp2Decoder).toBeInstanceOf(DataError);
      expect((e3 as Error).message).toContain(`"${damaged}" cannot be decoded (window x=0 y=960 1024x64`);
      expect((e3 as Error).message).toContain('corrupt or truncated');
      await src.close();
    }
  });
});

describe('tiling JPEG 2000 dalles', () => {
  it('gives the tiles of the GeoTIFF dalles: same addresses and TileJSON, pixels within the PSNR bound', async () => {
    const open = async (paths: string[]): Promise<RasterSource[]> =>
      Promise.all(paths.map((p) => openRasterSource(p)));
    const tifSources = await open(tifs);
    const jp2Sources = await open(jp2s);
    const planTif = planPyramid(
      tifSources.map((s) => s.info),
      { minZoom: 17 },
    );
    const planJp2 = planPyramid(
      jp2Sources.map((s) => s.info),
      { minZoom: 17 },
    );
    expect(planJp2.jobs.map((j) => j.id)).toEqual(planTif.jobs.map((j) => j.id));
    expect(planJp2.boundsLonLat).toEqual(planTif.boundsLonLat);
    const a = (await runPlanInline(planTif, tifSources)).target as MemoryTileTarget;
    const b = (await runPlanInline(planJp2, jp2Sources)).target as MemoryTileTarget;
    await writePyramidMetadata(planTif, a, { name: 'ortho', attribution: 'test', baseUrl: '' });
    await writePyramidMetadata(planJp2, b, { name: 'ortho', attribution: 'test', baseUrl: '' });
    expect(b.files.get('tilejson.json')).toEqual(a.files.get('tilejson.json'));
    expect([...b.tiles.keys()].sort()).toEqual([...a.tiles.keys()].sort());
    expect(a.tiles.size).toBeGreaterThan(20);
    let sse = 0;
    let n = 0;
    let worst = Number.POSITIVE_INFINITY;
    for (const [key, ta] of a.tiles) {
      const r = rgbSquaredError(ta, b.tiles.get(key) as Uint8Array);
      expect(r.alphaDiff, key).toBe(0);
      sse += r.sse;
      n += r.n;
      if (r.n > 0) worst = Math.min(worst, psnrDb(r.sse, r.n));
    }
    const overall = psnrDb(sse, n);
    console.log(`JP2 vs GeoTIFF tiles: ${overall.toFixed(1)} dB overall, worst tile ${worst.toFixed(1)} dB`);
    expect(overall).toBeGreaterThanOrEqual(MIN_PSNR_DB);
    expect(worst).toBeGreaterThanOrEqual(MIN_PSNR_DB - 3);
    await Promise.all([...tifSources, ...jp2Sources].map((s) => s.close()));
  }, 120_000);
});
