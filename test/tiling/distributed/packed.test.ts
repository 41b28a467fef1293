/**
 * The packed layout on the distributed engine, lightly: `tiling run --queue ... --packed` with a
 * real redis-server and one `tiling worker` process writes the very archives (and index, metadata)
 * of a local `tiling run --packed`, byte for byte: the archive is the job's output, whoever runs it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, snapshot, tiling } from './cli';
import { startRedis, type TestRedis } from './redis';

mkdirSync('.tmp', { recursive: true });
const root = mkdtempSync(join(process.cwd(), '.tmp', 'distributed-packed-'));
const sample = join(root, 'sample');
const dalles = join(sample, 'ortho', '2021');
const planFlags = ['--job-span', '2', '--name', 'ortho', '--packed'];
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis(join(root, 'redis'));
  const s = await tiling(['sample', '--out', sample, '--size-m', '200']).done;
  expect(s.code, s.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  killAll();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('tiling run --queue --packed', () => {
  it('a worker process writes the same archives as a local packed run', async () => {
    const local = join(root, 'local', 'ortho');
    const l = await tiling(['run', dalles, '--out', local, ...planFlags, '--workers', '1']).done;
    expect(l.code, l.stderr).toBe(0);
    const expected = snapshot(local);
    expect([...expected.keys()].filter((k) => k.endsWith('.pmtiles')).length).toBeGreaterThan(5);
    expect([...expected.keys()].some((k) => /^\d+\//.test(k))).toBe(false);

    const out = join(root, 'queued', 'ortho');
    const worker = tiling(['worker', '--queue', redis.url, '--name', 'w1']);
    const r = await tiling([
      'run',
      dalles,
      '--out',
      out,
      '--queue',
      redis.url,
      '--batch',
      'packed',
      ...planFlags,
    ]).done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const got = snapshot(out);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, v] of expected) expect(Buffer.compare(v, got.get(k) as Buffer), k).toBe(0);
    worker.proc.kill('SIGTERM');
    await worker.done;
  }, 180_000);
});
