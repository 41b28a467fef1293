/**
 * Distributed batches end to end, through the command line, against a real redis-server and real
 * worker processes: the sample is tiled locally once, then by `tiling run --queue` + `tiling worker`s,
 * and every result must equal the local one byte for byte, also when a worker is SIGKILLed in the
 * middle of a job, when Redis restarts mid-batch, after cancel + resume, and when writing to S3
 * (s3rver on loopback). A job that keeps failing is reported with its error in `tiling status`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { PMTiles } from 'pmtiles';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchStatus, BatchStatusListSchema } from '../../../format/batch-status';
import { batchStatus } from '../../../tiling/engine/bullmq';
import { BufferSource, killAll, type Running, snapshot, tiling, until } from './cli';
import { freePort, startRedis, type TestRedis } from './redis';

mkdirSync('.tmp', { recursive: true });
const root = mkdtempSync(join(process.cwd(), '.tmp', 'distributed-'));
const sample = join(root, 'sample');
const dalles = join(sample, 'ortho', '2021');
const reference = join(root, 'local', 'ortho');
let redis: TestRedis;
let client: Redis;
let expected: Map<string, Buffer>;

/** Same plan and layer name everywhere: the output must not depend on the engine. */
const planFlags = ['--job-span', '2', '--name', 'ortho'];
const workerFlags = ['--lock-ms', '3000', '--stalled-ms', '500'];

const run = (out: string, batch: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  tiling(['run', dalles, '--out', out, '--queue', redis.url, '--batch', batch, ...planFlags, ...extra], env);
const worker = (name: string, env: NodeJS.ProcessEnv = {}) =>
  tiling(['worker', '--queue', redis.url, '--name', name, ...workerFlags], env);

async function stopWorkers(workers: Running[]): Promise<void> {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGTERM');
  for (const w of workers) await w.done;
}

/** A batch's status as `tiling status --json` prints it (read in this process; the CLI is checked once). */
async function status(batch: string): Promise<BatchStatus> {
  return batchStatus(client, batch);
}

const doneCount = (batch: string) => client.hlen(`tiling:b:${batch}:done`);

function expectSame(dir: string): void {
  const got = snapshot(dir);
  got.delete('pyramid.pmtiles');
  expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [k, v] of expected) expect(Buffer.compare(v, got.get(k) as Buffer), k).toBe(0);
}

beforeAll(async () => {
  redis = await startRedis(join(root, 'redis'));
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  client.on('error', () => {});
  const s = await tiling(['sample', '--out', sample, '--size-m', '200']).done;
  expect(s.code, s.stderr).toBe(0);
  const l = await tiling(['run', dalles, '--out', reference, ...planFlags, '--workers', '1']).done;
  expect(l.code, l.stderr).toBe(0);
  expected = snapshot(reference);
  expect(expected.size).toBeGreaterThan(100);
});

