/**
 * `tiling status|cancel` over Redis: progress per zoom, throughput per worker, failures with their
 * errors, ETA; and cancelling a batch (its queued jobs are removed; jobs running finish; `tiling
 * resume` goes on from there). The `--json` shape is the contract package's (format/batch-status.ts).
 */

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BatchStatus } from '../../../format/batch-status';
import { readBatchStatus } from '../../../format/node/batch-reader';
import { formatBytes, formatDuration } from '../../core';
import { RedisBatch } from './batch';
import { QUEUE_NAME } from './connection';

/**
 * Reads a batch's status (from its counters and aggregates: the contract's reader,
 * format/node/batch-reader.ts, which the console's server reads too).
 */
export async function batchStatus(redis: Redis, id: string, now = Date.now()): Promise<BatchStatus> {
  return readBatchStatus(redis, id, now);
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
  if (s.dalles) {
    const d = s.dalles;
    lines.push(
      `  dalles: ${d.done}/${d.total} done, ${d.running} running, ${d.planned} planned, ${d.failed} failed, ${d.skipped} skipped`,
    );
  }
  for (const r of s.recovered ?? [])
    lines.push(`  job ${r.job} recovered ${r.count} time(s) after its worker died`);
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
