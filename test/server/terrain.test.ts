/**
 * Terrain through the real server (server/bin.ts): `.terrain` tiles answer with the quantized-mesh
 * media type and `Content-Encoding: gzip` (uncompressed tiles without it), to the Accept header
 * CesiumJS sends; then CesiumJS's own CesiumTerrainProvider (in Node, over HTTP) reads layer.json,
 * picks the Web Mercator tiling scheme, learns availability from the metadata tiles and parses a
 * deep tile whose heights match the DEM + geoid.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import decode from '@here/quantized-mesh-decoder';
import {
  Math as CesiumMath,
  CesiumTerrainProvider,
  type QuantizedMeshTerrainData,
  WebMercatorTilingScheme,
} from 'cesium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lonLatToTile } from '../../format/grid';
import { readDemRaster, sampleDem } from '../../tiling/dem';
import { LocalJobEngine } from '../../tiling/engine';
import { createCrsTransform } from '../../tiling/reproject';
import { runTerrain } from '../../tiling/terrain';
import { writeDem } from '../tiling/tiles3d/helpers';
import { type RunningServer, startServer } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'terrain-server-'));
const twin = join(root, 'twin');
const dem = join(root, 'dem.tif');
const X0 = 708000;
const Y1 = 7058200;
const altitude = (x: number, y: number) => 25 + 10 * Math.sin((x - X0) / 60) * Math.cos((Y1 - y) / 80);
const ACCEPT =
  'application/vnd.quantized-mesh;extensions=octvertexnormals-metadata,application/octet-stream;q=0.9,*/*;q=0.01';
let server: RunningServer;

beforeAll(async () => {
  writeDem(dem, { originX: X0, originY: Y1, width: 200, height: 200, pixel: 1 }, altitude);
  const engine = new LocalJobEngine({ workers: 0 });
  try {
    for (const [dir, gzip] of [
      ['terrain', true],
      ['terrain-raw', false],
    ] as const) {
      const r = await runTerrain({
        demFiles: [dem],
        outDir: join(twin, dir),
        geoidGrid: null,
        engine,
        options: { gzip },
      });
      expect(r.complete).toBe(true);
    }
  } finally {
    await engine.close();
  }
  const dist = join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Jumeau</title>');
  server = await startServer(['--dist', dist, '--twin', twin, '--db', join(root, 'review.sqlite')]);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('server: quantized-mesh terrain', () => {
  it('answers .terrain with application/vnd.quantized-mesh and gzip as stored', async () => {
    const file = join(twin, 'terrain', '0', '0', '0.terrain');
    const res = await fetch(`${server.url}/twin/terrain/0/0/0.terrain?v=1.0.0`, {
      headers: { Accept: ACCEPT },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.quantized-mesh');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    // fetch has gunzipped the body: the stored tile's bytes, and a mesh.
    const body = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.compare(Buffer.from(body), gunzipSync(readFileSync(file)))).toBe(0);
    expect(decode(body.buffer.slice(0) as ArrayBuffer).triangleIndices.length).toBeGreaterThan(0);

    const raw = await fetch(`${server.url}/twin/terrain-raw/0/0/0.terrain`, { headers: { Accept: ACCEPT } });
    expect(raw.headers.get('content-type')).toBe('application/vnd.quantized-mesh');
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(
      Buffer.compare(
        Buffer.from(await raw.arrayBuffer()),
        readFileSync(join(twin, 'terrain-raw', '0', '0', '0.terrain')),
      ),
    ).toBe(0);

    const layer = await fetch(`${server.url}/twin/terrain/layer.json`);
    expect(layer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await layer.json()) as { projection: string }).projection).toBe('EPSG:3857');
    expect((await fetch(`${server.url}/twin/terrain/0/0/9.terrain`)).status).toBe(404);
  });

  it("is read by CesiumJS's CesiumTerrainProvider: Web Mercator scheme, metadata availability, DEM heights", async () => {
    const provider = await CesiumTerrainProvider.fromUrl(`${server.url}/twin/terrain/`, {
      requestVertexNormals: true,
      requestMetadata: true,
    });
    expect(provider.tilingScheme).toBeInstanceOf(WebMercatorTilingScheme);
    expect(provider.tilingScheme.getNumberOfXTilesAtLevel(0)).toBe(1);
    expect(provider.hasVertexNormals).toBe(true);
    expect(provider.hasMetadata).toBe(true);
    expect(provider.getLevelMaximumGeometricError(19)).toBeCloseTo(154_134.68 / 2 ** 19, 3);

    // A point inside the DEM, and its tiles (Cesium's rows count from the north, like XYZ).
    const crs = createCrsTransform(2154);
    const [lon, lat] = crs.toLonLat(X0 + 123.4, Y1 - 77.7);
    const level = 17;
    const tile = lonLatToTile(lon, lat, level);
    // Level 0 carries the availability of levels 1..10, level 10 that of 11..19.
    const root = (await provider.requestTileGeometry(0, 0, 0)) as QuantizedMeshTerrainData;
    expect(root).toBeDefined();
    expect(provider.getTileDataAvailable(tile.x, tile.y, level)).toBeUndefined();
    const t10 = lonLatToTile(lon, lat, 10);
    expect(provider.getTileDataAvailable(t10.x, t10.y, 10)).toBe(true);
    await provider.requestTileGeometry(t10.x, t10.y, 10);
    expect(provider.getTileDataAvailable(tile.x, tile.y, level)).toBe(true);
    expect(provider.getTileDataAvailable(tile.x + 50, tile.y, level)).toBe(false);

    const data = (await provider.requestTileGeometry(tile.x, tile.y, level)) as QuantizedMeshTerrainData;
    expect(data).toBeDefined();
    const rectangle = provider.tilingScheme.tileXYToRectangle(tile.x, tile.y, level);
    const h = data.interpolateHeight(rectangle, CesiumMath.toRadians(lon), CesiumMath.toRadians(lat));
    const raster = await readDemRaster(dem);
    const want = sampleDem([raster], X0 + 123.4, Y1 - 77.7) + 45;
    expect(Math.abs(h - want)).toBeLessThanOrEqual(provider.getLevelMaximumGeometricError(level) + 0.01);
  }, 60_000);
});
