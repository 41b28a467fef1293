/**
 * The packed layout (`tiling run --packed`, docs/packed.md) end to end through the command line on
 * real GeoTIFF dalles (written by GDAL): the archives hold the folder run's tiles tile for tile; a
 * run killed with SIGKILL and run again writes the same archive bytes; the real server (server/bin.ts)
 * answers the usual tile URLs out of the archives with the folder's bytes, 404 outside, and a damaged
 * archive as a 500 in words, logged.
 */

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPmtiles } from '../../../format/node/pmtiles-reader';
import { createPackedTiles } from '../../../format/node/serve-packed';
import {
  PACKED_INDEX,
  type PackedIndex,
  packArchiveName,
  packArchiveOf,
} from '../../../format/packed-pyramid';
import { type RunningServer, startServer } from '../../server/helpers';
import { killAfterJobs, manifestJobs } from '../kill-resume';
import { snapshot } from '../snapshot';
import { makeTempDir } from '../source/helpers';
import { writeJpegDalles } from './helpers';

const CLI = 'tiling/cli/bin.ts';
const GDAL = existsSync('/usr/bin/gdal_translate');
const { dir: root, cleanup } = makeTempDir('tiling-packed-');
const dalles = join(root, 'dalles');
const twin = join(root, 'twin');
const folderOut = join(twin, 'folder', 'ortho');
const packedOut = join(twin, 'packed', 'ortho');
afterAll(cleanup);

/** 2 x 1 JPEG-in-TIFF dalles of 1000 px at 5 cm (50 m), textured so tiles are not trivial. */
const writeDalles = () =>
  writeJpegDalles({
    dir: dalles,
    scratch: root,
    cols: 2,
    rows: 1,
    size: 1000,
    name: (c) => `0708_7058_${c}`,
  });

const args = (out: string, packed: boolean) => [
  '--import',
  'tsx',
  CLI,
  'run',
  dalles,
  '--out',
  out,
  '--workers',
  '1',
  '--job-span',
  '1',
  '--min-zoom',
  '17',
  ...(packed ? ['--packed'] : []),
];

