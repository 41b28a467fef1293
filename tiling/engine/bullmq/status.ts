/**
 * `tiling status|cancel` over Redis: progress per zoom, throughput per worker, failures with their
 * errors, ETA; and cancelling a batch (its queued jobs are removed; jobs running finish; `tiling
 * resume` goes on from there). The `--json` shape is the contract package's (format/batch-status.ts).
 */

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BatchState, BatchStatus } from '../../../format/batch-status';
import { formatBytes, formatDuration } from '../../core';
import { RedisBatch } from './batch';
import { QUEUE_NAME } from './connection';

/** Reads a batch's status. */
export async function batchStatus(redis: Redis, id: string, now = Date.now()): Promise<BatchStatus> {
  const batch = new RedisBatch(redis, id);
  const meta = await redis.hgetall(batch.key('meta'));
  const num = (k: string) => Number(meta[k] ?? 0);
  const levels = JSON.parse(meta.levels ?? '{}') as Record<string, number>;
  const zoom = await redis.hgetall(batch.key('zoom'));
  const zooms = Object.entries(levels)
    .map(([z, planned]) => ({ z: Number(z), planned, written: Number(zoom[z] ?? 0) }))
    .sort((a, b) => a.z - b.z);
  const w = await redis.hgetall(batch.key('workers'));
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
  const failed = await redis.hgetall(batch.key('failed'));
  const failures = Object.entries(failed)
    .map(([job, text]) => ({
      job,
      ...(JSON.parse(text) as { message: string; attempts: number; at: string }),
    }))
    .sort((a, b) => a.job.localeCompare(b.job));
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  let active = 0;
  try {
    const running = await queue.getJobs(['active'], 0, 10_000);
    active = running.filter((j) => j?.id?.startsWith(`${id}.`)).length;
  } finally {
    await queue.close();
  }
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
  return {
    batch: id,
    state,
    out: meta.out ?? '',
    fingerprint: meta.fingerprint ?? '',
    created: meta.created ?? null,
    jobs: { total, done, failed: failures.length, active, remaining: Math.max(0, total - done) },
    tiles: { planned: plannedTotal, plannedDone, written: tiles, bytes: num('bytes') },
    progress: plannedTotal > 0 ? plannedDone / plannedTotal : 0,
    zooms,
    workers,
    failures,
    tilesPerSecond: elapsed > 0 ? tiles / elapsed : 0,
    etaSeconds:
      state === 'complete' ? 0 : plannedRate > 0 ? (plannedTotal - plannedDone) / plannedRate : null,
  };
}

/** The status as a technician reads it. */
export function formatBatchStatus(s: BatchStatus): string {
  const lines = [
    `batch ${s.batch}: ${s.state}, ${(s.progress * 100).toFixed(1)}%  -> ${s.out}`,
    `  jobs: ${s.jobs.done}/${s.jobs.total} done, ${s.jobs.active} running, ${s.jobs.failed} failed`,
    `  tiles: ${s.tiles.written} written (${formatBytes(s.tiles.bytes)}), ${s.tilesPerSecond.toFixed(1)} tiles/s, ETA ${s.etaSeconds === null ? '?' : formatDuration(s.etaSeconds)}`,
    '  zoom    planned    written',
    ...s.zooms.map(
      (z) =>
        `  ${String(z.z).padStart(4)} ${String(z.planned).padStart(10)} ${String(z.written).padStart(10)}`,
    ),
  ];
  if (s.workers.length > 0) {
    lines.push('  worker                          jobs    tiles  tiles/s  last seen');
    for (const w of s.workers) {
      lines.push(
        `  ${w.name.padEnd(30)} ${String(w.jobs).padStart(5)} ${String(w.tiles).padStart(8)} ${w.tilesPerSecond.toFixed(1).padStart(8)}  ${formatDuration(w.lastSeenSecondsAgo)} ago`,
      );
    }
  }
  for (const f of s.failures)
    lines.push(`  job ${f.job} failed after ${f.attempts} attempt(s): ${f.message}`);
  return lines.join('\n');
}

/** Removes a batch's jobs that wait in the queue (running ones finish); resolves with how many. */
export async function removeQueuedJobs(redis: Redis, id: string): Promise<number> {
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  let removed = 0;
  try {
    const mine: { remove(): Promise<void> }[] = [];
    for (let start = 0; ; start += 1000) {
      const page = await queue.getJobs(['waiting', 'delayed', 'prioritized'], start, start + 999);
      for (const j of page) if (j?.id?.startsWith(`${id}.`)) mine.push(j);
      if (page.length < 1000) break;
    }
    for (const j of mine) {
      await j.remove().catch(() => {});
      removed++;
    }
  } finally {
    await queue.close();
  }
  return removed;
}

/**
 * Cancels a batch: marks it cancelled (the coordinator stops, workers refuse its jobs) and removes
 * its queued jobs. Jobs running finish. Resolves with the number of queued jobs removed.
 */
export async function cancelBatch(redis: Redis, id: string): Promise<number> {
  await new RedisBatch(redis, id).setState('cancelled');
  return removeQueuedJobs(redis, id);
}
