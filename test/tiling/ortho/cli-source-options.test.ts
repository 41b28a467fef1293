/**
 * `--crs` and `--uint16 scale` through the command line, with a worker thread (the options must
 * reach the workers, not only the checks): a dalle without CRS and a 16-bit dalle are refused
 * with the flag to pass, then tiled with it, the same as their fixed 8-bit, georeferenced twins.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../snapshot';
import { gdal } from '../source/helpers';

const CLI = process.env.TILING_CLI ?? 'tiling/cli/bin.ts';
const root = mkdtempSync(join(tmpdir(), 'tiling-cli-opts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const S = 400; // 20 m at 5 cm
const X0 = 708000;
const Y0 = 7058000;
const ULLR = ['-a_ullr', String(X0), String(Y0), String(X0 + S * 0.05), String(Y0 - S * 0.05)];

function tiling(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** The tiles of a pyramid ({z}/... files), relative path -> bytes. */
function tiles(dir: string): Map<string, Buffer> {
  return new Map([...snapshot(dir)].filter(([k]) => /^\d+\//.test(k)));
}

const ZOOMS = ['--min-zoom', '19', '--max-zoom', '21', '-j', '1'];

beforeAll(async () => {
  mkdirSync(join(root, 'in'), { recursive: true });
  // 16-bit values 0..4000 with a texture; its 8-bit twin is GDAL's own -scale of the same file.
  const raw = Buffer.alloc(S * S * 3 * 2);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      for (let b = 0; b < 3; b++) {
        const v = Math.round(2000 + 1900 * Math.sin((x + 40 * b) / 23) * Math.cos(y / 31));
        raw.writeUInt16LE(v, ((y * S + x) * 3 + b) * 2);
      }
    }
  }
  const rawPath = join(root, 'u16.raw');
  writeFileSync(rawPath, raw);
  writeFileSync(
    join(root, 'u16.hdr'),
    `ENVI\nsamples = ${S}\nlines = ${S}\nbands = 3\nheader offset = 0\nfile type = ENVI Standard\ndata type = 12\ninterleave = bip\nbyte order = 0\n`,
  );
  const u16 = join(root, 'in', 'u16.tif');
  gdal('gdal_translate', ['-q', '-of', 'GTiff', '-a_srs', 'EPSG:2154', ...ULLR, rawPath, u16]);
  gdal('gdal_translate', ['-q', '-ot', 'Byte', '-scale', '0', '4000', '0', '255', u16, join(root, 'u8.tif')]);
  // 8-bit texture with and without CRS.
  const px = Buffer.alloc(S * S * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7 + (i >> 9)) & 255;
  const png = join(root, 'rgb.png');
  await sharp(px, { raw: { width: S, height: S, channels: 3 } })
    .png()
    .toFile(png);
  gdal('gdal_translate', ['-q', ...ULLR, png, join(root, 'in', 'nocrs.tif')]);
  gdal('gdal_translate', ['-q', '-a_srs', 'EPSG:2154', ...ULLR, png, join(root, 'withcrs.tif')]);
});

describe('tiling run --crs / --uint16', () => {
  it('refuses a dalle without CRS naming --crs, then tiles it as if the CRS were in the file', () => {
    const refused = tiling(['run', join(root, 'in', 'nocrs.tif'), '--out', join(root, 'o-nocrs'), ...ZOOMS]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/nocrs\.tif" has no CRS.*Pass --crs 2154/);

    const assumed = tiling([
      'run',
      join(root, 'in', 'nocrs.tif'),
      '--out',
      join(root, 'o-crs'),
      '--crs',
      'EPSG:2154',
      ...ZOOMS,
    ]);
    expect(assumed.stderr).not.toMatch(/error/i);
    expect(assumed.status).toBe(0);
    const fixed = tiling(['run', join(root, 'withcrs.tif'), '--out', join(root, 'o-fixed'), ...ZOOMS]);
    expect(fixed.status).toBe(0);
    const a = tiles(join(root, 'o-crs'));
    const b = tiles(join(root, 'o-fixed'));
    expect(a.size).toBeGreaterThan(3);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [k, v] of a) expect(v.equals(b.get(k) as Buffer), k).toBe(true);
  });

  it('refuses a 16-bit dalle naming --uint16 scale, then scales it like gdal_translate -scale', async () => {
    const refused = tiling(['run', join(root, 'in', 'u16.tif'), '--out', join(root, 'o-u16r'), ...ZOOMS]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/u16\.tif" is 16-bit.*--uint16 scale/);

    const scaled = tiling([
      'run',
      join(root, 'in', 'u16.tif'),
      '--out',
      join(root, 'o-u16'),
      '--uint16',
      'scale',
      '--uint16-range',
      '0,4000',
      '--format',
      'png',
      ...ZOOMS,
    ]);
    expect(scaled.stderr).not.toMatch(/error/i);
    expect(scaled.status).toBe(0);
    const ref = tiling([
      'run',
      join(root, 'u8.tif'),
      '--out',
      join(root, 'o-u8'),
      '--format',
      'png',
      ...ZOOMS,
    ]);
    expect(ref.status).toBe(0);
    const a = tiles(join(root, 'o-u16'));
    const b = tiles(join(root, 'o-u8'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    let worst = 0;
    for (const [k, v] of a) {
      const pa = await sharp(v).ensureAlpha().raw().toBuffer();
      const pb = await sharp(b.get(k) as Buffer)
        .ensureAlpha()
        .raw()
        .toBuffer();
      for (let i = 0; i < pa.length; i++) worst = Math.max(worst, Math.abs((pa[i] ?? 0) - (pb[i] ?? 0)));
    }
    // Rounding of the linear map may differ by one level, then bilinear resampling spreads it.
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('names each bad flag value', () => {
    const r = tiling([
      'run',
      join(root, 'in', 'u16.tif'),
      '--out',
      join(root, 'o-bad'),
      '--crs',
      'lambert',
      '--uint16',
      'clip',
      '--uint16-range',
      '10,5',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--crs must be an EPSG code like 2154 or EPSG:3949, got "lambert"/);
    expect(r.stderr).toMatch(/--uint16 must be reject or scale, got "clip"/);
    expect(r.stderr).toMatch(/--uint16-range must be two integers <min>,<max>.*got "10,5"/);
  });
});
