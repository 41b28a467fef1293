/**
 * The Node-side reader of distributed batches in Redis (the key layout of format/batch-status.ts):
 * a batch's status from its counters and per-zoom / per-dalle aggregates (never by scanning its
 * jobs, so a batch of millions of jobs answers in a few round trips), its dalles with their states
 * and footprints, a dalle's jobs with their errors, and the change notifications the tiling
 * publishes. Read by `tiling status` (tiling/engine/bullmq/status.ts) and the console's server
 * (server/console), which never imports the tiling.
 */
import type { Redis } from 'ioredis';
import {
  BATCH_EVENTS_CHANNEL,
  BATCHES_KEY,
  type BatchDalle,
  type BatchDalleInfo,
  type BatchEventKind,
  type BatchState,
  type BatchStatus,
  batchKey,
  DALLE_FIELDS,
  type DalleJob,
  dalleStateOf,
  pcrsNameToLambert93,
} from '../batch-status';
import { crsTransformOf } from '../crs';

/** BullMQ's list of the jobs being run, for the tiling's one queue ("tiling", BullMQ's "bull" prefix). */
export const BULLMQ_ACTIVE_KEY = 'bull:tiling:active';

/** Ids of the batches registered in this Redis, sorted. */
export async function listBatchIds(redis: Redis): Promise<string[]> {
  return (await redis.smembers(BATCHES_KEY)).sort();
}

