import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { mercatorToPixel, tileToMercatorBounds } from '../../../format/grid';
import { planPyramid } from '../../../tiling/plan';
import { createFunctionRaster, createGradientRaster } from '../../../tiling/source/memory';
import type { MemoryTileTarget } from '../../../tiling/write';
import { runPlanInline } from './helpers';

describe('georeferencing', () => {
  it('a pixel with a known Lambert-93 position lands at the right Web Mercator pixel (within one pixel)', async () => {
    // A grey dalle with a 3x3 red marker centred on the centre of pixel (201, 151):
    // Lambert-93 (708010.075, 7057992.425).
    const marker = createFunctionRaster(
      400,
      300,
      3,
      (_x, _y, b, col, row) =>
        (Math.abs(col - 201) <= 1 && Math.abs(row - 151) <= 1 ? [255, 0, 0][b] : 128) as number,
      { id: 'marker.tif', geoTransform: [708000, 0.05, 0, 7058000, 0, -0.05] },
    );
    const plan = planPyramid([marker.info], { maxZoom: 21, minZoom: 19 });
    const tiles = ((await runPlanInline(plan, [marker])).target as MemoryTileTarget).tiles;
    // Reference: gdaltransform -s_srs EPSG:2154 -t_srs EPSG:3857 <<< "708010.075 7057992.425"
    // -> 346536.855667235 6554155.28148318 (GDAL 3.6.2).
    const [ex, ey] = mercatorToPixel(346536.855667235, 6554155.28148318, 21);
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (const [key, rgba] of tiles) {
      const [z, tx, ty] = key.split('/').map(Number) as [number, number, number];
      if (z !== 21) continue;
      for (let i = 0; i < 256 * 256; i++) {
        const r = rgba[i * 4] as number;
        const g = rgba[i * 4 + 1] as number;
        if (r > 200 && g < 60 && rgba[i * 4 + 3] === 255) {
          sx += tx * 256 + (i % 256) + 0.5;
          sy += ty * 256 + Math.floor(i / 256) + 0.5;
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(0);
    expect(Math.abs(sx / n - ex)).toBeLessThan(1);
    expect(Math.abs(sy / n - ey)).toBeLessThan(1);
  });
});

const GDAL = existsSync('/usr/bin/gdalwarp') && existsSync('/usr/bin/gdal_translate');
const dir = mkdtempSync(join(tmpdir(), 'tiling-gdal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!GDAL)('agreement with GDAL', () => {
  it('z21 tiles match gdalwarp -t_srs EPSG:3857 -r bilinear of the same dalle', async () => {
    const W = 800;
    const H = 700;
    const gt = [708100, 0.05, 0, 7057600, 0, -0.05] as const;
    const src = createGradientRaster(W, H, 3, { id: 'gdal.tif', geoTransform: gt });
    // The same pixels as a GeoTIFF, written by GDAL.
    const png = join(dir, 'src.png');
    await sharp(src.pixels, { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toFile(png);
    const tif = join(dir, 'src.tif');
    execFileSync('gdal_translate', [
      '-q',
      '-a_srs',
      'EPSG:2154',
      '-a_ullr',
      '708100',
      '7057600',
      '708140',
      '7057565',
      png,
      tif,
    ]);

    const plan = planPyramid([src.info], { maxZoom: 21, minZoom: 20 });
    const tiles = ((await runPlanInline(plan, [src])).target as MemoryTileTarget).tiles;
    const full = [...tiles.entries()].filter(
      ([k, v]) => k.startsWith('21/') && v.every((x, i) => i % 4 !== 3 || x === 255),
    );
    expect(full.length).toBeGreaterThan(0);
    let worst = 0;
    let sum = 0;
    let count = 0;
    for (const [key, rgba] of full.slice(0, 3)) {
      const [z, x, y] = key.split('/').map(Number) as [number, number, number];
      const b = tileToMercatorBounds({ z, x, y });
      const out = join(dir, `${z}-${x}-${y}.tif`);
      execFileSync('gdalwarp', [
        '-q',
        '-overwrite',
        '-t_srs',
        'EPSG:3857',
        '-te',
        String(b.minX),
        String(b.minY),
        String(b.maxX),
        String(b.maxY),
        '-ts',
        '256',
        '256',
        '-r',
        'bilinear',
        '-et',
        '0',
        tif,
        out,
      ]);
      const ref = await sharp(readFileSync(out)).raw().toBuffer();
      for (let i = 0; i < 256 * 256; i++) {
        for (let c = 0; c < 3; c++) {
          const d = Math.abs((rgba[i * 4 + c] as number) - (ref[i * 3 + c] as number));
          worst = Math.max(worst, d);
          sum += d;
          count++;
        }
      }
    }
    // Same positions to a small fraction of a pixel: the gradient moves up to ~25 levels a pixel,
    // so a shift of 0.05 px would already show as ~1 level on average. Measured: 2e-5 mean, 1 max.
    expect(sum / count).toBeLessThan(0.05);
    expect(worst).toBeLessThanOrEqual(1);
    writeFileSync(join(dir, 'done'), '');
  });
});
