/**
 * Terrain on the distributed engine: `tiling terrain --queue` coordinates a BullMQ batch on a real
 * redis-server, two `tiling worker` processes run its jobs, and the folder is byte-identical to a
 * local run of the same DEM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobEngine } from '../../../tiling/engine';
import { runTerrain } from '../../../tiling/terrain';
import { killAll, tiling } from '../distributed/cli';
import { startRedis, type TestRedis } from '../distributed/redis';
import { writeDem } from '../tiles3d/helpers';
import { folderBytes } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'terrain-queue-'));
const dem = join(root, 'dem.tif');
let redis: TestRedis;

beforeAll(async () => {
  writeDem(
    dem,
    { originX: 708000, originY: 7058300, width: 300, height: 300, pixel: 1 },
    (x, y) => 30 + 8 * Math.sin((x - 708000) / 50) * Math.cos((7058300 - y) / 70),
  );
  redis = await startRedis(join(root, 'redis'));
}, 60_000);

afterAll(async () => {
  killAll();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('tiling terrain --queue', () => {
  it('runs through BullMQ workers and writes the same bytes as a local run', async () => {
    const local = join(root, 'local');
    const engine = new LocalJobEngine({ workers: 0 });
    let jobs = 0;
    try {
      const r = await runTerrain({ demFiles: [dem], outDir: local, geoidGrid: null, engine, name: 'q' });
      expect(r.complete).toBe(true);
      jobs = r.jobs.total;
    } finally {
      await engine.close();
    }
    const workers = [1, 2].map(() => tiling(['worker', '--queue', redis.url, '--idle-exit', '20']));
    const out = join(root, 'queued');
    const run = await tiling(['terrain', dem, '--out', out, '--queue', redis.url, '--name', 'q']).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/batch b[0-9a-f]{12} on redis:/);
    const a = folderBytes(local);
    const b = folderBytes(out);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(Buffer.compare(v, b.get(k) as Buffer), k).toBe(0);
    for (const w of workers) w.proc.kill('SIGTERM');
    const ends = await Promise.all(workers.map((w) => w.done));
    // Every job ran in a worker process, once.
    const ran = ends.flatMap((e) =>
      [...(e.stdout + e.stderr).matchAll(/job (terrain-\d+-\d+-\d+) done/g)].map((m) => m[1]),
    );
    expect(ran.length).toBe(jobs);
    expect(new Set(ran).size).toBe(jobs);
  }, 120_000);
});
