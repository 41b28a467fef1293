/**
 * The Node-side reader of a local `tiling run` from its output folder: the job list
 * (`.tiling/plan.json`, written by `tiling plan|run`), the manifest of done jobs
 * (`.tiling/manifest.jsonl`, one JSON line per job after a header) and `report.json` (the run's
 * end). Gives the same status and dalles as a distributed batch (format/batch-status.ts), for the
 * console's list and map. Reads only the fields named here of the tiling's files.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchDalle, BatchState, BatchStatus, DalleCounts, DalleJob } from '../batch-status';
import { dalleStateOf } from '../batch-status';
import { footprintRing } from './batch-reader';

/** What the reader uses of `.tiling/plan.json`. */
interface LocalPlan {
  fingerprint: string;
  mosaic: {
    epsg: number;
    geoTransform: number[];
    dalles: { id: string; col: number; row: number; width: number; height: number }[];
  };
  skipped: { id: string; reasons: string[] }[];
  levels: { z: number; tiles: number }[];
  totalTiles: number;
  jobs: { id: string; kind: string; dalles: number[]; tiles: number }[];
}

/** A local run's files, read once (plan cached by mtime: it does not change during a run). */
const planCache = new Map<string, { mtimeMs: number; plan: LocalPlan }>();

function readPlan(out: string): LocalPlan | null {
  const path = join(out, '.tiling', 'plan.json');
  if (!existsSync(path)) return null;
  const mtimeMs = statSync(path).mtimeMs;
  const hit = planCache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.plan;
  const plan = JSON.parse(readFileSync(path, 'utf8')) as LocalPlan;
  planCache.set(path, { mtimeMs, plan });
  return plan;
}

function readManifest(out: string): Map<string, { tiles: number; bytes: number }> {
  const done = new Map<string, { tiles: number; bytes: number }>();
  const path = join(out, '.tiling', 'manifest.jsonl');
  if (!existsSync(path)) return done;
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as { job: string; tiles: number; bytes: number };
      done.set(r.job, { tiles: r.tiles, bytes: r.bytes });
    } catch {
      // A last line cut short by a crash: the run drops it too.
    }
  }
  return done;
}

/** A local run read from its output folder. */
export interface LocalRun {
  status: BatchStatus;
  dalles: BatchDalle[];
  jobsOf(index: number): DalleJob[];
}

/**
 * Reads a local run. `state` is what the caller knows of the process (running, cancelled...);
 * `report.json` with `complete: true` makes it complete. Null when the folder holds no plan yet.
 */
export function readLocalRun(id: string, out: string, state: BatchState, failure?: string): LocalRun | null {
  const plan = readPlan(out);
  if (!plan) return null;
  const done = readManifest(out);
  let complete = false;
  const reportPath = join(out, 'report.json');
  if (existsSync(reportPath)) {
    try {
      complete = (JSON.parse(readFileSync(reportPath, 'utf8')) as { complete?: boolean }).complete === true;
    } catch {
      complete = false;
    }
  }
  const s: BatchState = complete ? 'complete' : state;
  const failedJobs = new Set<string>();
  let plannedDone = 0;
  let tiles = 0;
  let bytes = 0;
  for (const j of plan.jobs) {
    const r = done.get(j.id);
    if (r) {
      plannedDone += j.tiles;
      tiles += r.tiles;
      bytes += r.bytes;
    }
  }
  const dalleJobs: string[][] = plan.mosaic.dalles.map(() => []);
  for (const j of plan.jobs) if (j.kind === 'source') for (const d of j.dalles) dalleJobs[d]?.push(j.id);
  // A run stopped by a failure: the source jobs not done on a stopped run are not failed individually;
  // the run's error is shown on the batch.
  const [ox = 0, sx = 1, , oy = 0, , sy = -1] = plan.mosaic.geoTransform;
  const counts: DalleCounts = { total: 0, planned: 0, running: 0, done: 0, failed: 0, skipped: 0 };
  const dalles: BatchDalle[] = plan.mosaic.dalles.map((d, index) => {
    const jobs = dalleJobs[index] ?? [];
    const c = { planned: jobs.length, done: jobs.filter((j) => done.has(j)).length, failed: 0 };
    const state = dalleStateOf(c);
    counts[state]++;
    const minX = ox + d.col * sx;
    const maxY = oy + d.row * sy;
    return {
      index,
      name: d.id.split(/[\\/]/).pop() ?? d.id,
      state,
      jobs: c,
      ring: footprintRing(plan.mosaic.epsg, [minX, maxY + d.height * sy, minX + d.width * sx, maxY]),
    };
  });
  plan.skipped.forEach((d, k) => {
    counts.skipped++;
    dalles.push({
      index: plan.mosaic.dalles.length + k,
      name: d.id.split(/[\\/]/).pop() ?? d.id,
      state: 'skipped',
      jobs: { planned: 0, done: 0, failed: 0 },
      ring: null,
      reasons: d.reasons,
    });
  });
  counts.total = dalles.length;
  const status: BatchStatus = {
    batch: id,
    state: s,
    out,
    fingerprint: plan.fingerprint,
    created: null,
    jobs: {
      total: plan.jobs.length,
      done: done.size,
      failed: failedJobs.size,
      active: 0,
      remaining: Math.max(0, plan.jobs.length - done.size),
    },
    tiles: { planned: plan.totalTiles, plannedDone, written: tiles, bytes },
    progress: plan.totalTiles > 0 ? Math.min(1, plannedDone / plan.totalTiles) : 0,
    zooms: plan.levels.map((l) => ({ z: l.z, planned: l.tiles, written: 0 })),
    workers: [],
    failures: failure ? [{ job: '-', message: failure, attempts: 1, at: new Date().toISOString() }] : [],
    tilesPerSecond: 0,
    etaSeconds: s === 'complete' ? 0 : null,
    dalles: counts,
    product: 'ortho',
  };
  return {
    status,
    dalles,
    jobsOf: (index) =>
      (dalleJobs[index] ?? []).map((job) => {
        const [z, x, y] = job.split('-').map(Number);
        const r = done.get(job);
        return {
          job,
          state: r ? 'done' : 'waiting',
          ...(r ? { tiles: r.tiles } : {}),
          tile: { z: z ?? 0, x: x ?? 0, y: y ?? 0 },
        };
      }),
  };
}
