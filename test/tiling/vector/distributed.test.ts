/**
 * `tiling vector` as jobs: the split of the pyramid into root-tile jobs (each from its bucket of
 * features) gives the very bytes of the single-process `writeVectorPyramid` on the sample's OCS2D
 * and changes; a distributed batch on a real redis-server with two `tiling worker` processes, one
 * SIGKILLed in the middle of the batch, ends with the local run's bytes; bad input is said in words.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VectorKind } from '../../../format/tile-metadata';
import { LocalJobEngine } from '../../../tiling/engine';
import {
  changesFeatureCollection,
  detectChanges,
  featureCollectionText,
  generateScene,
  ocs2dFeatureCollection,
  sampleExtent,
} from '../../../tiling/sample';
import {
  buildVectorPyramid,
  prepareFeatures,
  readBucket,
  readVectorFile,
  runVector,
  setupVector,
  VECTOR_DEFAULTS,
  type VectorRunOptions,
  writeVectorPyramid,
} from '../../../tiling/vector';
import { killAll, type Running, snapshot, tiling, until } from '../distributed/cli';
import { startRedis, type TestRedis } from '../distributed/redis';

mkdirSync('.tmp', { recursive: true });
const root = mkdtempSync(join(process.cwd(), '.tmp', 'vector-queue-'));
const ocs2d = join(root, 'ocs2d-2021.geojson');
const changes = join(root, 'changes.geojson');
let redis: TestRedis | undefined;
let client: Redis | undefined;

beforeAll(() => {
  // The sample's OCS2D and change layers, the very files `tiling sample` writes (tiling/sample).
  for (const [size, suffix] of [
    [200, ''],
    [400, '-400'],
  ] as const) {
    const scene = generateScene(1, size);
    const e = sampleExtent(size);
    const offset = { x: e.minX, y: e.minY };
    writeFileSync(
      ocs2d.replace('.geojson', `${suffix}.geojson`),
      featureCollectionText(ocs2dFeatureCollection(scene.vintages[0], offset)),
    );
    writeFileSync(
      changes.replace('.geojson', `${suffix}.geojson`),
      featureCollectionText(changesFeatureCollection(detectChanges(scene), offset, 'changes-2021-2024')),
    );
  }
});

afterAll(async () => {
  killAll();
  client?.disconnect();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

function expectSame(got: string, want: string): void {
  const a = snapshot(want);
  const b = snapshot(got);
  expect(a.size).toBeGreaterThan(2);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [k, v] of a) expect(Buffer.compare(v, b.get(k) as Buffer), k).toBe(0);
}

/** The single-process pyramid of today's `tiling vector` (build + writeVectorPyramid). */
async function singleProcess(input: string, kind: VectorKind, o: Partial<VectorRunOptions>, out: string) {
  const layer = prepareFeatures('sample', await readVectorFile(input), { kind });
  const name = input.split('/').pop()?.replace('.geojson', '') ?? '';
  await writeVectorPyramid(out, buildVectorPyramid(name, layer, { ...VECTOR_DEFAULTS, ...o, kind }));
}

describe('vector jobs', () => {
  it.each([
    ['ocs2d', 'defaults (10..16, jobs at z12)', { jobZoom: undefined }, 0],
    ['ocs2d', '10..18, a job per z18 tile', { maxZoom: 18, jobZoom: 18 }, 0],
    ['ocs2d', '12..19, jobs at z17, on 2 worker threads', { minZoom: 12, maxZoom: 19, jobZoom: 17 }, 2],
    ['changes', '10..18 with the heat layer, jobs at z17', { maxZoom: 18, jobZoom: 17 }, 0],
  ] as const)(
    '%s, %s: the same bytes as the single-process run',
    async (kind, _what, o, workers) => {
      const input = kind === 'ocs2d' ? ocs2d : changes;
      const options: VectorRunOptions = { kind, ...o };
      const want = join(root, `single-${kind}-${o.jobZoom ?? 'd'}`);
      await singleProcess(input, kind, o, want);
      const setup = await setupVector({ input, options });
      if (o.jobZoom !== undefined) {
        expect(setup.plan.jobs.length).toBeGreaterThan(2);
        // Features near a root tile's edge go to the neighbours' buckets too (the margin).
        const inBuckets = [...setup.plan.members.values()].reduce((n, m) => n + m.length, 0);
        expect(inBuckets).toBeGreaterThan(setup.layer.features.length);
      }
      const got = join(root, `jobs-${kind}-${o.jobZoom ?? 'd'}`);
      const engine = new LocalJobEngine({ workers });
      try {
        const r = await runVector({ input, options, outDir: got, engine });
        expect(r.complete, JSON.stringify(r.errors)).toBe(true);
        expect(r.jobs.completed).toBe(setup.plan.jobs.length);
        expect(r.tiles).toBe(snapshot(want).size - 2);
      } finally {
        await engine.close();
      }
      expectSame(got, want);
      // The buckets are gone once the pyramid is complete.
      expect(existsSync(join(got, '.tiling', 'vector-buckets'))).toBe(false);
    },
    60_000,
  );
});

