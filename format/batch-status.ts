/**
 * What `tiling status --json` prints: one entry per distributed batch (BullMQ + Redis), its
 * progress per zoom, its workers and its failures. Written by tiling/engine/bullmq/status.ts,
 * read by technicians' tools (the console, server/console): the zod schema checks a document read back.
 *
 * Also the Redis key layout of a batch (`batchKey`), written by tiling/engine/bullmq/batch.ts and
 * read by format/node/batch-reader.ts (the server never imports the tiling), with the per-dalle
 * aggregates the console's map is drawn from (`DALLE_FIELDS`, `BatchDalle`).
 */
import { z } from 'zod';

/** Redis set of every registered batch id. */
export const BATCHES_KEY = 'tiling:batches';

/** Redis pub/sub channel: "<batch> <kind> [<dalle index>,...]" after each change of a batch. */
export const BATCH_EVENTS_CHANNEL = 'tiling:events';

/** What a message on {@link BATCH_EVENTS_CHANNEL} says happened. */
export type BatchEventKind = 'done' | 'failed' | 'state' | 'stalled' | 'registered';

/**
 * Parts of a batch's state in Redis, `tiling:b:<id>:<part>`:
 *   meta          hash: state, created, out, totals and running counters (jobsDone, plannedDone,
 *                 tiles, bytes, firstDoneAt, lastDoneAt, levels JSON; dallesTotal, dalles per state:
 *                 dallesPlanned, dallesRunning, dallesDone, dallesFailed, dallesSkipped; stalled)
 *   spec          JSON: how workers build the job handler (module names, not paths)
 *   plan          deflated JSON of the whole plan (for resume)
 *   run           JSON: run options (name, attribution, base URL, output)
 *   done          hash: job id -> {job, tiles, bytes}  (the batch's manifest)
 *   zoom          hash: zoom -> tiles written
 *   workers       hash: "<worker>|jobs|tiles|seconds|last" -> number
 *   failed        hash: job id -> {message, attempts, at}  (failed for good)
 *   errors        hash: job id -> last JobFailure (written by the worker)
 *   dalles        hash: "<index>|p" source jobs planned on dalle <index>, "|d" done, "|f" failed
 *   dalle-info    hash: "<index>" -> {@link BatchDalleInfo} JSON (name, CRS, footprint, its jobs)
 *   dalle-skipped hash: dalle name -> reasons JSON (left out of the plan with --on-error skip)
 *   stalled       hash: "<job id>" -> times its worker died mid-job (it ran again elsewhere),
 *                 "<job id>|at" -> when last
 */
export const BATCH_KEY_PARTS = [
  'meta',
  'spec',
  'plan',
  'run',
  'done',
  'zoom',
  'workers',
  'failed',
  'errors',
  'dalles',
  'dalle-info',
  'dalle-skipped',
  'stalled',
] as const;
export type BatchKeyPart = (typeof BATCH_KEY_PARTS)[number];

/** The Redis key of one part of a batch. */
export function batchKey(id: string, part: BatchKeyPart): string {
  return `tiling:b:${id}:${part}`;
}

/** Field names of the `dalles` hash for dalle `index`: planned source jobs, done, failed for good. */
export const DALLE_FIELDS = {
  planned: (index: number) => `${index}|p`,
  done: (index: number) => `${index}|d`,
  failed: (index: number) => `${index}|f`,
} as const;

/** What a batch keeps of each dalle of its plan (`dalle-info` hash), written once at registration. */
export const BatchDalleInfoSchema = z.object({
  /** File name (no folder). */
  name: z.string(),
  epsg: z.number().int(),
  /** Footprint in the dalle's CRS metres: [minX, minY, maxX, maxY]. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** Ids ("z-x-y") of the source jobs that read it. */
  jobs: z.array(z.string()),
});
export type BatchDalleInfo = z.infer<typeof BatchDalleInfoSchema>;

