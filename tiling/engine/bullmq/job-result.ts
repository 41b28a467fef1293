/**
 * What the coordinators (`BullMqJobEngine.run` and the streamed `runJobStream`) read the same way
 * from a finished BullMQ job: its result's counts (`resultStats`), the dalles it read
 * (`dallesOf`, the console's per-dalle aggregates), and its failure (`jobFailure`).
 */
import type { Job } from 'bullmq';
import type { JobFailure } from '..';
import type { RedisBatch } from './batch';

/** Counts of a batch's stats read from a job result (any product's result with tiles, bytes, seconds). */
export function resultStats(r: unknown): {
  tiles: number;
  bytes: number;
  seconds: number;
  tilesPerZoom: Record<string, number>;
} {
  const o = (r ?? {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const perZoom =
    o.tilesPerZoom && typeof o.tilesPerZoom === 'object' ? (o.tilesPerZoom as Record<string, number>) : {};
  return { tiles: num(o.tiles), bytes: num(o.bytes), seconds: num(o.seconds), tilesPerZoom: perZoom };
}

/** The dalle indexes a job reads (any product's job with a `dalles` list; the console's aggregates). */
export function dallesOf(job: unknown): number[] {
  const d = (job as { dalles?: unknown } | null)?.dalles;
  return Array.isArray(d) ? d.filter((i): i is number => Number.isInteger(i)) : [];
}

/** A failed job's error as its worker recorded it, else BullMQ's failed reason. */
export async function jobFailure(batch: RedisBatch, id: string, bj: Job): Promise<JobFailure> {
  return (
    (await batch.lastError(id)) ?? {
      name: 'Error',
      message: bj.failedReason || 'unknown error',
      isDataError: false,
      details: {},
    }
  );
}
