/**
 * The region estimate of a product other than the imagery pyramid (terrain, buildings), as
 * `tiling plan --area hdf` prints it: units of work (tiles or buildings), jobs, bytes, objects,
 * core-hours and the wall time for K workers, from a measured per-unit cost. Pure: the products
 * give their counts and costs (tiling/terrain/scale.ts, tiling/buildings/scale.ts).
 */
import { formatBytes, formatDuration } from '../core';

/** One product's estimate over a region. */
export interface ProductRegionEstimate {
  product: string;
  /** What is counted: "tiles" or "buildings". */
  unit: string;
  units: number;
  /** Planned tiles per level, when the product has levels. */
  levels: { z: number; tiles: number }[];
  jobs: number;
  bytes: number;
  objects: number;
  coreHours: number;
  /** Wall time for K workers (one core each): the CPU shared by min(K, jobs), at least the coordinator's pace. */
  perWorkers: { workers: number; seconds: number; limitedBy: 'cpu' | 'jobs' | 'coordinator' }[];
  throughput: { unitsPerCoreSecond: number; bytesPerUnit: number; measuredOn: string };
  /** Where the figures come from, in words. */
  notes: string[];
}

/** Sustained jobs/s of one coordinator (measured: `npm run bench:coordinator`, docs/scale.md). */
export const COORDINATOR_JOBS_PER_SECOND = 1000;

/** Wall time per worker count: CPU / min(K, jobs), never faster than the coordinator completes jobs. */
export function timeForWorkers(
  coreSeconds: number,
  jobs: number,
  workers: readonly number[],
  coordinatorJobsPerSecond = COORDINATOR_JOBS_PER_SECOND,
): ProductRegionEstimate['perWorkers'] {
  return workers.map((k) => {
    const busy = Math.max(1, Math.min(k, jobs));
    const cpu = coreSeconds / busy;
    const coordinator = jobs / coordinatorJobsPerSecond;
    if (coordinator > cpu) return { workers: k, seconds: coordinator, limitedBy: 'coordinator' as const };
    return { workers: k, seconds: cpu, limitedBy: busy < k ? ('jobs' as const) : ('cpu' as const) };
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The estimate as a technician reads it. */
export function formatProductEstimate(e: ProductRegionEstimate): string {
  const lines = [`${e.product}:`];
  if (e.levels.length > 0)
    lines.push(`  tiles per level: ${e.levels.map((l) => `z${l.z} ${fmt(l.tiles)}`).join(', ')}`);
  lines.push(
    `  ${fmt(e.units)} ${e.unit} in ${fmt(e.jobs)} jobs; output ${formatBytes(e.bytes)} in ${fmt(e.objects)} objects; ${e.coreHours.toFixed(1)} core-hours`,
    `  throughput: ${fmt(e.throughput.unitsPerCoreSecond)} ${e.unit}/s per core, ${fmt(e.throughput.bytesPerUnit)} B per ${e.unit.replace(/s$/, '')} (${e.throughput.measuredOn})`,
    `  workers: ${e.perWorkers.map((w) => `${w.workers} -> ${formatDuration(w.seconds)}${w.limitedBy === 'cpu' ? '' : ` (${w.limitedBy === 'jobs' ? 'fewer jobs than workers' : 'coordinator-bound'})`}`).join(', ')}`,
  );
  for (const n of e.notes) lines.push(`  ${n}`);
  return lines.join('\n');
}
