/**
 * The review API against the real server process and a real SQLite file: queue order and filters,
 * conflicting decisions, bad input in words, tokens, exports, precision, and a kill -9 during a
 * burst of writes (nothing acknowledged lost, nothing half-written).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewStore } from '../../server/review/store';
import { write3tz } from '../../tiling/tiles3d/archive';
import { decide, type RunningServer, startServer, TOKENS, writeDetections } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'review-api-'));
const twin = join(root, 'twin');
const dist = join(root, 'dist');
let server: RunningServer;
let changes: string;

interface Item {
  id: string;
  classCode: string;
  confidence: number;
  areaHa: number;
  status: string;
  version: number;
  reviewer: string | null;
  comment: string | null;
  bbox: number[];
}

async function getJson(path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  mkdirSync(join(twin, '2021', 'ortho'), { recursive: true });
  writeFileSync(
    join(twin, '2021', 'ortho', 'blob.bin'),
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  );
  writeFileSync(join(twin, 'catalog.json'), '{"version":1,"layers":[]}');
  mkdirSync(join(root, '3d', '18', '1'), { recursive: true });
  writeFileSync(join(root, '3d', 'tileset.json'), '{"asset":{"version":"1.1"}}');
  writeFileSync(join(root, '3d', '18', '1', '2.glb'), Buffer.from('glTF-bytes'));
  await write3tz(join(root, '3d'), join(twin, '2021', '3d.3tz'));
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Jumeau</title>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  changes = writeDetections(join(root, 'in'), 30, [{ millesime: 2024 }]);
  server = await startServer([
    '--dist',
    dist,
    '--twin',
    twin,
    '--db',
    join(root, 'review.sqlite'),
    '--changes',
    changes,
  ]);
});

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('review queue', () => {
  it('lists the detections by confidence x area, filters by class, confidence and status', async () => {
    const all = await getJson('/api/review/items?limit=500');
    expect(all.status).toBe(200);
    const items = all.json.items as Item[];
    expect(all.json.total).toBe(30);
    const score = (i: Item) => i.confidence * i.areaHa;
    for (let k = 1; k < items.length; k++)
      expect(score(items[k - 1] as Item)).toBeGreaterThanOrEqual(score(items[k] as Item));
    // Squares of 10 + k metres: chg-0030 is 39 m x 39 m = 0.1521 ha in Lambert-93.
    expect(items.find((i) => i.id === 'chg-0030')?.areaHa).toBeCloseTo(0.1521, 4);
    expect(items[0]?.status).toBe('pending');

    const bati = await getJson('/api/review/items?class=vers_bati&minConfidence=0.6&limit=500');
    const b = bati.json.items as Item[];
    expect(b.length).toBeGreaterThan(0);
    expect(b.every((i) => i.classCode === 'vers_bati' && i.confidence >= 0.6)).toBe(true);
    expect(bati.json.total).toBe(b.length);

    const bbox = (items[0] as Item).bbox;
    const inBox = await getJson(`/api/review/items?bbox=${bbox.join(',')}`);
    expect((inBox.json.items as Item[]).map((i) => i.id)).toContain((items[0] as Item).id);
  });

  it('refuses a bad query with the reason', async () => {
    const r = await getJson('/api/review/items?minConfidence=2&bbox=nord&status=maybe');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json.problems)).toMatch(/minConfidence/);
    expect(JSON.stringify(r.json.problems)).toMatch(/bbox must be west,south,east,north/);
  });
});

describe('decisions', () => {
  it('two reviewers on the same item: one wins, the other gets a conflict with the current state', async () => {
    const [a, b] = await Promise.all([
      decide(server.url, 'chg-0001', { expectedVersion: 0, status: 'accepted' }, TOKENS.alice),
      decide(
        server.url,
        'chg-0001',
        { expectedVersion: 0, status: 'rejected', comment: 'fausse alerte' },
        TOKENS.bob,
      ),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 201 ? 'alice' : 'bob';
    expect(String(loser.json.error)).toContain(`decided by ${winner}`);
    expect((loser.json.item as Item).version).toBe(1);
    const got = await getJson('/api/review/items/chg-0001');
    expect((got.json.history as unknown[]).length).toBe(1);
    expect((got.json.item as Item).reviewer).toBe(winner);
  });

  it('keeps every decision in the history with the state it replaced; comments stay text', async () => {
    const first = await decide(server.url, 'chg-0002', { expectedVersion: 0, status: 'accepted' });
    expect(first.status).toBe(201);
    const xss = '<img src=x onerror="alert(1)"> à revoir';
    const second = await decide(
      server.url,
      'chg-0002',
      {
        expectedVersion: 1,
        status: 'reclassified',
        classNew: 'vers_terrassement',
        csNew: 'CS1.1.2',
        usNew: 'US6.3',
        comment: xss,
      },
      TOKENS.bob,
    );
    expect(second.status).toBe(201);
    const got = await getJson('/api/review/items/chg-0002');
    const item = got.json.item as Item & { classNew: string };
    expect(item).toMatchObject({
      status: 'reclassified',
      classNew: 'vers_terrassement',
      version: 2,
      reviewer: 'bob',
      comment: xss,
    });
    const history = got.json.history as { version: number; reviewer: string; previous: { status: string } }[];
    expect(history.map((h) => [h.version, h.reviewer, h.previous.status])).toEqual([
      [1, 'alice', 'pending'],
      [2, 'bob', 'accepted'],
    ]);
    const res = await fetch(`${server.url}/api/review/items/chg-0002`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('says what is wrong with malformed, oversized or invalid decisions and with tokens', async () => {
    const bad = await decide(server.url, 'chg-0003', '{"expectedVersion": 0, "status": ');
    expect(bad).toMatchObject({ status: 400, json: { error: 'the request body is not valid JSON' } });
    const big = await decide(server.url, 'chg-0003', {
      expectedVersion: 0,
      status: 'accepted',
      comment: 'x'.repeat(20_000),
    });
    expect(big.status).toBe(413);
    expect(String(big.json.error)).toMatch(/too large/);
    const long = await decide(server.url, 'chg-0003', {
      expectedVersion: 0,
      status: 'accepted',
      comment: 'x'.repeat(2001),
    });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.json.problems)).toMatch(/comment/);
    const noClass = await decide(server.url, 'chg-0003', { expectedVersion: 0, status: 'reclassified' });
    expect(noClass.status).toBe(400);
    expect(JSON.stringify(noClass.json.problems)).toMatch(
      /classNew: a reclassified detection needs classNew/,
    );
    const extra = await decide(server.url, 'chg-0003', {
      expectedVersion: 0,
      status: 'accepted',
      admin: true,
    });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.json.problems)).toMatch(/admin/);
    const code = await decide(server.url, 'chg-0003', {
      expectedVersion: 0,
      status: 'accepted',
      csNew: 'bâti',
    });
    expect(JSON.stringify(code.json.problems)).toMatch(/csNew: an OCS2D land-cover code like CS1.1.1/);
    const none = await decide(server.url, 'chg-0003', { expectedVersion: 0, status: 'accepted' }, null);
    expect(none.status).toBe(401);
    expect(String(none.json.error)).toMatch(/token is required/);
    const wrong = await decide(
      server.url,
      'chg-0003',
      { expectedVersion: 0, status: 'accepted' },
      'not-a-token-at-all',
    );
    expect(wrong.status).toBe(401);
    expect(String(wrong.json.error)).toMatch(/not valid/);
    const missing = await decide(server.url, 'chg-9999', { expectedVersion: 0, status: 'accepted' });
    expect(missing.status).toBe(404);
    // None of these left a trace.
    const got = await getJson('/api/review/items/chg-0003');
    expect((got.json.history as unknown[]).length).toBe(0);
  });
});

describe('exports and precision', () => {
  it('exports the labelled dataset and the GeoContrib reports, and the precision per class', async () => {
    expect((await decide(server.url, 'chg-0004', { expectedVersion: 0, status: 'rejected' })).status).toBe(
      201,
    );
    const res = await fetch(`${server.url}/api/review/export/retraining.geojson`);
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const ds = (await res.json()) as { features: { id: string; properties: Record<string, unknown> }[] };
    const byId = new Map(ds.features.map((f) => [f.id, f.properties]));
    expect(byId.get('chg-0002')).toMatchObject({
      original_class: 'vers_impermeable',
      decision: 'reclassified',
      new_class: 'vers_terrassement',
      reviewer: 'bob',
      model_version: 'test-model-1',
    });
    expect(byId.get('chg-0004')).toMatchObject({ decision: 'rejected', new_class: null });
    expect(byId.has('chg-0005')).toBe(false);

    const gc = (await (await fetch(`${server.url}/api/review/export/geocontrib.geojson`)).json()) as {
      features: { geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(gc.features).toHaveLength(1);
    const report = gc.features[0];
    expect(report?.geometry.type).toBe('Point');
    const [lon, lat] = report?.geometry.coordinates ?? [];
    expect(lon).toBeGreaterThan(3.1);
    expect(lon).toBeLessThan(3.2);
    expect(lat).toBeGreaterThan(50.6);
    expect(lat).toBeLessThan(50.7);
    expect(report?.properties).toMatchObject({
      millesime: '2024',
      type_erreur: 'Attribut',
      cs_new: { label: 'CS1.1.2 Surfaces non bâties' },
      us_new: { label: 'US6.3' },
    });

    const p = await getJson('/api/review/precision');
    const classes = p.json.classes as {
      classCode: string;
      total: number;
      precision: number | null;
      pending: number;
    }[];
    expect(classes.reduce((s, c) => s + c.total, 0)).toBe(30);
    const bati = classes.find((c) => c.classCode === 'vers_bati');
    // chg-0001 (vers_bati) accepted or rejected by the race winner; chg-0004 (vers_bati) rejected.
    expect(bati?.pending).toBe((bati?.total ?? 0) - 2);
    expect([0, 0.5]).toContain(bati?.precision);
  });
});

describe('serving the viewer and the twin', () => {
  it('serves ranges with ETag and cache headers, the viewer with immutable assets, nothing outside', async () => {
    const r = await fetch(`${server.url}/twin/2021/ortho/blob.bin`, { headers: { range: 'bytes=10-19' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 10-19/256');
    expect([...new Uint8Array(await r.arrayBuffer())]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const etag = r.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${server.url}/twin/2021/ortho/blob.bin`, {
      // fetch adds "Cache-Control: no-cache" to conditional requests unless one is given.
      headers: { 'if-none-match': etag as string, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, max-age=3600');
    const cat = await fetch(`${server.url}/twin/catalog.json`);
    expect(cat.headers.get('cache-control')).toBe('no-cache');
    const page = await fetch(`${server.url}/`);
    expect(await page.text()).toContain('<title>Jumeau</title>');
    const asset = await fetch(`${server.url}/assets/app-1234.js`);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    const outside = await fetch(`${server.url}/twin/..%2f..%2freview.sqlite`);
    expect(outside.status).toBeGreaterThanOrEqual(400);
    expect(outside.status).toBeLessThan(500);
    expect((await fetch(`${server.url}/twin/2021/nothing.jpg`)).status).toBe(404);
    // 3D Tiles archives are read on the server side.
    const tileset = await fetch(`${server.url}/twin/2021/3d.3tz/tileset.json`);
    expect(tileset.status).toBe(200);
    expect(await tileset.json()).toEqual({ asset: { version: '1.1' } });
    const glb = await fetch(`${server.url}/twin/2021/3d.3tz/18/1/2.glb`);
    expect(glb.headers.get('content-type')).toBe('model/gltf-binary');
    expect(await glb.text()).toBe('glTF-bytes');
    expect((await fetch(`${server.url}/twin/2021/3d.3tz/18/1/3.glb`)).status).toBe(404);
    expect((await fetch(`${server.url}/twin/2021/none.3tz/tileset.json`)).status).toBe(404);
  });
});

describe('durability', () => {
  it('a server killed with SIGKILL during a burst of writes loses nothing it acknowledged', async () => {
    const dir = mkdtempSync(join(root, 'kill-'));
    const db = join(dir, 'review.sqlite');
    const file = writeDetections(join(dir, 'in'), 200);
    const s = await startServer(['--dist', dist, '--twin', twin, '--db', db, '--changes', file]);
    const acknowledged = new Map<string, number>();
    let stop = false;
    // 8 lanes, each deciding item after item, each item twice (accepted then rejected).
    const lane = async (k: number) => {
      for (let i = k; i < 200 && !stop; i += 8) {
        const id = `chg-${String(i + 1).padStart(4, '0')}`;
        for (const [v, status] of [
          [0, 'accepted'],
          [1, 'rejected'],
        ] as const) {
          try {
            const r = await decide(s.url, id, { expectedVersion: v, status });
            if (r.status === 201) acknowledged.set(id, v + 1);
          } catch {
            return; // the server is gone
          }
        }
      }
    };
    const lanes = Array.from({ length: 8 }, (_, k) => lane(k));
    await new Promise((r) => setTimeout(r, 600));
    await s.kill9();
    stop = true;
    await Promise.all(lanes);
    expect(acknowledged.size).toBeGreaterThan(5);

    const restarted = await startServer(['--dist', dist, '--twin', twin, '--db', db, '--changes', file]);
    try {
      expect(restarted.output()).toMatch(/200 detections to review(?!, \d+ new)/);
      for (const [id, version] of acknowledged) {
        const got = (await (await fetch(`${restarted.url}/api/review/items/${id}`)).json()) as {
          item: Item;
          history: { version: number }[];
        };
        expect(got.item.version, id).toBeGreaterThanOrEqual(version);
        expect(got.history.map((h) => h.version)).toEqual(
          Array.from({ length: got.item.version }, (_, k) => k + 1),
        );
      }
    } finally {
      await restarted.stop();
    }
    const store = ReviewStore.open(db);
    expect(store.integrityCheck()).toBe('ok');
    expect(store.schemaVersion).toBe(1);
    store.close();
  });
});
