/**
 * The packed layout's contract (format/packed-pyramid.ts) and the dev server's middleware over it
 * (format/node/serve-packed.ts, as vite.config.ts mounts it), on a small packed pyramid written with
 * the tiling's PMTiles writer: which archive holds a tile, the index's checks, tiles answered with
 * their bytes and type, 404 outside, other folders left to the next handler, a damaged archive a
 * 500 in words and logged.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPackedTileMiddleware } from '../../format/node/serve-packed';
import { PACKED_INDEX, PackedIndexSchema, packArchiveName, packArchiveOf } from '../../format/packed-pyramid';
import { pmtilesBytes } from '../../tiling/storage/pmtiles';

const index = {
  packed: 1,
  archive: 'pmtiles',
  extension: 'jpg',
  minZoom: 16,
  maxZoom: 21,
  bands: [
    { rootZoom: 16, maxZoom: 17 },
    { rootZoom: 18, maxZoom: 21 },
  ],
  fingerprint: 'f',
} as const;

describe('packArchiveOf', () => {
  it('names the job root of the band holding the tile', () => {
    expect(packArchiveOf(index, { z: 21, x: 1066720, y: 705600 })).toEqual({ z: 18, x: 133340, y: 88200 });
    expect(packArchiveOf(index, { z: 18, x: 133340, y: 88200 })).toEqual({ z: 18, x: 133340, y: 88200 });
    expect(packArchiveOf(index, { z: 17, x: 66670, y: 44100 })).toEqual({ z: 16, x: 33335, y: 22050 });
    expect(packArchiveName({ z: 18, x: 1, y: 2 })).toBe('packs/18/1/2.pmtiles');
  });
  it('has none for a zoom outside the pyramid', () => {
    expect(packArchiveOf(index, { z: 15, x: 0, y: 0 })).toBeNull();
    expect(packArchiveOf(index, { z: 22, x: 0, y: 0 })).toBeNull();
  });
  it('the index schema refuses bands with a gap or not reaching maxZoom', () => {
    expect(PackedIndexSchema.safeParse(index).success).toBe(true);
    const gap = {
      ...index,
      bands: [
        { rootZoom: 16, maxZoom: 16 },
        { rootZoom: 18, maxZoom: 21 },
      ],
    };
    expect(PackedIndexSchema.safeParse(gap).success).toBe(false);
    const short = { ...index, bands: [{ rootZoom: 16, maxZoom: 20 }] };
    expect(PackedIndexSchema.safeParse(short).success).toBe(false);
  });
});

describe('the packed tile middleware (dev server)', () => {
  const root = mkdtempSync(join(tmpdir(), 'packed-mw-'));
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9]);
  let server: Server;
  let url = '';
  const logged = vi.fn();

  const put = (path: string, bytes: Uint8Array | string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  };

  beforeAll(async () => {
    put(`p/${PACKED_INDEX}`, JSON.stringify(index));
    const archive = pmtilesBytes(
      [
        { tile: { z: 18, x: 4, y: 8 }, bytes: jpeg },
        { tile: { z: 19, x: 9, y: 17 }, bytes: png },
      ],
      { boundsLonLat: { minX: 0, minY: 0, maxX: 1, maxY: 1 }, minZoom: 18, maxZoom: 21, metadata: {} },
    ) as Uint8Array;
    put(`p/${packArchiveName({ z: 18, x: 4, y: 8 })}`, archive);
    put(`d/${PACKED_INDEX}`, JSON.stringify(index));
    put(`d/${packArchiveName({ z: 18, x: 4, y: 8 })}`, archive.subarray(0, 140));
    put('plain/18/4/8.jpg', jpeg);
    const mw = createPackedTileMiddleware(root, { onError: logged });
    server = createServer((req, res) =>
      mw(req, res, () => {
        res.statusCode = 418;
        res.end('next');
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(root, { recursive: true, force: true });
  });

  it('answers tiles from their archive with the type of their bytes', async () => {
    const a = await fetch(`${url}/p/18/4/8.jpg`);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await a.arrayBuffer())).toEqual(jpeg);
    const b = await fetch(`${url}/p/19/9/17.jpg`);
    expect(b.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await b.arrayBuffer())).toEqual(png);
  });

  it('404 for a tile the archive lacks, an archive that does not exist, a zoom outside', async () => {
    expect((await fetch(`${url}/p/19/8/16.jpg`)).status).toBe(404);
    expect((await fetch(`${url}/p/18/5/8.jpg`)).status).toBe(404);
    expect((await fetch(`${url}/p/12/0/0.jpg`)).status).toBe(404);
  });

  it('leaves folders that are not packed, and other files, to the next handler', async () => {
    expect((await fetch(`${url}/plain/18/4/8.jpg`)).status).toBe(418);
    expect((await fetch(`${url}/p/tilejson.json`)).status).toBe(418);
    expect((await fetch(`${url}/p/18/4/8.png`)).status).toBe(418);
  });

  it('a cut archive is a 500 naming it, and logged', async () => {
    const r = await fetch(`${url}/d/18/4/8.jpg`);
    expect(r.status).toBe(500);
    const text = await r.text();
    expect(text).toContain(join(root, 'd', 'packs/18/4/8.pmtiles'));
    expect(text).toMatch(/truncated/);
    expect(logged).toHaveBeenCalledWith(text);
  });
});
