import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawTile } from '../../../tiling/encode';
import { createSharpTileEncoder } from '../../../tiling/encode';

function tile(coverage: 'opaque' | 'partial', seed: number): RawTile {
  const rgba = new Uint8Array(256 * 256 * 4);
  for (let i = 0; i < 256 * 256; i++) {
    rgba[i * 4] = (i * 7 + seed) & 255;
    rgba[i * 4 + 1] = (i >> 8) + seed;
    rgba[i * 4 + 2] = ((i & 255) * 3) & 255;
    rgba[i * 4 + 3] = coverage === 'partial' && i % 256 < 64 ? 0 : 255;
  }
  return { rgba, width: 256, height: 256, coverage };
}

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50;
const isWebp = (b: Uint8Array) => Buffer.from(b.subarray(8, 12)).toString() === 'WEBP';

describe('sharp tile encoder', () => {
  it('jpeg format: JPEG for opaque tiles, PNG with alpha for partial edge tiles, in batch order', async () => {
    const enc = createSharpTileEncoder(sharp, { format: 'jpeg' });
    expect(enc.extension).toBe('jpg');
    const tiles = [tile('opaque', 1), tile('partial', 2), tile('opaque', 3)];
    const out = await enc.encode(tiles);
    expect(out.map((b) => (isJpeg(b) ? 'jpeg' : isPng(b) ? 'png' : '?'))).toEqual(['jpeg', 'png', 'jpeg']);
    const png = await sharp(out[1] as Uint8Array)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(png.info.channels).toBe(4);
    expect(Buffer.compare(png.data, Buffer.from((tiles[1] as RawTile).rgba))).toBe(0); // lossless, alpha kept
    const jpg = await sharp(out[2] as Uint8Array)
      .raw()
      .toBuffer();
    let err = 0;
    for (let i = 0; i < 256 * 256; i++)
      err += Math.abs((jpg[i * 3 + 2] as number) - ((tiles[2] as RawTile).rgba[i * 4 + 2] as number));
    expect(err / 65536).toBeLessThan(6);
  });

  it('webp format keeps alpha in every tile', async () => {
    const enc = createSharpTileEncoder(sharp, { format: 'webp' });
    const [a, b] = await enc.encode([tile('opaque', 1), tile('partial', 2)]);
    expect(isWebp(a as Uint8Array) && isWebp(b as Uint8Array)).toBe(true);
    const meta = await sharp(b as Uint8Array).metadata();
    expect(meta.hasAlpha).toBe(true);
  });

  it('same tiles, same bytes', async () => {
    const enc = createSharpTileEncoder(sharp, {});
    const tiles = [tile('opaque', 5), tile('partial', 6)];
    const [a, b] = [await enc.encode(tiles), await enc.encode(tiles)];
    for (let i = 0; i < 2; i++)
      expect(Buffer.compare(Buffer.from(a[i] as Uint8Array), Buffer.from(b[i] as Uint8Array))).toBe(0);
  });

  it('bad options are a DataError listing each problem', () => {
    expect(() => createSharpTileEncoder(sharp, { quality: 0, webpEffort: 9 })).toThrow(
      /quality must be[\s\S]*webpEffort must be/,
    );
  });
});
