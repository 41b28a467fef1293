/**
 * `runJobStream`: a streamed job list (an async generator, never held whole) coordinated on a real
 * redis-server with a real `tiling worker` loop (runTilingWorker, in this process) running the
 * registry's no-op handler: every job runs once, after its dependencies; a second coordinator of the
 * same batch finds every job in the manifest and enqueues nothing.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerSpec, type QueueJob } from '../../../tiling/engine';
import { BullMqJobEngine, RedisBatch, runJobStream, runTilingWorker } from '../../../tiling/engine/bullmq';
import { startRedis, type TestRedis } from './redis';

mkdirSync('.tmp', { recursive: true });
const root = mkdtempSync(join(process.cwd(), '.tmp', 'stream-'));
let redis: TestRedis;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis(join(root, 'redis'));
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  client.on('error', () => {});
});

afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** 4 groups of 50 leaf jobs, each group followed by a job depending on its 50, then a root on the 4. */
async function* plan(): AsyncGenerator<QueueJob> {
  for (let g = 0; g < 4; g++) {
    for (let i = 0; i < 50; i++) yield { id: `leaf-${g}-${i}`, deps: [] };
    yield { id: `group-${g}`, deps: Array.from({ length: 50 }, (_, i) => `leaf-${g}-${i}`) };
  }
  yield { id: 'root', deps: [0, 1, 2, 3].map((g) => `group-${g}`) };
}

describe('runJobStream', () => {
  it('runs a streamed plan on a worker, dependencies first, each job once; a resumed coordinator runs none again', async () => {
    const spec = handlerSpec('noop', {}, { portable: true });
    const batch = new RedisBatch(client, 'stream');
    await batch.register(
      { fingerprint: 'f', jobs: [], totalTiles: 0, levels: [] },
      spec,
      { out: root },
      { attempts: 2, backoffMs: 100 },
    );
    const abort = new AbortController();
    const worker = runTilingWorker({ url: redis.url, name: 'sw', signal: abort.signal });
    const done: string[] = [];
    const engine = new BullMqJobEngine({ url: redis.url, batch: 'stream', window: 64, pollMs: 500 });
    try {
      const summary = await runJobStream(engine, plan(), {
        handler: spec,
        onDone: (job) => {
          done.push(job.id);
        },
        onFailed: () => ({ action: 'stop' }),
      });
      expect(summary).toMatchObject({ completed: 205, failed: [], blocked: [], stopped: false });
      expect(new Set(done).size).toBe(205);
      // Each group after its 50 leaves, the root last.
      for (let g = 0; g < 4; g++)
        for (let i = 0; i < 50; i++)
          expect(done.indexOf(`leaf-${g}-${i}`)).toBeLessThan(done.indexOf(`group-${g}`));
      expect(done[done.length - 1]).toBe('root');
      expect(await client.hlen('tiling:b:stream:done')).toBe(205);
      const queue = new Queue('tiling', { connection: client });
      const root = await queue.getJob('stream.root');
      const group = await queue.getJob('stream.group-3');
      expect(root?.processedOn ?? 0).toBeGreaterThanOrEqual(group?.finishedOn ?? Number.POSITIVE_INFINITY);
      await queue.close();
    } finally {
      await engine.close();
    }
    const again = new BullMqJobEngine({ url: redis.url, batch: 'stream', window: 64, pollMs: 500 });
    try {
      const enqueued = Number(await client.hget('tiling:b:stream:meta', 'enqueued'));
      const summary = await runJobStream(again, plan(), {
        handler: spec,
        onDone: () => {},
        onFailed: () => ({ action: 'stop' }),
      });
      expect(summary.completed).toBe(0);
      expect(Number(await client.hget('tiling:b:stream:meta', 'enqueued'))).toBe(enqueued);
    } finally {
      await again.close();
      abort.abort();
      expect((await worker).jobs).toBe(205);
    }
  }, 60_000);
});