/** States of a dalle on the console's map. */
export const DALLE_STATES = ['planned', 'running', 'done', 'failed', 'skipped'] as const;
export type DalleState = (typeof DALLE_STATES)[number];

/** The state of a dalle from its counters: failed wins, then done (every job), then running (some). */
export function dalleStateOf(c: { planned: number; done: number; failed: number }): DalleState {
  if (c.failed > 0) return 'failed';
  if (c.planned > 0 && c.done >= c.planned) return 'done';
  if (c.done > 0) return 'running';
  return 'planned';
}

/** One dalle of a batch as the console draws it. */
export const BatchDalleSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  state: z.enum(DALLE_STATES),
  jobs: z.object({ planned: z.number(), done: z.number(), failed: z.number() }),
  /** Footprint corners in degrees (lon, lat), counter-clockwise from the south-west; null if unknown. */
  ring: z.array(z.tuple([z.number(), z.number()])).nullable(),
  /** Why it was left out (skipped dalles). */
  reasons: z.array(z.string()).optional(),
});
export type BatchDalle = z.infer<typeof BatchDalleSchema>;

/** Dalles per state (the map's legend), from the batch's counters, not by reading every dalle. */
export const DalleCountsSchema = z.object({
  total: z.number(),
  planned: z.number(),
  running: z.number(),
  done: z.number(),
  failed: z.number(),
  skipped: z.number(),
});
export type DalleCounts = z.infer<typeof DalleCountsSchema>;

/** One job of a dalle, with where it is and its error in words when it failed. */
export const DalleJobSchema = z.object({
  job: z.string(),
  state: z.enum(['done', 'failed', 'waiting']),
  tiles: z.number().optional(),
  error: z.string().optional(),
  attempts: z.number().optional(),
  /** Times its worker died while running it (it ran again elsewhere). */
  recovered: z.number().optional(),
  /** Root tile of the job (the camera flies to it). */
  tile: z.object({ z: z.number(), x: z.number(), y: z.number() }),
});
export type DalleJob = z.infer<typeof DalleJobSchema>;

/**
 * A PCRS dalle name's Lambert-93 footprint, [minX, minY, maxX, maxY] metres, or null: IGN
 * `{year}-{xmin/100:5}-{ymax/100:5}-LA93-0M05-RVB` (hm, 200 m dalles) or Géo2France
 * `HFA-{year}-{xmin/1000:4}-{ymax/1000:4}-LA93-0M05-RVB` (km, 1 km dalles); the same rule as the
 * tiling's name check (tiling/source/validate.ts `parsePcrsName`). Used for dalles left out of a plan.
 */
export function pcrsNameToLambert93(name: string): [number, number, number, number] | null {
  const base = name.split(/[\\/]/).pop() ?? name;
  const ign = /(?:^|[^0-9])(\d{4})-(\d{5})-(\d{5})-LA93-/i.exec(base);
  if (ign) {
    const x = Number(ign[2]) * 100;
    const y = Number(ign[3]) * 100;
    return [x, y - 200, x + 200, y];
  }
  const km = /(?:^|[^0-9])(\d{4})-(\d{4})-(\d{4})-LA93-/i.exec(base);
  if (km) {
    const x = Number(km[2]) * 1000;
    const y = Number(km[3]) * 1000;
    return [x, y - 1000, x + 1000, y];
  }
  return null;
}

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
  /** Dalles per state (batches registered before the per-dalle aggregates have none). */
  dalles: DalleCountsSchema.optional(),
  /** Jobs whose worker died mid-job and that were put back in the queue (stalled, recovered). */
  recovered: z.array(z.object({ job: z.string(), count: z.number(), at: z.string() })).optional(),
  /** The product of the batch's handler ("ortho", "terrain"...), from its spec. */
  product: z.string().optional(),
});

/** Everything `tiling status --json` prints for one batch. */
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

/** The whole `tiling status --json` output. */
export const BatchStatusListSchema = z.array(BatchStatusSchema);
