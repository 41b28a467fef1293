/**
 * What `tiling status --json` prints: one entry per distributed batch (BullMQ + Redis), its
 * progress per zoom, its workers and its failures. Written by tiling/engine/bullmq/status.ts,
 * read by technicians' tools (the console to come): the zod schema checks a document read back.
 */
import { z } from 'zod';

/** States a batch goes through once registered in Redis. */
export const BATCH_STATES = ['running', 'cancelled', 'complete', 'stopped'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/** One batch as `tiling status --json` prints it (the command prints an array of them). */
export const BatchStatusSchema = z.object({
  batch: z.string(),
  /** 'registered': known to Redis, no state written yet. */
  state: z.enum([...BATCH_STATES, 'registered']),
  out: z.string(),
  fingerprint: z.string(),
  created: z.string().nullable(),
  jobs: z.object({
    total: z.number(),
    done: z.number(),
    failed: z.number(),
    active: z.number(),
    remaining: z.number(),
  }),
  tiles: z.object({ planned: z.number(), plannedDone: z.number(), written: z.number(), bytes: z.number() }),
  /** Planned tiles of done jobs / all planned tiles (0..1). */
  progress: z.number().min(0).max(1),
  /** Per zoom: planned tiles (upper bound: fully transparent ones are not written) and written. */
  zooms: z.array(z.object({ z: z.number().int(), planned: z.number(), written: z.number() })),
  workers: z.array(
    z.object({
      name: z.string(),
      jobs: z.number(),
      tiles: z.number(),
      busySeconds: z.number(),
      tilesPerSecond: z.number(),
      lastSeenSecondsAgo: z.number(),
    }),
  ),
  failures: z.array(z.object({ job: z.string(), message: z.string(), attempts: z.number(), at: z.string() })),
  /** Written tiles per second since the first job finished. */
  tilesPerSecond: z.number(),
  /** Seconds left at the current rate (null when unknown). */
  etaSeconds: z.number().nullable(),
});

/** Everything `tiling status --json` prints for one batch. */
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

/** The whole `tiling status --json` output. */
export const BatchStatusListSchema = z.array(BatchStatusSchema);
