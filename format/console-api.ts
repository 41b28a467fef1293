/**
 * The technicians' console API (server/console, read by src/features/console): the requests to
 * plan and launch a tiling batch (zod, strict: unknown options refused), the estimate `tiling plan
 * --json` prints, a batch's line in the list, and the server-sent events. Batch status and dalles
 * are format/batch-status.ts's.
 */
import { z } from 'zod';
import { type BatchDalle, type BatchStatus, DalleCountsSchema } from './batch-status';

/** Products a batch can be of (only ortho is launched from the console for now; the others are listed). */
export const CONSOLE_PRODUCTS = ['ortho', 'tiles3d', 'vector', 'terrain', 'buildings'] as const;
export type ConsoleProduct = (typeof CONSOLE_PRODUCTS)[number];

/** How a batch runs: BullMQ on the server's Redis with `tiling worker` processes, or one local `tiling run`. */
export const CONSOLE_MODES = ['queue', 'local'] as const;

/** Tiling options a technician may choose (the `tiling run` flags of the same names). */
export const ConsoleOptionsSchema = z
  .object({
    minZoom: z.number().int().min(0).max(24).optional(),
    maxZoom: z.number().int().min(0).max(24).optional(),
    format: z.enum(['jpeg', 'webp', 'png']).optional(),
    quality: z.number().int().min(1).max(100).optional(),
    jobSpan: z.number().int().min(1).max(6).optional(),
    onError: z.enum(['stop', 'skip']).optional(),
  })
  .strict();
export type ConsoleOptions = z.infer<typeof ConsoleOptionsSchema>;

/** An input folder or dalle: a path relative to one of the server's configured roots. */
export const ConsoleInputSchema = z
  .object({
    root: z.string().min(1).max(64),
    path: z.string().max(512),
  })
  .strict();
export type ConsoleInput = z.infer<typeof ConsoleInputSchema>;

/** `POST /api/console/plan`: what `tiling plan` would do with these inputs and options. */
export const PlanRequestSchema = z
  .object({
    product: z.enum(CONSOLE_PRODUCTS).default('ortho'),
    inputs: z.array(ConsoleInputSchema).min(1).max(64),
    options: ConsoleOptionsSchema.default({}),
    workers: z.number().int().min(1).max(64).default(1),
  })
  .strict();
export type PlanRequest = z.input<typeof PlanRequestSchema>;

/** Name of a batch's output folder under the server's output root. */
export const OUTPUT_NAME = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** `POST /api/console/batches`: plan and launch. */
export const LaunchRequestSchema = PlanRequestSchema.extend({
  mode: z.enum(CONSOLE_MODES).default('queue'),
  /** Output folder name under the output root (letters, digits, "-"). */
  output: z.string().regex(OUTPUT_NAME, 'lower-case letters, digits and "-", 48 at most'),
  /** Millésime of the inputs (e.g. 2024), shown in the list and used to find the published pyramid. */
  vintage: z.string().regex(/^\d{4}$/, 'a year like 2024'),
}).strict();
export type LaunchRequest = z.input<typeof LaunchRequestSchema>;

/** What `tiling plan --json` prints and `POST /api/console/plan` answers. */
export const PlanEstimateSchema = z.object({
  dalles: z.number(),
  skipped: z.array(z.object({ id: z.string(), reasons: z.array(z.string()) })),
  epsg: z.number(),
  minZoom: z.number(),
  maxZoom: z.number(),
  levels: z.array(z.object({ z: z.number(), tiles: z.number() })),
  jobs: z.number(),
  tiles: z.number(),
  objects: z.number(),
  /** Estimated output bytes and wall time with `workers` (null without a calibration run). */
  bytes: z.number().nullable(),
  seconds: z.number().nullable(),
  workers: z.number(),
  boundsLonLat: z.object({ minX: z.number(), minY: z.number(), maxX: z.number(), maxY: z.number() }),
  fingerprint: z.string(),
});
export type PlanEstimate = z.infer<typeof PlanEstimateSchema>;

/** A process the server started for a batch. */
export interface ConsoleProcess {
  role: 'coordinator' | 'worker' | 'local';
  name: string;
  pid: number;
  running: boolean;
  exitCode: number | null;
}

/** A batch's line in the console's list. */
export interface ConsoleBatch {
  id: string;
  mode: (typeof CONSOLE_MODES)[number];
  product: string;
  vintage: string | null;
  /** Output folder (server path) and its URL under /twin/ when the server serves it (preview). */
  out: string;
  outUrl: string | null;
  /** Published pyramid of the same vintage (or the previous one) under /twin/, for the swipe. */
  publishedUrl: string | null;
  status: BatchStatus;
  /** Launched from this server (cancel, resume and retry are possible). */
  launched: boolean;
  processes: ConsoleProcess[];
}

/** Counts of dalles per state, re-exported for the viewer's legend. */
export const ConsoleDalleCountsSchema = DalleCountsSchema;

/** `event: batch` of `GET /api/console/events`: a batch changed (its line, and the dalles that changed). */
export interface ConsoleBatchEvent {
  batch: ConsoleBatch;
  dalles: BatchDalle[];
  /** Server time (ms since 1970) when the change was read, for the page's update delay. */
  at: number;
}
