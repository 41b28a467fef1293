/**
 * The PMTiles v3 writer, read back with the pmtiles 4.5.0 reader (the format's reference library):
 * every tile's bytes, the header, metadata, dedup of identical tiles, leaf directories.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PMTiles, TileType } from 'pmtiles';
import { afterAll, describe, expect, it } from 'vitest';
import type { TileAddress } from '../../../tiling/core';
import { writePmtiles } from '../../../tiling/storage/pmtiles';
import { BufferSource } from './cli';

mkdirSync('.tmp', { recursive: true });
const root = mkdtempSync(join(process.cwd(), '.tmp', 'pmtiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fake JPEG: SOI marker then bytes that depend on the tile (or not, for `same`). */
function jpeg(t: TileAddress, same = false): Uint8Array {
  const text = same ? 'sea' : `${t.z}/${t.x}/${t.y}`;
  return Uint8Array.from([0xff, 0xd8, ...Buffer.from(text)]);
}

describe('writePmtiles', () => {
  it('writes a v3 archive the pmtiles reader reads back tile for tile, with its header and metadata', async () => {
    const tiles = new Map<string, Uint8Array>();
    const list: TileAddress[] = [];
    for (let z = 10; z <= 12; z++) {
      const n = 2 ** (z - 10);
      for (let x = 520 * n; x < 520 * n + 2 * n; x++) {
        for (let y = 340 * n; y < 340 * n + 2 * n; y++) {
          const t = { z, x, y };
          list.push(t);
          // A quarter of z12 is "sea": the same bytes (stored once); one tile is missing.
          if (z === 12 && x === 520 * n && y === 340 * n) continue;
          tiles.set(`${z}/${x}/${y}`, jpeg(t, z === 12 && x % 2 === 0));
        }
      }
    }
    const path = join(root, 'small.pmtiles');
    const r = await writePmtiles(path, list, async (t) => tiles.get(`${t.z}/${t.x}/${t.y}`) ?? null, {
      boundsLonLat: { minX: 2.8, minY: 50.5, maxX: 3.2, maxY: 50.7 },
      minZoom: 10,
      maxZoom: 12,
      metadata: { name: 'ortho 2021', attribution: 'PCRS' },
    });
    expect(r.tiles).toBe(tiles.size);
    expect(r.contents).toBeLessThan(tiles.size);
    const p = new PMTiles(new BufferSource(readFileSync(path)));
    const h = await p.getHeader();
    expect(h).toMatchObject({
      specVersion: 3,
      tileType: TileType.Jpeg,
      minZoom: 10,
      maxZoom: 12,
      numAddressedTiles: tiles.size,
      clustered: true,
    });
    expect(h.minLon).toBeCloseTo(2.8, 6);
    expect(h.maxLat).toBeCloseTo(50.7, 6);
    expect(await p.getMetadata()).toEqual({ name: 'ortho 2021', attribution: 'PCRS' });
    for (const t of list) {
      const got = await p.getZxy(t.z, t.x, t.y);
      const want = tiles.get(`${t.z}/${t.x}/${t.y}`);
      if (!want) expect(got, `${t.z}/${t.x}/${t.y}`).toBeUndefined();
      else expect(Buffer.from((got as { data: ArrayBuffer }).data).equals(Buffer.from(want))).toBe(true);
    }
  });

  it('splits a directory too big for the first 16 KiB into leaf directories', async () => {
    // 40,000 tiles of irregular sizes, a third of them missing: a directory that does not compress away.
    const list: TileAddress[] = [];
    for (let x = 0; x < 200; x++)
      for (let y = 0; y < 200; y++) list.push({ z: 14, x: 8000 + x, y: 5000 + y });
    const size = (t: TileAddress) => ((t.x * 7919 + t.y * 104_729) % 997) + 2;
    const present = (t: TileAddress) => (t.x * 31 + t.y * 17) % 3 !== 0;
    const bytesOf = (t: TileAddress) => {
      const b = new Uint8Array(size(t)).fill(t.x % 251);
      b[0] = 0xff;
      b[1] = 0xd8;
      return b;
    };
    const path = join(root, 'big.pmtiles');
    await writePmtiles(path, list, async (t) => (present(t) ? bytesOf(t) : null), {
      boundsLonLat: { minX: 0, minY: 0, maxX: 1, maxY: 1 },
      minZoom: 14,
      maxZoom: 14,
      metadata: {},
    });
    const p = new PMTiles(new BufferSource(readFileSync(path)));
    const h = await p.getHeader();
    expect(h.leafDirectoryLength).toBeGreaterThan(0);
    expect(h.rootDirectoryOffset + h.rootDirectoryLength).toBeLessThanOrEqual(16_384);
    for (let i = 0; i < list.length; i += 97) {
      const t = list[i] as TileAddress;
      const got = await p.getZxy(t.z, t.x, t.y);
      if (!present(t)) expect(got).toBeUndefined();
      else
        expect(Buffer.from((got as { data: ArrayBuffer }).data).equals(Buffer.from(bytesOf(t)))).toBe(true);
    }
  });

  it('refuses to write an empty archive, in words', async () => {
    await expect(
      writePmtiles(join(root, 'none.pmtiles'), [{ z: 1, x: 0, y: 0 }], async () => null, {
        boundsLonLat: { minX: 0, minY: 0, maxX: 1, maxY: 1 },
        minZoom: 1,
        maxZoom: 1,
        metadata: {},
      }),
    ).rejects.toThrow(/no tile to pack/);
  });
});
