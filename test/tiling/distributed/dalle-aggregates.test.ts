/**
 * The per-dalle aggregates a batch keeps for the console (tiling/engine/bullmq/batch.ts, read by
 * format/node/batch-reader.ts), against a real redis-server: each dalle's state follows its jobs
 * (planned -> running -> done; failed wins until the job is done on a retry), the per-state counts
 * always equal a count over the dalles, and a job counted twice changes nothing.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dalleStateOf, pcrsNameToLambert93 } from '../../../format/batch-status';
import { readBatchDalles, readBatchStatus, readDalleJobs } from '../../../format/node/batch-reader';
import { RedisBatch } from '../../../tiling/engine/bullmq/batch';
import { startRedis, type TestRedis } from './redis';

mkdirSync('.tmp', { recursive: true });
const root = mkdtempSync(join(process.cwd(), '.tmp', 'aggregates-'));
let redis: TestRedis;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis(join(root, 'redis'));
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

const o = (dalles: number[]) => ({ planned: 10, worker: 'w', seconds: 1, tilesPerZoom: { 21: 10 }, dalles });

describe('per-dalle aggregates of a batch', () => {
  it('dalles move planned -> running -> done, failed wins until a retry succeeds; counts match the dalles', async () => {
    const b = new RedisBatch(client, 'agg');
    const plan = { fingerprint: 'f', jobs: [], totalTiles: 40, levels: [{ z: 21, tiles: 40 }] };
    await b.register(
      plan,
      { module: 'ortho/handler', exportName: 'x', config: {} },
      { out: '/o' },
      { attempts: 1, backoffMs: 1 },
    );
    await b.registerDalles(
      [
        {
          name: '2021-07080-70580-LA93-0M05-RVB.tif',
          epsg: 2154,
          bbox: [708000, 7057800, 708200, 7058000],
          jobs: ['19-1-1', '19-1-2'],
        },
        {
          name: '2021-07082-70580-LA93-0M05-RVB.tif',
          epsg: 2154,
          bbox: [708200, 7057800, 708400, 7058000],
          jobs: ['19-1-2', '19-1-3'],
        },
      ],
      [{ id: '2021-07084-70580-LA93-0M05-RVB.tif', reasons: ['no CRS'] }],
    );
    const states = async () => (await readBatchDalles(client, 'agg')).dalles.map((d) => d.state);
    const counts = async () => (await readBatchStatus(client, 'agg')).dalles;
    expect(await states()).toEqual(['planned', 'planned', 'skipped']);
    expect(await counts()).toEqual({ total: 3, planned: 2, running: 0, done: 0, failed: 0, skipped: 1 });

    expect(await b.countDone({ job: '19-1-1', tiles: 10, bytes: 1 }, o([0]))).toBe(true);
    expect(await states()).toEqual(['running', 'planned', 'skipped']);
    await b.recordFailed(
      '19-1-2',
      'dalle "x.tif" cannot be decoded. The file is corrupt; re-export it.',
      3,
      [0, 1],
    );
    await b.recordFailed(
      '19-1-2',
      'dalle "x.tif" cannot be decoded (again). The file is corrupt; re-export it.',
      3,
      [0, 1],
    ); // twice: counted once, latest error kept
    expect(await states()).toEqual(['failed', 'failed', 'skipped']);
    expect(await counts()).toMatchObject({ planned: 0, running: 0, failed: 2 });
    const jobs = await readDalleJobs(client, 'agg', 1);
    expect(jobs?.jobs.map((j) => [j.job, j.state])).toEqual([
      ['19-1-2', 'failed'],
      ['19-1-3', 'waiting'],
    ]);
    expect(jobs?.jobs[0]?.error).toMatch(/corrupt; re-export it/);

    // The retry succeeds: dalle 0 is done, dalle 1 runs on.
    await b.countDone({ job: '19-1-2', tiles: 10, bytes: 1 }, o([0, 1]));
    expect(await b.countDone({ job: '19-1-2', tiles: 10, bytes: 1 }, o([0, 1]))).toBe(false);
    expect(await states()).toEqual(['done', 'running', 'skipped']);
    await b.countDone({ job: '19-1-3', tiles: 10, bytes: 1 }, o([1]));
    expect(await states()).toEqual(['done', 'done', 'skipped']);
    expect(await counts()).toEqual({ total: 3, planned: 0, running: 0, done: 2, failed: 0, skipped: 1 });
    // A job whose worker died is shown recovered, on its dalle and in the status.
    await b.recordStalled('19-1-3');
    expect((await readDalleJobs(client, 'agg', 1))?.jobs.find((j) => j.job === '19-1-3')?.recovered).toBe(1);
    expect((await readBatchStatus(client, 'agg')).recovered?.map((r) => [r.job, r.count])).toEqual([
      ['19-1-3', 1],
    ]);
    // Registered again (resume): the counters stay.
    await b.registerDalles([], []);
    expect((await counts())?.done).toBe(2);
    const d = await readBatchDalles(client, 'agg');
    expect(d.dalles[2]?.ring?.[0]?.[0]).toBeCloseTo(3.11, 1);
  });

  it('a dalle state is failed, done, running or planned from its counters; PCRS names give footprints', () => {
    expect(dalleStateOf({ planned: 2, done: 2, failed: 1 })).toBe('failed');
    expect(dalleStateOf({ planned: 2, done: 2, failed: 0 })).toBe('done');
    expect(dalleStateOf({ planned: 2, done: 1, failed: 0 })).toBe('running');
    expect(dalleStateOf({ planned: 2, done: 0, failed: 0 })).toBe('planned');
    expect(pcrsNameToLambert93('a/2021-07080-70580-LA93-0M05-RVB.tif')).toEqual([
      708000, 7057800, 708200, 7058000,
    ]);
    expect(pcrsNameToLambert93('HFA-2021-0708-7058-LA93-0M05-RVB.jp2')).toEqual([
      708000, 7057000, 709000, 7058000,
    ]);
    expect(pcrsNameToLambert93('ortho.tif')).toBeNull();
  });
});
