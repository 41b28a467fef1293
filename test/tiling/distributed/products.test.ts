/**
 * Every product on the distributed engine, end to end through the command line, against a real
 * redis-server and real `tiling worker` processes, on the 200 m sample: the 3D mesh
 * (`tiling run --3d --queue`), buildings (`tiling buildings --queue`, its only worker SIGKILLed in
 * the middle of a job, its coordinator SIGKILLed too, then `tiling resume --batch`) and terrain
 * (`tiling terrain --queue`, coordinator SIGKILLed, `tiling resume --batch`). Each result must equal
 * the local run of the same inputs byte for byte.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSample } from '../../../tiling/sample';
import { killAll, type Running, snapshot, tiling, until } from './cli';
import { startRedis, type TestRedis } from './redis';

mkdirSync('.tmp', { recursive: true });
const root = mkdtempSync(join(process.cwd(), '.tmp', 'products-'));
const sample = join(root, 'sample');
const dalles = join(sample, 'ortho', '2021');
const dem = join(sample, 'dem');
const footprints = join(sample, 'buildings', 'batiment-2021.geojson');
const dsm = join(sample, 'dsm', '2021');
const local = join(root, 'local');
let redis: TestRedis;
let client: Redis;

const workerFlags = ['--lock-ms', '2000', '--stalled-ms', '300'];
const worker = (name: string) => tiling(['worker', '--queue', redis.url, '--name', name, ...workerFlags]);
const buildingsArgs = (out: string) => ['buildings', footprints, '--dsm', dsm, '--dtm', dem, '--out', out];
const terrainArgs = (out: string) => ['terrain', dem, '--out', out, '--name', 'terrain'];
const pyramidArgs = (out: string) => ['run', dalles, '--out', out, '--job-span', '2', '--name', 'ortho'];

async function stopWorkers(workers: Running[]): Promise<void> {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGTERM');
  for (const w of workers) await w.done;
}

function expectSame(got: string, want: string): void {
  const a = snapshot(want);
  const b = snapshot(got);
  expect(a.size).toBeGreaterThan(0);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [k, v] of a) expect(Buffer.compare(v, b.get(k) as Buffer), k).toBe(0);
}

/** Plan ids of the jobs a worker's output says it finished. */
const ranBy = (w: Running) => [...w.output().matchAll(/ job (\S+) done/g)].map((m) => m[1] as string);

beforeAll(async () => {
  redis = await startRedis(join(root, 'redis'));
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  client.on('error', () => {});
  await writeSample({ outDir: sample, sizeMetres: 200, seed: 1, workers: 0 });
  const runs = await Promise.all([
    tiling([...pyramidArgs(join(local, 'ortho')), '--workers', '1', '--3d', '--dem', dem]).done,
    tiling([...buildingsArgs(join(local, 'buildings')), '--workers', '0']).done,
  ]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  const t = await tiling([...terrainArgs(join(local, 'terrain')), '--workers', '0']).done;
  expect(t.code, t.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  killAll();
  client?.disconnect();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('every product on tiling worker processes', () => {
  it('tiling run --3d --queue: the pyramid and then the 3D mesh run on the workers, both byte-identical to the local run', async () => {
    const out = join(root, 'q3d', 'ortho');
    const workers = [worker('m1'), worker('m2')];
    const r = await tiling([...pyramidArgs(out), '--queue', redis.url, '--batch', 'p3', '--3d', '--dem', dem])
      .done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/batch p3-3d on redis:.* mesh jobs/);
    await stopWorkers(workers);
    expectSame(out, join(local, 'ortho'));
    expectSame(join(root, 'q3d', '3d'), join(local, '3d'));
    // The mesh jobs ran in the worker processes, each once.
    const mesh = workers.flatMap(ranBy).filter((id) => id.startsWith('3d-'));
    const total = Number(await client.hget('tiling:b:p3-3d:meta', 'jobsTotal'));
    expect(total).toBeGreaterThan(1);
    expect(mesh.length).toBe(total);
    expect(new Set(mesh).size).toBe(total);
    expect(await client.hget('tiling:b:p3-3d:meta', 'state')).toBe('complete');
  }, 180_000);

  it('tiling buildings --queue: its worker SIGKILLed mid-job and its coordinator SIGKILLed, tiling resume finishes it, same bytes', async () => {
    const out = join(root, 'qb', 'buildings');
    const victim = worker('b1');
    const coordinator = tiling([...buildingsArgs(out), '--queue', redis.url, '--batch', 'bq']);
    const queue = new Queue('tiling', { connection: client });
    let job = '';
    await until(async () => {
      const active = await queue.getJobs(['active']);
      const mine = active.find((j) => j?.id?.startsWith('bq.') && j.processedBy === 'b1');
      if (mine?.id) job = mine.id.slice('bq.'.length);
      return job !== '';
    }, 'worker b1 to be running a buildings job');
    victim.proc.kill('SIGKILL');
    coordinator.proc.kill('SIGKILL');
    expect((await victim.done).signal).toBe('SIGKILL');
    expect((await coordinator.done).signal).toBe('SIGKILL');
    const workers = [worker('b2'), worker('b3')];
    const resumed = await tiling(['resume', '--queue', redis.url, '--batch', 'bq']).done;
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`buildings done: ${out}/tileset.json`);
    await stopWorkers(workers);
    await queue.close();
    expectSame(out, join(local, 'buildings'));
    // The job b1 died in ran again, to the end, on another worker.
    expect(workers.flatMap(ranBy)).toContain(job);
    expect(await client.hget('tiling:b:bq:meta', 'state')).toBe('complete');
  }, 120_000);

  it('tiling terrain --queue: the coordinator SIGKILLed after enqueuing, tiling resume --batch finishes it, same bytes', async () => {
    const out = join(root, 'qt', 'terrain');
    const coordinator = tiling([...terrainArgs(out), '--queue', redis.url, '--batch', 'tq']);
    await until(
      async () => Number((await client.hget('tiling:b:tq:meta', 'enqueued')) ?? 0) > 0,
      'the terrain jobs to be enqueued',
    );
    coordinator.proc.kill('SIGKILL');
    await coordinator.done;
    const workers = [worker('t1'), worker('t2')];
    const resumed = await tiling(['resume', '--queue', redis.url, '--batch', 'tq', '--json']).done;
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ batch: 'tq', complete: true });
    await stopWorkers(workers);
    expectSame(out, join(local, 'terrain'));
    const ran = workers.flatMap(ranBy);
    const total = Number(await client.hget('tiling:b:tq:meta', 'jobsTotal'));
    expect(new Set(ran).size).toBe(total);
    // A batch this Redis does not hold is named in words.
    const unknown = await tiling(['resume', '--queue', redis.url, '--batch', 'nope']).done;
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no batch "nope" in redis:.*tiling status --queue/);
  }, 120_000);
});
