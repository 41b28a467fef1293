import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create3tzMiddleware, split3tzUrl, write3tz } from '../../../tiling/tiles3d';

const root = mkdtempSync(join(tmpdir(), 'tiles3d-serve-'));
let server: Server;
let base = '';

beforeAll(async () => {
  // A small tileset folder, packed.
  const dir = join(root, 'src');
  mkdirSync(join(dir, '18', '5'), { recursive: true });
  writeFileSync(join(dir, 'tileset.json'), '{"asset":{"version":"1.1"}}\n');
  writeFileSync(join(dir, '18', '5', '7.glb'), Buffer.from('glTF fake bytes'));
  mkdirSync(join(root, 'twin', '2021'), { recursive: true });
  await write3tz(dir, join(root, 'twin', '2021', '3d.3tz'));
  const mw = create3tzMiddleware(join(root, 'twin'));
  server = createServer((req, res) =>
    mw(req, res, () => {
      res.statusCode = 404;
      res.end('fallback');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

describe('.3tz over HTTP', () => {
  it('splits archive and inner paths', () => {
    expect(split3tzUrl('/2021/3d.3tz/18/5/7.glb')).toEqual({ archive: '/2021/3d.3tz', inner: '18/5/7.glb' });
    expect(split3tzUrl('/2021/3d/tileset.json')).toBeNull();
  });

  it('answers files inside the archive with their bytes and type; 404 for the rest', async () => {
    const ts = await fetch(`${base}/2021/3d.3tz/tileset.json`);
    expect(ts.status).toBe(200);
    expect(ts.headers.get('content-type')).toBe('application/json');
    expect(await ts.text()).toBe('{"asset":{"version":"1.1"}}\n');
    const glb = await fetch(`${base}/2021/3d.3tz/18/5/7.glb?v=123`);
    expect(glb.status).toBe(200);
    expect(glb.headers.get('content-type')).toBe('model/gltf-binary');
    expect(Buffer.from(await glb.arrayBuffer())).toEqual(readFileSync(join(root, 'src', '18', '5', '7.glb')));
    expect((await fetch(`${base}/2021/3d.3tz/18/5/8.glb`)).status).toBe(404);
    expect((await fetch(`${base}/2021/absent.3tz/tileset.json`)).status).toBe(404);
    // Not an archive URL: left to the next handler.
    const other = await fetch(`${base}/2021/3d/tileset.json`);
    expect(await other.text()).toBe('fallback');
  });
});
