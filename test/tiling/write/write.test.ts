import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildTileJson,
  buildWmtsCapabilities,
  FsManifest,
  FsSideStore,
  FsTileTarget,
  STATE_DIR,
} from '../../../tiling/write';

const root = mkdtempSync(join(tmpdir(), 'tiling-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('file system tile target', () => {
  it('writes {z}/{x}/{y}.ext through a temporary file and leaves no temporary file behind', async () => {
    const dir = join(root, 'target');
    const t = new FsTileTarget(dir, { extension: 'jpg' });
    await t.putTile({ z: 21, x: 1, y: 2 }, new Uint8Array([1, 2, 3]));
    await t.putTile({ z: 21, x: 1, y: 2 }, new Uint8Array([4, 5]));
    expect([...readFileSync(join(dir, '21', '1', '2.jpg'))]).toEqual([4, 5]);
    expect(readdirSync(join(dir, STATE_DIR, 'tmp'))).toEqual([]);
    expect(await t.getTile({ z: 21, x: 9, y: 9 })).toBeNull();
  });
});

describe('side store', () => {
  it('keeps root tiles lossless, records empty tiles, and names a missing one', async () => {
    const s = new FsSideStore(join(root, 'side'), 4);
    const px = new Uint8Array(64).map((_, i) => i * 3);
    await s.put({ z: 3, x: 1, y: 1 }, px);
    await s.put({ z: 3, x: 2, y: 1 }, null);
    expect([...((await s.get({ z: 3, x: 1, y: 1 })) as Uint8Array)]).toEqual([...px]);
    expect(await s.get({ z: 3, x: 2, y: 1 })).toBeNull();
    await s.delete([{ z: 3, x: 1, y: 1 }]);
    await expect(s.get({ z: 3, x: 1, y: 1 })).rejects.toThrow(/pixels of tile 3\/1\/1 are missing/);
  });
});

describe('manifest', () => {
  it('lists completed jobs again after reopening, dropping a line cut short by a crash', async () => {
    const path = join(root, 'm1', 'manifest.jsonl');
    const m = FsManifest.open(path, 'plan-a');
    await m.record({ job: '18-1-1', tiles: 85, bytes: 1000 });
    await m.record({ job: '18-1-2', tiles: 80, bytes: 900 });
    await m.close();
    appendFileSync(path, '{"job":"18-1-3","til');
    const again = FsManifest.open(path, 'plan-a');
    expect([...again.done.keys()]).toEqual(['18-1-1', '18-1-2']);
    await again.record({ job: '18-1-3', tiles: 1, bytes: 2 });
    await again.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toHaveLength(4);
  });

  it('refuses a folder holding another plan, saying what to do', () => {
    const path = join(root, 'm2', 'manifest.jsonl');
    FsManifest.open(path, 'plan-a');
    expect(() => FsManifest.open(path, 'plan-b')).toThrow(/another plan.*Use another --out folder/);
  });
});

const bounds = { minX: 3.11, minY: 50.6, maxX: 3.13, maxY: 50.61 };

describe('TileJSON and WMTS', () => {
  it('TileJSON 3.0.0 has bounds, zooms, template and attribution, and no date', () => {
    const tj = buildTileJson({
      name: 'ortho-2021',
      tiles: '{z}/{x}/{y}.jpg',
      minZoom: 14,
      maxZoom: 21,
      boundsLonLat: bounds,
      attribution: 'PCRS',
    });
    expect(tj).toMatchObject({
      tilejson: '3.0.0',
      tiles: ['{z}/{x}/{y}.jpg'],
      minzoom: 14,
      maxzoom: 21,
      bounds: [3.11, 50.6, 3.13, 50.61],
      attribution: 'PCRS',
    });
    expect(JSON.stringify(tj)).not.toMatch(/20\d\d-\d\d/);
  });

  it.skipIf(!existsSync('/usr/bin/gdalinfo'))(
    'GDAL reads the WMTS capabilities as a GoogleMapsCompatible layer',
    () => {
      const dir = join(root, 'wmts');
      execFileSync('mkdir', ['-p', dir]);
      const xml = buildWmtsCapabilities({
        layer: 'ortho-2021',
        title: 'Ortho 2021',
        baseUrl: 'http://localhost:5173/twin/2021/ortho/',
        extension: 'jpg',
        mimeType: 'image/jpeg',
        minZoom: 14,
        maxZoom: 21,
        boundsLonLat: bounds,
        ranges: [{ z: 21, minX: 1066000, maxX: 1066100, minY: 700000, maxY: 700100 }],
        attribution: 'PCRS',
      });
      const file = join(dir, 'WMTSCapabilities.xml');
      writeFileSync(file, xml);
      const info = JSON.parse(execFileSync('gdalinfo', ['-json', `WMTS:${file}`], { encoding: 'utf8' }));
      // Opened at zoom 21 over the layer's bounds (0.02 deg of longitude = 29,826 px at z21).
      expect(info.size[0]).toBe(29826);
      expect(info.coordinateSystem.wkt).toMatch(/3857|Pseudo-Mercator/);
      const ext = info.cornerCoordinates;
      expect(ext.upperLeft[0]).toBeGreaterThan(340000);
      expect(ext.upperLeft[0]).toBeLessThan(350000);
    },
  );
});