/** The product of a handler spec's module name ("ortho/handler" -> "ortho"). */
export function productOfSpec(text: string | null): string | undefined {
  if (!text) return undefined;
  try {
    const module = String((JSON.parse(text) as { module?: unknown }).module ?? '');
    const m = /(?:^|[\\/])([\w-]+)[\\/]handler(?:\.[jt]s)?$/.exec(module);
    return m?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Reads a batch's status: every figure comes from counters the coordinator increments as jobs
 * finish (meta, zoom, workers) and from the failed/stalled hashes (few entries), plus BullMQ's
 * active list: O(workers + failures), whatever the number of jobs.
 */
export async function readBatchStatus(redis: Redis, id: string, now = Date.now()): Promise<BatchStatus> {
  const p = redis.pipeline();
  p.hgetall(batchKey(id, 'meta'));
  p.hgetall(batchKey(id, 'zoom'));
  p.hgetall(batchKey(id, 'workers'));
  p.hgetall(batchKey(id, 'failed'));
  p.hgetall(batchKey(id, 'stalled'));
  p.lrange(BULLMQ_ACTIVE_KEY, 0, -1);
  p.get(batchKey(id, 'spec'));
  const r = (await p.exec()) ?? [];
  const value = <T>(k: number): T => r[k]?.[1] as T;
  const meta = value<Record<string, string>>(0) ?? {};
  const zoom = value<Record<string, string>>(1) ?? {};
  const w = value<Record<string, string>>(2) ?? {};
  const failed = value<Record<string, string>>(3) ?? {};
  const stalled = value<Record<string, string>>(4) ?? {};
  const activeIds = value<string[]>(5) ?? [];
  const num = (k: string) => Number(meta[k] ?? 0);
  const levels = JSON.parse(meta.levels ?? '{}') as Record<string, number>;
  const zooms = Object.entries(levels)
    .map(([z, planned]) => ({ z: Number(z), planned, written: Number(zoom[z] ?? 0) }))
    .sort((a, b) => a.z - b.z);
  const names = [...new Set(Object.keys(w).map((k) => k.slice(0, k.lastIndexOf('|'))))].sort();
  const workers = names.map((name) => {
    const jobs = Number(w[`${name}|jobs`] ?? 0);
    const tiles = Number(w[`${name}|tiles`] ?? 0);
    const busySeconds = Number(w[`${name}|seconds`] ?? 0);
    return {
      name,
      jobs,
      tiles,
      busySeconds,
      tilesPerSecond: busySeconds > 0 ? tiles / busySeconds : 0,
      lastSeenSecondsAgo: Math.max(0, (now - Number(w[`${name}|last`] ?? now)) / 1000),
    };
  });
  const failures = Object.entries(failed)
    .map(([job, text]) => ({
      job,
      ...(JSON.parse(text) as { message: string; attempts: number; at: string }),
    }))
    .sort((a, b) => a.job.localeCompare(b.job));
  const recovered = Object.entries(stalled)
    .filter(([k]) => !k.endsWith('|at'))
    .map(([job, count]) => ({ job, count: Number(count), at: stalled[`${job}|at`] ?? '' }))
    .sort((a, b) => a.job.localeCompare(b.job));
  const prefix = `${id}.`;
  const active = activeIds.filter((j) => j.startsWith(prefix)).length;
  const total = num('jobsTotal');
  const done = num('jobsDone');
  const plannedTotal = num('plannedTotal');
  const plannedDone = num('plannedDone');
  const first = num('firstDoneAt');
  const last = num('lastDoneAt');
  const state = (meta.state as BatchState | undefined) ?? 'registered';
  const elapsed = first > 0 ? ((state === 'running' ? now : last) - first) / 1000 : 0;
  const tiles = num('tiles');
  const plannedRate = elapsed > 0 ? plannedDone / elapsed : 0;
  const status: BatchStatus = {
    batch: id,
    state,
    out: meta.out ?? '',
    fingerprint: meta.fingerprint ?? '',
    created: meta.created ?? null,
    jobs: { total, done, failed: failures.length, active, remaining: Math.max(0, total - done) },
    tiles: { planned: plannedTotal, plannedDone, written: tiles, bytes: num('bytes') },
    progress: plannedTotal > 0 ? Math.min(1, plannedDone / plannedTotal) : 0,
    zooms,
    workers,
    failures,
    tilesPerSecond: elapsed > 0 ? tiles / elapsed : 0,
    etaSeconds:
      state === 'complete' ? 0 : plannedRate > 0 ? (plannedTotal - plannedDone) / plannedRate : null,
  };
  if (meta.dallesTotal !== undefined) {
    status.dalles = {
      total: num('dallesTotal'),
      planned: num('dallesPlanned'),
      running: num('dallesRunning'),
      done: num('dallesDone'),
      failed: num('dallesFailed'),
      skipped: num('dallesSkipped'),
    };
  }
  if (recovered.length > 0) status.recovered = recovered;
  const product = productOfSpec(value<string | null>(6));
  if (product) status.product = product;
  return status;
}

/** Footprint corners (lon, lat) of a box in an EPSG's metres, counter-clockwise from the south-west. */
export function footprintRing(epsg: number, bbox: readonly number[]): [number, number][] | null {
  const [minX, minY, maxX, maxY] = bbox as [number, number, number, number];
  try {
    const t = crsTransformOf(epsg);
    return [t.toLonLat(minX, minY), t.toLonLat(maxX, minY), t.toLonLat(maxX, maxY), t.toLonLat(minX, maxY)];
  } catch {
    return null;
  }
}

/** Options of {@link readBatchDalles}. */
export interface ReadDallesOptions {
  /** First dalle index (0). */
  offset?: number;
  /** Dalles at most (20,000: one page of the map). */
  limit?: number;
}

/**
 * A page of a batch's dalles with their states and footprints (two HMGETs of the page's fields),
 * then the dalles left out of the plan (on the first page).
 */
export async function readBatchDalles(
  redis: Redis,
  id: string,
  o: ReadDallesOptions = {},
): Promise<{ total: number; dalles: BatchDalle[] }> {
  const offset = Math.max(0, o.offset ?? 0);
  const limit = Math.max(1, Math.min(o.limit ?? 20_000, 100_000));
  const total = Number((await redis.hget(batchKey(id, 'meta'), 'dallesTotal')) ?? 0);
  const skippedCount = Number((await redis.hget(batchKey(id, 'meta'), 'dallesSkipped')) ?? 0);
  const inPlan = total - skippedCount;
  const end = Math.min(inPlan, offset + limit);
  const indexes: number[] = [];
  for (let i = offset; i < end; i++) indexes.push(i);
  const dalles = await readDallesAt(redis, id, indexes);
  if (offset === 0 && skippedCount > 0) {
    const skipped = await redis.hgetall(batchKey(id, 'dalle-skipped'));
    let index = inPlan;
    for (const [name, reasons] of Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b))) {
      const bbox = pcrsNameToLambert93(name);
      dalles.push({
        index: index++,
        name,
        state: 'skipped',
        jobs: { planned: 0, done: 0, failed: 0 },
        ring: bbox ? footprintRing(2154, bbox) : null,
        reasons: JSON.parse(reasons) as string[],
      });
    }
  }
  return { total, dalles };
}