afterAll(async () => {
  killAll();
  client?.disconnect();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('tiling run --queue with tiling worker processes', () => {
  it('3 workers, one SIGKILLed mid-job: its job runs elsewhere and the pyramid equals the local run byte for byte', async () => {
    const out = join(root, 'killed', 'ortho');
    const workers = [worker('w1'), worker('w2'), worker('w3')];
    const coordinator = run(out, 'kill');
    const queue = new Queue('tiling', { connection: client });
    let victim = '';
    await until(async () => {
      const active = await queue.getJobs(['active']);
      const mine = active.find((j) => j?.id?.startsWith('kill.') && j.processedBy === 'w1');
      if (mine?.id) victim = mine.id.slice('kill.'.length);
      return victim !== '';
    }, 'worker w1 to be running a job');
    (workers[0] as Running).proc.kill('SIGKILL');
    const r = await coordinator.done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await (workers[0] as Running).done).signal).toBe('SIGKILL');
    await stopWorkers(workers.slice(1));
    expectSame(out);
    // The job w1 died in was run again, to the end, by another worker.
    const rerun = workers
      .slice(1)
      .map((w) => w.output())
      .join('');
    expect(rerun).toContain(`job ${victim} done`);
    expect((await queue.getJob(`kill.${victim}`))?.processedBy).not.toBe('w1');
    await queue.close();
    const st = await status('kill');
    expect(st).toMatchObject({ state: 'complete', progress: 1, failures: [] });
    expect(st.jobs.done).toBe(st.jobs.total);
    // The same command again: every job id exists, nothing is enqueued or run again.
    const again = await run(out, 'kill').done;
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/this run: 0 jobs .*\(\d+ jobs done by an earlier run\)/);
  });

  it('Redis restarted mid-batch: the batch resumes and ends with the same bytes', async () => {
    const out = join(root, 'restart', 'ortho');
    const workers = [worker('r1'), worker('r2')];
    const coordinator = run(out, 'restart', ['--pack', 'pmtiles']);
    await until(async () => (await doneCount('restart')) >= 2, 'two jobs done');
    await redis.restart();
    const afterRestart = await doneCount('restart');
    const r = await coordinator.done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    await stopWorkers(workers);
    const st = await status('restart');
    expect(afterRestart).toBeLessThan(st.jobs.total);
    expect(st).toMatchObject({ state: 'complete', failures: [] });
    expectSame(out);
    // --pack pmtiles: the same tiles in one PMTiles v3 archive, read back with the pmtiles library.
    const archive = new PMTiles(new BufferSource(readFileSync(join(out, 'pyramid.pmtiles'))));
    let tiles = 0;
    for (const [k, v] of expected) {
      const m = /^(\d+)\/(\d+)\/(\d+)\.\w+$/.exec(k);
      if (!m) continue;
      const got = await archive.getZxy(Number(m[1]), Number(m[2]), Number(m[3]));
      expect(Buffer.compare(Buffer.from((got as { data: ArrayBuffer }).data), v), k).toBe(0);
      tiles++;
    }
    expect((await archive.getHeader()).numAddressedTiles).toBe(tiles);
  });

  it('cancel removes the queued jobs and stops the coordinator; resume finishes the batch, same bytes', async () => {
    const out = join(root, 'cancel', 'ortho');
    const coordinator = run(out, 'cancel');
    await until(() => coordinator.output().includes('batch cancel:'), 'the batch to be enqueued');
    await until(
      async () => (await client.hget('tiling:b:cancel:meta', 'state')) === 'running',
      'state running',
    );
    const c = await tiling(['cancel', '--queue', redis.url, '--batch', 'cancel', '--json']).done;
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ batch: 'cancel', state: 'cancelled' });
    expect(JSON.parse(c.stdout).removedJobs).toBeGreaterThan(0);
    const stopped = await coordinator.done;
    expect(stopped.code).toBe(1);
    const cli = await tiling(['status', '--queue', redis.url, '--batch', 'cancel', '--json']).done;
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject([{ batch: 'cancel', state: 'cancelled' }]);
    // The printed document is what format/batch-status.ts says a technician's tool can read.
    expect(BatchStatusListSchema.safeParse(JSON.parse(cli.stdout)).success).toBe(true);

    const workers = [worker('c1'), worker('c2')];
    const resumed = await tiling(['resume', '--queue', redis.url, '--batch', 'cancel']).done;
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    await stopWorkers(workers);
    expectSame(out);
    const st = await status('cancel');
    expect(st).toMatchObject({ state: 'complete', progress: 1 });
    const perWorker = st.workers;
    for (const w of perWorker) {
      expect(['c1', 'c2']).toContain(w.name);
      expect(w.tilesPerSecond).toBeGreaterThan(0);
    }
    expect(perWorker.reduce((a, w) => a + w.jobs, 0)).toBe(st.jobs.total);
    const zooms = st.zooms;
    expect(zooms.map((z) => z.written)).toEqual(zooms.map((z) => z.planned));
  });

  it('a job that fails every attempt is reported with its error and attempts; the run exits 1', async () => {
    const out = join(root, 'failing', 'ortho');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '21'), 'a file where the z21 folder should be');
    // A lock long enough that a slow machine never loses it mid-job: a lost lock is a stall, which
    // BullMQ counts apart from the attempts this test is about.
    const workers = [tiling(['worker', '--queue', redis.url, '--name', 'f1', '--lock-ms', '30000'])];
    const r = await run(out, 'failing', ['--attempts', '2']).done;
    await stopWorkers(workers);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/job \S+ failed: .*(EEXIST|ENOTDIR)/);
    const st = await status('failing');
    const failures = st.failures;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]?.attempts).toBe(2);
    expect(failures[0]?.message).toMatch(/EEXIST|ENOTDIR/);
    expect(st.state).toBe('stopped');
  });

  it('writes to S3-compatible storage (s3rver on loopback), retrying throttled PUTs: same objects, same bytes, no side entries left', async () => {
    const port = await freePort();
    const s3 = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory: join(root, 's3'),
      configureBuckets: [{ name: 'twin' }],
    });
    await s3.run();
    const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
    const endpoint = `http://127.0.0.1:${port}`;
    // In front of it, a proxy that answers one PUT in four with 503 SlowDown, as S3 does while it
    // repartitions a prefix under load (the first 80 PUTs: enough to see retries, short enough to test).
    let puts = 0;
    let throttled = 0;
    const proxy = createHttpServer((req, res) => {
      if (req.method === 'PUT' && ++puts <= 80 && puts % 4 === 0) {
        throttled++;
        req.resume();
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>test</RequestId></Error>',
        );
        return;
      }
      const up = httpRequest(
        { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    const proxyPort = await freePort();
    await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
    try {
      const workers = [worker('s1', env), worker('s2', env)];
      const r = await run(
        's3://twin/hdf/ortho',
        's3',
        ['--s3-endpoint', `http://127.0.0.1:${proxyPort}`, '--pack', 'pmtiles'],
        env,
      ).done;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      await stopWorkers(workers);
      expect(throttled).toBe(20);
      const { S3Client, ListObjectsV2Command, GetObjectCommand } = await import('@aws-sdk/client-s3');
      const s3c = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3c.send(
          new ListObjectsV2Command({ Bucket: 'twin', Prefix: 'hdf/ortho/', ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice('hdf/ortho/'.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      expect(keys.filter((k) => k.startsWith('.tiling/'))).toEqual([]);
      expect(keys).toContain('report.json');
      expect(keys).toContain('pyramid.pmtiles');
      const tiles = keys.filter((k) => k !== 'report.json' && k !== 'pyramid.pmtiles').sort();
      expect(tiles).toEqual([...expected.keys()].sort());
      for (const k of tiles) {
        const o = await s3c.send(new GetObjectCommand({ Bucket: 'twin', Key: `hdf/ortho/${k}` }));
        const bytes = Buffer.from(
          await (o.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
        );
        expect(Buffer.compare(bytes, expected.get(k) as Buffer), k).toBe(0);
      }
      s3c.destroy();
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
      await s3.close();
    }
  });

  it('bad input is named: a missing --queue, an unknown batch, s3:// without a queue', async () => {
    const noQueue = await tiling(['worker']).done;
    expect(noQueue.code).toBe(1);
    expect(noQueue.stderr).toMatch(/--queue redis:\/\/host:port is required/);
    const unknown = await tiling(['status', '--queue', redis.url, '--batch', 'nope']).done;
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no batch "nope"/);
    const noRedis = await tiling(['run', dalles, '--out', 's3://twin/x']).done;
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toMatch(/needs --queue/);
  });
});