describe('tiling vector --queue', () => {
  const workerFlags = ['--lock-ms', '2000', '--stalled-ms', '300'];
  const args = (out: string) => ['vector', ocs2d.replace('.geojson', '-400.geojson'), '--out', out];
  const zooms = ['--max-zoom', '18', '--job-zoom', '18'];
  const ranBy = (w: Running) => [...w.output().matchAll(/ job (\S+) done/g)].map((m) => m[1] as string);

  it('two tiling worker processes, one SIGKILLed mid-batch: the same bytes as the local run', async () => {
    redis = await startRedis(join(root, 'redis'));
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    client.on('error', () => {});
    const local = join(root, 'q-local');
    const l = await tiling([...args(local), ...zooms, '--workers', '0']).done;
    expect(l.code, l.stderr).toBe(0);

    const out = join(root, 'q-out');
    const worker = (name: string) =>
      tiling(['worker', '--queue', redis?.url ?? '', '--name', name, ...workerFlags]);
    const victim = worker('v1');
    const coordinator = tiling([...args(out), ...zooms, '--queue', redis.url, '--batch', 'vq']);
    const queue = new Queue('tiling', { connection: client });
    try {
      // Kill v1 while it holds a job of the batch (or, at the latest, right after its first one).
      let held = '';
      await until(async () => {
        if (ranBy(victim).length > 0) return true;
        const active = await queue.getJobs(['active']);
        const mine = active.find((j) => j?.id?.startsWith('vq.') && j.processedBy === 'v1');
        if (mine?.id) held = mine.id.slice('vq.'.length);
        return held !== '';
      }, 'worker v1 to take a vector job');
      victim.proc.kill('SIGKILL');
      expect((await victim.done).signal).toBe('SIGKILL');
      const survivor = worker('v2');
      const r = await coordinator.done;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toMatch(/batch vq on redis:.*start "tiling worker/);
      expect(r.stdout).toContain(`${out} (`);
      survivor.proc.kill('SIGTERM');
      await survivor.done;
      expectSame(out, local);
      const total = Number(await client.hget('tiling:b:vq:meta', 'jobsTotal'));
      expect(total).toBeGreaterThan(10);
      // v1 died before the end; v2 ran the rest, the job v1 held included.
      expect(ranBy(victim).length).toBeLessThan(total);
      expect(new Set([...ranBy(victim), ...ranBy(survivor)]).size).toBe(total);
      if (held !== '') expect(ranBy(survivor)).toContain(held);
      expect(await client.hget('tiling:b:vq:meta', 'state')).toBe('complete');
      // `tiling resume` finds the product of the batch (the registry): nothing left, same bytes.
      const resumed = await tiling(['resume', '--queue', redis.url, '--batch', 'vq', '--json']).done;
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ batch: 'vq', complete: true, kind: 'ocs2d' });
      expectSame(out, local);
    } finally {
      await queue.close();
    }
  }, 120_000);
});

describe('bad input', () => {
  it('a missing input file is named in words, locally and with --queue, and nothing is written', async () => {
    const out = join(root, 'missing-out');
    const missing = join(root, 'ocs2d-2031.geojson');
    for (const extra of [[], ['--queue', 'redis://127.0.0.1:1']]) {
      const r = await tiling(['vector', missing, '--out', out, ...extra]).done;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`tiling vector: the input "${missing}" does not exist`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
      expect(existsSync(out)).toBe(false);
    }
  }, 30_000);

  it('a worker without the bucket file says where it looked and what it needs', async () => {
    const path = join(root, 'nowhere', 'vector-12-1-1.ndjson');
    await expect(readBucket(path, ['ocs2d'])).rejects.toThrow(
      `tiling vector: the bucket file "${path}" cannot be read (ENOENT): the coordinator writes it before enqueuing; every worker must see the output folder at the same path.`,
    );
  });
});