/** The dalles of given indexes (those a change touched), with their states and footprints. */
export async function readDallesAt(
  redis: Redis,
  id: string,
  indexes: readonly number[],
): Promise<BatchDalle[]> {
  const dalles: BatchDalle[] = [];
  if (indexes.length === 0) return dalles;
  const infos = await redis.hmget(batchKey(id, 'dalle-info'), ...indexes.map(String));
  const fields = indexes.flatMap((i) => [
    DALLE_FIELDS.planned(i),
    DALLE_FIELDS.done(i),
    DALLE_FIELDS.failed(i),
  ]);
  const counts = await redis.hmget(batchKey(id, 'dalles'), ...fields);
  indexes.forEach((index, k) => {
    const text = infos[k];
    if (!text) return;
    const info = JSON.parse(text) as BatchDalleInfo;
    const jobs = {
      planned: Number(counts[3 * k] ?? 0),
      done: Number(counts[3 * k + 1] ?? 0),
      failed: Number(counts[3 * k + 2] ?? 0),
    };
    dalles.push({
      index,
      name: info.name,
      state: dalleStateOf(jobs),
      jobs,
      ring: footprintRing(info.epsg, info.bbox),
    });
  });
  return dalles;
}

/** Root tile of a job id "z-x-y". */
function tileOfJob(job: string): { z: number; x: number; y: number } {
  const [z, x, y] = job.split('-').map(Number);
  return { z: z ?? 0, x: x ?? 0, y: y ?? 0 };
}

/**
 * One dalle of a batch and its source jobs: done (tiles written), failed for good (the error in
 * words and the attempts), or waiting (queued, running, or with its last error while retried), and
 * how many times a dying worker sent each back to the queue. Null when there is no such dalle.
 */
export async function readDalleJobs(
  redis: Redis,
  id: string,
  index: number,
): Promise<{ dalle: BatchDalleInfo; jobs: DalleJob[] } | null> {
  const text = await redis.hget(batchKey(id, 'dalle-info'), String(index));
  if (!text) return null;
  const dalle = JSON.parse(text) as BatchDalleInfo;
  if (dalle.jobs.length === 0) return { dalle, jobs: [] };
  const p = redis.pipeline();
  p.hmget(batchKey(id, 'done'), ...dalle.jobs);
  p.hmget(batchKey(id, 'failed'), ...dalle.jobs);
  p.hmget(batchKey(id, 'errors'), ...dalle.jobs);
  p.hmget(batchKey(id, 'stalled'), ...dalle.jobs);
  const r = (await p.exec()) ?? [];
  const [done, failed, errors, stalled] = [0, 1, 2, 3].map((k) => (r[k]?.[1] ?? []) as (string | null)[]);
  const jobs = dalle.jobs.map((job, k): DalleJob => {
    const out: DalleJob = { job, state: 'waiting', tile: tileOfJob(job) };
    const d = done?.[k];
    const f = failed?.[k];
    const e = errors?.[k];
    const s = stalled?.[k];
    if (d) {
      out.state = 'done';
      out.tiles = (JSON.parse(d) as { tiles: number }).tiles;
    } else if (f) {
      const rec = JSON.parse(f) as { message: string; attempts: number };
      out.state = 'failed';
      out.error = rec.message;
      out.attempts = rec.attempts;
    } else if (e) {
      out.error = (JSON.parse(e) as { message: string }).message;
    }
    if (s) out.recovered = Number(s);
    return out;
  });
  return { dalle, jobs };
}

/** A change of a batch, as the tiling publishes it. */
export interface BatchEvent {
  batch: string;
  kind: BatchEventKind;
  /** Dalle indexes the change touched (done and failed jobs). */
  dalles: number[];
}

/** Parses a message of the batch events channel ("<batch> <kind> [<i>,<j>...]"); null if malformed. */
export function parseBatchEvent(message: string): BatchEvent | null {
  const [batch, kind, list] = message.split(' ');
  if (!batch || !kind) return null;
  const dalles = list ? list.split(',').map(Number).filter(Number.isInteger) : [];
  return { batch, kind: kind as BatchEventKind, dalles };
}

/**
 * Calls `onEvent` for every change of any batch (Redis pub/sub: pushed, not polled). `subscriber`
 * becomes a subscriber connection (give it a connection of its own). Resolves with a function that
 * unsubscribes.
 */
export async function watchBatchEvents(
  subscriber: Redis,
  onEvent: (e: BatchEvent) => void,
): Promise<() => Promise<void>> {
  const listener = (channel: string, message: string) => {
    if (channel !== BATCH_EVENTS_CHANNEL) return;
    const e = parseBatchEvent(message);
    if (e) onEvent(e);
  };
  subscriber.on('message', listener);
  await subscriber.subscribe(BATCH_EVENTS_CHANNEL);
  return async () => {
    subscriber.off('message', listener);
    await subscriber.unsubscribe(BATCH_EVENTS_CHANNEL).catch(() => {});
  };
}
