/**
 * `npm run bench:console`: the technicians' console at regional scale. A batch of 3.3 M jobs (the
 * Hauts-de-France at 5 cm, one vintage: docs/scale.md) is simulated in a real redis-server with the
 * very key layout the coordinator writes (half its jobs done in the manifest, 795,150 dalles with
 * their footprints and counters, 256 workers, failures, recovered jobs, BullMQ's active list), then
 * the real server (server/bin.ts) is asked for the batch's status over HTTP: latency p50/p99 (target
 * p99 < 200 ms, answered from the aggregates, not by scanning jobs). Then the page's update delay:
 * a job is finished through the coordinator's own code (`RedisBatch.countDone`) and the time until
 * the server-sent event naming its dalle reaches a client is measured.
 *
 *   npm run bench:console [-- --jobs 3300000 --dalles 795150 --requests 400]
 *
 * Needs redis-server (Debian package) on PATH; started on a free loopback port and stopped.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { batchKey, DALLE_FIELDS } from '../format/batch-status';
import { freePort } from '../test/tiling/distributed/redis';
import { RedisBatch } from '../tiling/engine/bullmq/batch';

const NAME = 'bench:console';
const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '3300000' },
    dalles: { type: 'string', default: '795150' },
    requests: { type: 'string', default: '400' },
    events: { type: 'string', default: '50' },
  },
});
const JOBS = Number(values.jobs);
const DALLES = Number(values.dalles);
const REQUESTS = Number(values.requests);
const EVENTS = Number(values.events);
const ID = 'bench-hdf';

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Writes the simulated batch with pipelines of 1,000-field HSETs. */
async function simulate(redis: Redis): Promise<void> {
  const meta = batchKey(ID, 'meta');
  const levels: Record<string, number> = {};
  for (let z = 6; z <= 21; z++) levels[z] = Math.round(210_600_000 / 4 ** (21 - z)) + 1;
  const done = Math.floor(JOBS / 2);
  await redis.sadd('tiling:batches', ID);
  await redis.set(
    batchKey(ID, 'spec'),
    JSON.stringify({ module: 'ortho/handler', exportName: 'x', config: {} }),
  );
  await redis.hset(meta, {
    state: 'running',
    out: '/data/twin/2024/ortho',
    fingerprint: 'f'.repeat(16),
    created: new Date().toISOString(),
    jobsTotal: JOBS,
    jobsDone: done,
    plannedTotal: 280_800_000,
    plannedDone: 140_400_000,
    tiles: 139_000_000,
    bytes: 2_100_000_000_000,
    firstDoneAt: Date.now() - 3600_000,
    lastDoneAt: Date.now(),
    levels: JSON.stringify(levels),
    dallesTotal: DALLES,
    dallesPlanned: Math.floor(DALLES / 2) - 1000,
    dallesRunning: 1000,
    dallesDone: Math.ceil(DALLES / 2) - 3,
    dallesFailed: 3,
    dallesSkipped: 0,
  });
  const zoom: Record<string, number> = {};
  for (const [z, n] of Object.entries(levels)) zoom[z] = Math.floor(n / 2);
  await redis.hset(batchKey(ID, 'zoom'), zoom);
  const workers: Record<string, number> = {};
  for (let w = 0; w < 256; w++) {
    workers[`node-${w}/1|jobs`] = 6400;
    workers[`node-${w}/1|tiles`] = 540_000;
    workers[`node-${w}/1|seconds`] = 3800;
    workers[`node-${w}/1|last`] = Date.now();
  }
  await redis.hset(batchKey(ID, 'workers'), workers);
  for (let k = 0; k < 20; k++)
    await redis.hset(
      batchKey(ID, 'failed'),
      `19-${k}-0`,
      JSON.stringify({
        message: `tiling: dalle "x${k}.tif" cannot be decoded. The file is corrupt; re-export it.`,
        attempts: 3,
        at: new Date().toISOString(),
      }),
    );
  for (let k = 0; k < 10; k++)
    await redis.hset(batchKey(ID, 'stalled'), `19-${k}-1`, 1, `19-${k}-1|at`, new Date().toISOString());
  await redis.del('bull:tiling:active');
  await redis.rpush('bull:tiling:active', ...Array.from({ length: 256 }, (_, k) => `${ID}.19-${k}-9`));
  // The manifest (half the jobs done) and the dalles (info + counters), as the coordinator writes them.
  const t0 = performance.now();
  for (let i = 0; i < done; i += 50_000) {
    const p = redis.pipeline();
    for (let j = i; j < Math.min(done, i + 50_000); j += 1000) {
      const h: Record<string, string> = {};
      for (let k = j; k < Math.min(done, j + 1000); k++)
        h[`19-${k}-0`] = `{"job":"19-${k}-0","tiles":85,"bytes":1270000}`;
      p.hset(batchKey(ID, 'done'), h);
    }
    await p.exec();
  }
  for (let i = 0; i < DALLES; i += 20_000) {
    const p = redis.pipeline();
    for (let j = i; j < Math.min(DALLES, i + 20_000); j += 1000) {
      const info: Record<string, string> = {};
      const counts: Record<string, number> = {};
      for (let k = j; k < Math.min(DALLES, j + 1000); k++) {
        const x = 600_000 + (k % 1000) * 200;
        const y = 7_000_000 + Math.floor(k / 1000) * 200;
        info[String(k)] = JSON.stringify({
          name: `2024-0${x / 100}-${(y + 200) / 100}-LA93-0M05-RVB.jp2`,
          epsg: 2154,
          bbox: [x, y, x + 200, y + 200],
          jobs: [`19-${k}-0`, `19-${k}-1`, `19-${k}-2`, `19-${k}-3`],
        });
        counts[DALLE_FIELDS.planned(k)] = 4;
        counts[DALLE_FIELDS.done(k)] = k < DALLES / 2 ? 4 : 0;
        counts[DALLE_FIELDS.failed(k)] = 0;
      }
      p.hset(batchKey(ID, 'dalle-info'), info);
      p.hset(batchKey(ID, 'dalles'), counts);
    }
    await p.exec();
  }
  const memory = /used_memory_human:(\S+)/.exec(await redis.info('memory'))?.[1];
  console.log(
    `${NAME}: simulated ${JOBS.toLocaleString('en')} jobs (${done.toLocaleString('en')} done), ${DALLES.toLocaleString('en')} dalles in ${((performance.now() - t0) / 1000).toFixed(1)} s; Redis uses ${memory}`,
  );
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const redisPort = await freePort();
  const pidFile = join(tmp, 'redis.pid');
  execFileSync('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(redisPort),
    '--dir',
    tmp,
    '--pidfile',
    pidFile,
    '--save',
    '',
    '--logfile',
    join(tmp, 'redis.log'),
  ]);
  const url = `redis://127.0.0.1:${redisPort}`;
  let redisPid = 0;
  let server: ChildProcess | null = null;
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  try {
    for (let k = 0; k < 100 && redisPid === 0; k++) {
      try {
        redisPid = Number(readFileSync(pidFile, 'utf8').trim());
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await redis.ping();
    await simulate(redis);
    const port = await freePort();
    const srv = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/bin.ts',
        '--port',
        String(port),
        '--twin',
        join(tmp, 'twin'),
        '--dist',
        join(tmp, 'none'),
        '--db',
        join(tmp, 'review.sqlite'),
        '--queue',
        url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server = srv;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`${NAME}: the server did not start:\n${out}`)), 60_000);
      srv.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('hdf-twin server: http')) {
          clearTimeout(t);
          resolve();
        }
      });
      srv.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
      });
    });
    const base = `http://127.0.0.1:${port}/api/console`;
    // Status latency over HTTP, one request at a time (what a page or a monitoring probe does).
    for (let k = 0; k < 20; k++) await (await fetch(`${base}/batches/${ID}`)).json();
    const times: number[] = [];
    for (let k = 0; k < REQUESTS; k++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/batches/${ID}`);
      const body = (await res.json()) as { status: { jobs: { total: number } } };
      times.push(performance.now() - t0);
      if (body.status.jobs.total !== JOBS)
        throw new Error(`${NAME}: the status says ${body.status.jobs.total} jobs`);
    }
    times.sort((a, b) => a - b);
    const dallePage = performance.now();
    const page = (await (await fetch(`${base}/batches/${ID}/dalles?offset=0&limit=20000`)).json()) as {
      dalles: unknown[];
    };
    const pageMs = performance.now() - dallePage;
    console.log(
      `${NAME}: GET /api/console/batches/${ID} (${JOBS.toLocaleString('en')} jobs), ${REQUESTS} requests: p50 ${quantile(times, 0.5).toFixed(1)} ms, p99 ${quantile(times, 0.99).toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms (target p99 < 200 ms: ${quantile(times, 0.99) < 200 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `${NAME}: one page of the map, ${page.dalles.length.toLocaleString('en')} dalles with footprints: ${pageMs.toFixed(0)} ms`,
    );
    // The page's update delay: a job ends (the coordinator's countDone), the event reaches a client.
    const abort = new AbortController();
    const res = await fetch(`${base}/events`, { signal: abort.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const waitFor = async (dalle: number): Promise<void> => {
      const t0 = Date.now();
      for (;;) {
        if (Date.now() - t0 > 10_000) throw new Error(`${NAME}: no event for dalle ${dalle} in 10 s`);
        const m = new RegExp(`"index":${dalle},`).exec(text);
        if (m) {
          text = '';
          return;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`${NAME}: the event stream ended`);
        text += Buffer.from(value).toString();
      }
    };
    const batch = new RedisBatch(redis, ID);
    const delays: number[] = [];
    for (let k = 0; k < EVENTS; k++) {
      const dalle = DALLES - 1 - k;
      const t0 = performance.now();
      await batch.countDone(
        { job: `19-${dalle}-live`, tiles: 85, bytes: 1_270_000 },
        {
          planned: 85,
          worker: 'node-0/1',
          seconds: 0.6,
          tilesPerZoom: { 21: 64, 20: 16, 19: 4 },
          dalles: [dalle],
        },
      );
      await waitFor(dalle);
      delays.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    abort.abort();
    delays.sort((a, b) => a - b);
    console.log(
      `${NAME}: update delay (job recorded done -> server-sent event with its dalle at the client), ${EVENTS} jobs: p50 ${quantile(delays, 0.5).toFixed(1)} ms, p99 ${quantile(delays, 0.99).toFixed(1)} ms (includes the server's 50 ms gathering of changes)`,
    );
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    redis.disconnect();
    if (redisPid > 0) process.kill(redisPid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
