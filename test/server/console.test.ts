/**
 * The technicians' console API end to end: the real server (server/bin.ts) with a real
 * redis-server, spawning real `tiling run --queue` coordinators and `tiling worker` processes.
 * Plan and launch the sample; a worker SIGKILLed mid-job shows its job recovered and the batch ends
 * byte-identical to a local run; a broken dalle shows failed with its error in words; cancel then
 * resume; updates pushed as server-sent events; actions without a token, with a reviewer's token,
 * with unknown options or a path outside the roots are refused in words.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchDalle } from '../../format/batch-status';
import type { ConsoleBatch, ConsoleBatchEvent } from '../../format/console-api';
import { snapshot, tiling, until } from '../tiling/distributed/cli';
import { startRedis, type TestRedis } from '../tiling/distributed/redis';
import { type RunningServer, startServer, TOKENS } from './helpers';

const TECH = 'tech-token-000001';
mkdirSync('.tmp', { recursive: true });
const root = mkdtempSync(join(process.cwd(), '.tmp', 'console-'));
const inputs = join(root, 'inputs');
const twin = join(root, 'twin');
let redis: TestRedis;
let client: Redis;
let server: RunningServer;
let expected: Map<string, Buffer>;

const planFlags = ['--job-span', '2'];

async function api(
  path: string,
  o: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const token = o.token === undefined ? TECH : o.token;
  const res = await fetch(`${server.url}/api/console${path}`, {
    method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const batch = async (id: string) => (await api(`/batches/${id}`)).json as unknown as ConsoleBatch;
const dalles = async (id: string) => (await api(`/batches/${id}/dalles`)).json.dalles as BatchDalle[];

function launch(output: string, input = 'ortho/2021', extra: Record<string, unknown> = {}) {
  return api('/batches', {
    body: {
      inputs: [{ root: 'data', path: input }],
      output,
      vintage: '2021',
      workers: 2,
      options: { jobSpan: 2 },
      ...extra,
    },
  });
}

/** Server-sent events of the console, read as they come. */
function listen(): { events: ConsoleBatchEvent[]; close: () => void } {
  const events: ConsoleBatchEvent[] = [];
  const abort = new AbortController();
  void (async () => {
    try {
      const res = await fetch(`${server.url}/api/console/events`, { signal: abort.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
        let k = text.indexOf('\n\n');
        while (k >= 0) {
          const block = text.slice(0, k);
          text = text.slice(k + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (block.startsWith('event: batch') && data) events.push(JSON.parse(data) as ConsoleBatchEvent);
          k = text.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, close: () => abort.abort() };
}

beforeAll(async () => {
  redis = await startRedis(join(root, 'redis'));
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  client.on('error', () => {});
  const s = await tiling(['sample', '--out', inputs, '--size-m', '400']).done;
  expect(s.code, s.stderr).toBe(0);
  // A copy of one dalle with its pixels damaged (headers intact: the plan passes, the job fails).
  mkdirSync(join(inputs, 'broken'), { recursive: true });
  const name = readdirSync(join(inputs, 'ortho', '2021'))
    .filter((f) => f.endsWith('.tif'))
    .sort()[0] as string;
  copyFileSync(join(inputs, 'ortho', '2021', name), join(inputs, 'broken', name));
  const bytes = readFileSync(join(inputs, 'broken', name));
  bytes.fill(0x5a, Math.floor(bytes.length / 3), Math.floor(bytes.length / 3) + 400_000);
  writeFileSync(join(inputs, 'broken', name), bytes);
  // The local run every console batch must equal (same options, same layer name).
  const l = await tiling([
    'run',
    join(inputs, 'ortho', '2021'),
    '--out',
    join(root, 'local', 'killed'),
    ...planFlags,
    '--name',
    'killed',
    '--workers',
    '1',
  ]).done;
  expect(l.code, l.stderr).toBe(0);
  expected = snapshot(join(root, 'local', 'killed'));
  mkdirSync(twin, { recursive: true });
  server = await startServer(
    [
      '--twin',
      twin,
      '--dist',
      join(root, 'no-dist'),
      '--queue',
      redis.url,
      '--console-root',
      `data=${inputs}`,
      '--console-lock-ms',
      '3000',
      '--console-stalled-ms',
      '500',
    ],
    { TECHNICIAN_TOKENS: `tina=${TECH}` },
  );
}, 180_000);

afterAll(async () => {
  await server?.stop();
  client?.disconnect();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('the console API with real redis-server and worker processes', () => {
  it('lists the inputs under the roots and estimates a plan (tiles, bytes, objects, time)', async () => {
    const config = (await api('/config', { token: null })).json;
    expect(config.inputs).toEqual(expect.arrayContaining([{ root: 'data', path: 'ortho/2021', dalles: 4 }]));
    const plan = await api('/plan', {
      body: { inputs: [{ root: 'data', path: 'ortho/2021' }], options: { jobSpan: 2 } },
    });
    expect(plan.status, JSON.stringify(plan.json)).toBe(200);
    expect(plan.json).toMatchObject({ dalles: 4, tiles: 1581, objects: 1584, minZoom: 16, maxZoom: 21 });
    expect(plan.json.bytes).toBeGreaterThan(0);
    expect(plan.json.seconds).toBeGreaterThan(0);
  }, 120_000);

  it('launch, a worker SIGKILLed mid-job: its job is recovered, dalles turn done, the pyramid equals the local run', async () => {
    const sse = listen();
    const r = await launch('killed');
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    const id = r.json.id as string;
    // Wait for worker 1 to hold a job, then kill it.
    let victim = '';
    await until(
      async () => {
        const b = await batch(id);
        const w1 = b.processes.find((p) => p.name === `${id}-w1`);
        const active = await client.lrange('bull:tiling:active', 0, -1);
        for (const jobId of active) {
          const by = await client.hget(`bull:tiling:${jobId}`, 'pb');
          // A source job (root at z19 with --job-span 2): it belongs to a dalle, whose card shows it.
          if (by === `${id}-w1` && w1?.running && jobId.startsWith(`${id}.19-`)) {
            victim = jobId.slice(id.length + 1);
            process.kill(w1.pid, 'SIGKILL');
            return true;
          }
        }
        return false;
      },
      'worker 1 to run a job',
      120_000,
    );
    await until(async () => (await batch(id)).status.state === 'complete', 'the batch to complete', 180_000);
    const b = await batch(id);
    expect(b.status.recovered?.map((x) => x.job)).toContain(victim);
    expect(b.status.dalles).toMatchObject({ total: 4, done: 4, failed: 0, running: 0, planned: 0 });
    expect(b.status.zooms.map((z) => z.written)).toEqual(b.status.zooms.map((z) => z.planned));
    expect(b.outUrl).toBe('/twin/chantiers/killed/');
    const d = await dalles(id);
    expect(d.map((x) => x.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(d[0]?.ring?.[0]?.[0]).toBeCloseTo(3.12, 1);
    // Every dalle's jobs: all done, and the one the dead worker held says it was recovered.
    const jobs: { job: string; state: string; recovered?: number }[] = [];
    for (const k of [0, 1, 2, 3])
      jobs.push(...((await api(`/batches/${id}/dalles/${k}`)).json.jobs as typeof jobs));
    expect(jobs.length).toBeGreaterThanOrEqual(81);
    expect(jobs.every((j) => j.state === 'done')).toBe(true);
    const mine = jobs.filter((j) => j.job === victim);
    expect(
      mine.length,
      `${victim} among ${jobs.map((j) => `${j.job}:${j.recovered}`).join(' ')}`,
    ).toBeGreaterThan(0);
    for (const j of mine) expect(j.recovered).toBeGreaterThanOrEqual(1);
    // Same bytes as the local run.
    const got = snapshot(join(twin, 'chantiers', 'killed'));
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, v] of expected) expect(Buffer.compare(v, got.get(k) as Buffer), k).toBe(0);
    // Pushed, not polled: events came for this batch, the last one with its dalle done.
    await until(
      () => sse.events.some((e) => e.batch.id === id && e.batch.status.state === 'complete'),
      'a complete event',
    );
    expect(sse.events.some((e) => e.batch.id === id && e.dalles.some((x) => x.state === 'done'))).toBe(true);
    sse.close();
    // Its processes ended.
    await until(
      async () => (await batch(id)).processes.every((p) => !p.running),
      'the workers to stop',
      60_000,
    );
  }, 300_000);

  it('a broken dalle shows failed with its error (file and fix); retry is offered, resume refused', async () => {
    const r = await launch('broken', 'broken', { workers: 1 });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    const id = r.json.id as string;
    await until(
      async () => {
        const b = await batch(id);
        return b.status.state === 'stopped' && b.processes.every((p) => !p.running);
      },
      'the batch to stop',
      180_000,
    );
    const b = await batch(id);
    expect(b.status.dalles?.failed).toBe(1);
    expect(b.status.failures[0]?.message).toMatch(
      /broken\/2021-\d+-\d+-LA93-0M05-RVB\.tif.*corrupt; re-export it/,
    );
    const d = await dalles(id);
    expect(d[0]?.state).toBe('failed');
    const jobs = (await api(`/batches/${id}/dalles/0`)).json.jobs as { state: string; error?: string }[];
    expect(jobs.some((j) => j.state === 'failed' && /cannot be decoded/.test(j.error ?? ''))).toBe(true);
    const resume = await api(`/batches/${id}/resume`, { body: {} });
    expect(resume.status).toBe(409);
    expect(resume.json.error).toMatch(/stopped on \d+ failed job\(s\): fix the cause, then "retry failed"/);
  }, 240_000);

  it('cancel then resume: the batch ends complete with the same bytes', async () => {
    const r = await launch('cancelled', 'ortho/2021', { workers: 1 });
    const id = r.json.id as string;
    await until(async () => (await batch(id)).status.jobs.done >= 1, 'a first job done', 120_000);
    expect((await batch(id)).status.jobs.total).toBeGreaterThan(20);
    const c = await api(`/batches/${id}/cancel`, { body: {} });
    expect(c.status, JSON.stringify(c.json)).toBe(202);
    await until(
      async () => (await batch(id)).processes.every((p) => !p.running),
      'the coordinator to stop',
      60_000,
    );
    const cancelled = await batch(id);
    expect(cancelled.status.state).toBe('cancelled');
    expect(cancelled.status.jobs.done).toBeLessThan(cancelled.status.jobs.total);
    const again = await api(`/batches/${id}/cancel`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatch(/is cancelled, not running/);
    const res = await api(`/batches/${id}/resume`, { body: {} });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    await until(
      async () => (await batch(id)).status.state === 'complete',
      'the resumed batch to complete',
      180_000,
    );
    const got = snapshot(join(twin, 'chantiers', 'cancelled'));
    expect(got.size).toBe(expected.size);
  }, 300_000);

  it('refuses actions without a token (401), with a reviewer token (403), unknown options, paths outside the roots and a taken output', async () => {
    const none = await api('/batches', { token: null, body: {} });
    expect(none.status).toBe(401);
    expect(none.json.error).toMatch(/needs a technician token/);
    const reviewer = await api('/batches/c-killed/cancel', { token: TOKENS.alice, body: {} });
    expect(reviewer.status).toBe(403);
    expect(reviewer.json.error).toMatch(/reviewer "alice" gives no right/);
    const unknownToken = await api('/plan', { token: 'not-a-token-at-all', body: {} });
    expect(unknownToken.status).toBe(401);
    const outside = await api('/plan', { body: { inputs: [{ root: 'data', path: '../../..' }] } });
    expect(outside.status).toBe(400);
    expect(outside.json.error).toMatch(/leaves the root "data"/);
    const absolute = await api('/plan', { body: { inputs: [{ root: 'data', path: '/etc' }] } });
    expect(absolute.status).toBe(400);
    expect(absolute.json.error).toMatch(/must be relative/);
    const unknownRoot = await api('/plan', { body: { inputs: [{ root: 'home', path: 'x' }] } });
    expect(unknownRoot.json.error).toMatch(/root "home" is not configured; choose one of: data/);
    const options = await launch('x2', 'ortho/2021', { options: { jobSpan: 2, outDir: '/tmp' } });
    expect(options.status).toBe(400);
    expect(options.json.problems).toEqual(['options: unknown field(s) "outDir"']);
    const taken = await launch('killed');
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatch(/output "killed" is taken/);
    const traversalName = await launch('../evil');
    expect(traversalName.status).toBe(400);
  }, 60_000);
});