function run(out: string, packed: boolean) {
  const r = spawnSync(process.execPath, args(out, packed), { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** The tiles of a folder run: "z/x/y.ext" -> bytes. */
function folderTiles(dir: string): Map<string, Buffer> {
  const tiles = new Map<string, Buffer>();
  for (const [k, v] of snapshot(dir)) if (/^\d+\/\d+\/\d+\.\w+$/.test(k)) tiles.set(k, v);
  return tiles;
}

/** Every archive of a packed run, with the tiles its header counts. */
async function archives(dir: string): Promise<{ name: string; tiles: number }[]> {
  const out: { name: string; tiles: number }[] = [];
  for (const [k] of snapshot(dir)) {
    if (!k.endsWith('.pmtiles')) continue;
    const r = await openPmtiles(join(dir, k));
    out.push({ name: k, tiles: r.header.numAddressedTiles });
    await r.close();
  }
  return out;
}

describe.skipIf(!GDAL)('tiling run --packed', () => {
  beforeAll(async () => {
    await writeDalles();
    run(folderOut, false);
    run(packedOut, true);
  }, 120_000);

  it('writes one archive per job holding the folder run tile for tile, and the same tilejson.json and WMTS', async () => {
    const folder = folderTiles(folderOut);
    expect(folder.size).toBeGreaterThan(50);
    // No tile files in the packed folder: archives, their index, the metadata.
    const files = [...snapshot(packedOut).keys()];
    expect(files.filter((f) => !f.startsWith('packs/')).sort()).toEqual([
      'WMTSCapabilities.xml',
      'tilejson.json',
    ]);
    for (const name of ['tilejson.json', 'WMTSCapabilities.xml'])
      expect(readFileSync(join(packedOut, name)).equals(readFileSync(join(folderOut, name)))).toBe(true);

    const index = JSON.parse(readFileSync(join(packedOut, PACKED_INDEX), 'utf8')) as PackedIndex;
    const packs = await archives(packedOut);
    const plan = JSON.parse(readFileSync(join(packedOut, '.tiling', 'plan.json'), 'utf8')) as {
      jobs: unknown[];
    };
    // One archive per job that wrote a tile, never more: fewer objects than tiles (5 tiles a job at
    // --job-span 1 here; 85 at the default span 3).
    expect(packs.length).toBeLessThanOrEqual(plan.jobs.length);
    expect(packs.length).toBeLessThan(folder.size / 2);
    expect(packs.reduce((n, p) => n + p.tiles, 0)).toBe(folder.size);

    const tiles = createPackedTiles(twin);
    try {
      let same = 0;
      for (const [k, bytes] of folder) {
        const [z, x, y] = k.split(/[/.]/).map(Number) as [number, number, number];
        const owner = packArchiveOf(index, { z, x, y });
        expect(owner).not.toBeNull();
        expect(packs.some((p) => p.name === packArchiveName(owner as never))).toBe(true);
        const a = await tiles.answer(`/packed/ortho/${k}`);
        if (a?.status === 200 && Buffer.from(a.bytes).equals(bytes)) same++;
      }
      expect(same).toBe(folder.size);
    } finally {
      await tiles.close();
    }
  });

  it('killed with SIGKILL mid-run then run again, writes the same archive bytes as an uninterrupted run', async () => {
    const killed = join(root, 'killed', 'ortho');
    const child = spawn(process.execPath, args(killed, true), { stdio: 'ignore' });
    await killAfterJobs(child, killed, 3);
    const before = manifestJobs(killed);
    const total = JSON.parse(readFileSync(join(packedOut, '.tiling', 'plan.json'), 'utf8')).jobs.length;
    expect(before).toBeLessThan(total);
    expect(existsSync(join(killed, 'tilejson.json'))).toBe(false);

    const resumed = run(killed, true);
    expect(resumed.stderr).toMatch(/resuming/);
    const a = snapshot(packedOut);
    const b = snapshot(killed);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const different = [...a].filter(([k, v]) => !v.equals(b.get(k) as Buffer)).map(([k]) => k);
    expect(different).toEqual([]);
    expect(readdirSync(join(killed, '.tiling', 'tmp'))).toEqual([]);
  }, 120_000);

  it('refuses to resume a folder run with --packed (and the reverse), saying what to do', () => {
    const r = spawnSync(process.execPath, args(folderOut, true), { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/one file per tile .* run it again without --packed, or pass another --out/);
    const s = spawnSync(process.execPath, args(packedOut, false), { encoding: 'utf8' });
    expect(s.status).not.toBe(0);
    expect(s.stderr).toMatch(/holds a packed run .* run it again with --packed/);
  }, 60_000);

  describe('through the server', () => {
    let server: RunningServer;
    const damaged = join(twin, 'damaged', 'ortho');

    beforeAll(async () => {
      // A copy of the packed pyramid with one archive cut short (a copy that did not finish).
      for (const k of snapshot(packedOut).keys()) {
        mkdirSync(join(damaged, k, '..'), { recursive: true });
        copyFileSync(join(packedOut, k), join(damaged, k));
      }
      const dist = join(root, 'dist');
      mkdirSync(dist, { recursive: true });
      writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Jumeau</title>');
      server = await startServer(['--twin', twin, '--dist', dist, '--db', join(root, 'review.sqlite')]);
    }, 60_000);
    afterAll(async () => server?.stop());

    it('answers {z}/{x}/{y}.jpg out of the archives with the bytes and type of the folder layout', async () => {
      const folder = folderTiles(folderOut);
      const keys = [...folder.keys()];
      // Every zoom, and both JPEG (inside) and PNG (edge) tiles.
      const picks = [...new Set(keys.map((k) => k.split('/')[0]))].map((z) =>
        keys.find((k) => k.startsWith(`${z}/`)),
      );
      let png = 0;
      for (const k of [...picks, ...keys.filter((_, i) => i % 7 === 0)]) {
        const res = await fetch(`${server.url}/twin/packed/ortho/${k}`);
        expect(res.status, k).toBe(200);
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(bytes.equals(folder.get(k as string) as Buffer), k).toBe(true);
        const type = bytes[0] === 0x89 ? 'image/png' : 'image/jpeg';
        if (type === 'image/png') png++;
        expect(res.headers.get('content-type')).toBe(type);
        const plain = await fetch(`${server.url}/twin/folder/ortho/${k}`);
        expect(Buffer.from(await plain.arrayBuffer()).equals(bytes)).toBe(true);
      }
      expect(png).toBeGreaterThan(0);
    });

    it('answers 404 for a tile outside the pyramid, and serves the folder files as before', async () => {
      const index = JSON.parse(readFileSync(join(packedOut, PACKED_INDEX), 'utf8')) as PackedIndex;
      expect((await fetch(`${server.url}/twin/packed/ortho/21/0/0.jpg`)).status).toBe(404);
      expect((await fetch(`${server.url}/twin/packed/ortho/${index.minZoom - 1}/0/0.jpg`)).status).toBe(404);
      expect((await fetch(`${server.url}/twin/packed/ortho/${index.maxZoom + 1}/0/0.jpg`)).status).toBe(404);
      const tj = await fetch(`${server.url}/twin/packed/ortho/tilejson.json`);
      expect(tj.status).toBe(200);
      expect((await tj.json()).tiles).toEqual(['{z}/{x}/{y}.jpg']);
    });

    it('answers a damaged archive with a 500 naming the file and the fix, and logs it', async () => {
      const k = [...folderTiles(folderOut).keys()].find((t) => t.startsWith('21/')) as string;
      const [z, x, y] = k.split(/[/.]/).map(Number) as [number, number, number];
      const index = JSON.parse(readFileSync(join(packedOut, PACKED_INDEX), 'utf8')) as PackedIndex;
      const name = packArchiveName(packArchiveOf(index, { z, x, y }) as never);
      const whole = readFileSync(join(damaged, name));
      writeFileSync(join(damaged, name), whole.subarray(0, Math.floor(whole.length / 2)));
      const res = await fetch(`${server.url}/twin/damaged/ortho/${k}`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).toContain(join(damaged, name));
      expect(text).toMatch(
        /not a readable PMTiles v3 archive: .*truncated.* copy it again, or build the pyramid again/,
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(server.output()).toContain(`hdf-twin server: ${text}`);
      // Garbage instead of an archive says so too.
      writeFileSync(join(damaged, name), Buffer.alloc(whole.length, 7));
      const bad = await fetch(`${server.url}/twin/damaged/ortho/${k}`);
      expect(bad.status).toBe(500);
      expect(await bad.text()).toMatch(/not a readable PMTiles v3 archive: Wrong magic number/);
    });
  });
});
