import { describe, expect, it } from 'vitest';
import { DataError } from '../../../tiling/core';
import { MemoryByteReader } from '../../../tiling/source';
import { parseTiff } from '../../../tiling/source/tiff-ifd';

/** A little-endian classic TIFF header pointing at `firstIfd`, then one IFD (1 entry) at 8 pointing to `next`. */
function tinyTiff(next: number): Uint8Array {
  const b = new Uint8Array(8 + 2 + 12 + 4);
  const dv = new DataView(b.buffer);
  b.set([0x49, 0x49], 0);
  dv.setUint16(2, 42, true);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, 1, true);
  dv.setUint16(10, 256, true); // ImageWidth
  dv.setUint16(12, 3, true); // SHORT
  dv.setUint32(14, 1, true);
  dv.setUint16(18, 7, true);
  dv.setUint32(22, next, true);
  return b;
}

describe('parseTiff', () => {
  it('reads the IFD chain of a minimal TIFF', async () => {
    const tiff = await parseTiff(new MemoryByteReader(tinyTiff(0), 'tiny.tif'));
    expect(tiff).toMatchObject({ littleEndian: true, bigTiff: false });
    expect(tiff.ifds).toHaveLength(1);
    expect(tiff.ifds[0]?.entries.get(256)?.inline?.[0]).toBe(7);
  });

  it('refuses loops, bad magic and IFDs past the end, naming the file', async () => {
    const loop = parseTiff(new MemoryByteReader(tinyTiff(8), 'loop.tif'));
    await expect(loop).rejects.toThrow(
      /dalle "loop.tif" is not a readable TIFF: IFD chain loops back to offset 8/,
    );
    const bad = tinyTiff(0);
    bad[2] = 44;
    await expect(parseTiff(new MemoryByteReader(bad, 'v44.tif'))).rejects.toThrow(
      /TIFF version 44, expected 42/,
    );
    const past = tinyTiff(0);
    new DataView(past.buffer).setUint32(4, 4000, true);
    await expect(parseTiff(new MemoryByteReader(past, 'past.tif'))).rejects.toBeInstanceOf(DataError);
  });
});
