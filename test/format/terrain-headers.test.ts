/**
 * Terrain tiles' HTTP headers (format/node/terrain-headers.ts) and vite's `serveTwin` (dev server,
 * vite.config.ts) sending them: `.terrain` as application/vnd.quantized-mesh, `Content-Encoding:
 * gzip` only for tiles stored gzipped, so the browser hands CesiumJS the inflated mesh.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUANTIZED_MESH_TYPE, terrainTileHeaders } from '../../format/node/terrain-headers';

const root = mkdtempSync(join(tmpdir(), 'terrain-headers-'));
const twin = join(root, 'twin');
const MESH = Buffer.from('quantized mesh bytes, not gzip');

beforeAll(() => {
  for (const d of ['terrain/0/0', 'raw/0/0']) mkdirSync(join(twin, d), { recursive: true });
  writeFileSync(join(twin, 'terrain/0/0/0.terrain'), gzipSync(MESH));
  writeFileSync(join(twin, 'raw/0/0/0.terrain'), MESH);
  writeFileSync(join(twin, 'terrain/layer.json'), '{"format":"quantized-mesh-1.0"}');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('terrainTileHeaders', () => {
  it('names the media type, and gzip only for a gzipped tile; nothing for other files', () => {
    expect(terrainTileHeaders(join(twin, 'terrain/0/0/0.terrain'))).toEqual({
      'Content-Type': QUANTIZED_MESH_TYPE,
      'Content-Encoding': 'gzip',
    });
    expect(terrainTileHeaders(join(twin, 'raw/0/0/0.terrain'))).toEqual({
      'Content-Type': QUANTIZED_MESH_TYPE,
    });
    expect(terrainTileHeaders(join(twin, 'terrain/layer.json'))).toEqual({});
    // A missing tile: the type, no encoding (the server answers 404 anyway).
    expect(terrainTileHeaders(join(twin, 'terrain/9/9/9.terrain'))).toEqual({
      'Content-Type': QUANTIZED_MESH_TYPE,
    });
  });
});

describe("vite's dev server (serveTwin)", () => {
  let vite: ViteDevServer;
  let http: Server;
  let base = '';
  beforeAll(async () => {
    process.env.TWIN_DIR = twin;
    vite = await createServer({
      configFile: join(__dirname, '../../vite.config.ts'),
      logLevel: 'silent',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
    });
    http = createHttpServer(vite.middlewares);
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((done) => http?.close(done));
    await vite?.close();
    delete process.env.TWIN_DIR;
  });

  it('answers .terrain with the quantized-mesh type and gzip as stored', async () => {
    const res = await fetch(`${base}/twin/terrain/0/0/0.terrain?v=1.0.0`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(QUANTIZED_MESH_TYPE);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch inflated it: the mesh's own bytes.
    expect(Buffer.from(await res.arrayBuffer()).equals(MESH)).toBe(true);

    const raw = await fetch(`${base}/twin/raw/0/0/0.terrain`);
    expect(raw.headers.get('content-type')).toBe(QUANTIZED_MESH_TYPE);
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await raw.arrayBuffer()).equals(MESH)).toBe(true);

    const layer = await fetch(`${base}/twin/terrain/layer.json`);
    expect(layer.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await fetch(`${base}/twin/terrain/0/0/9.terrain`)).status).toBe(404);
  });
});
