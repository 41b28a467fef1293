/**
 * Output size and time of a plan, extrapolated from a calibration run (one or a few real jobs run
 * in memory by `tiling plan`), and the printable summary.
 */
import { formatBytes, formatDuration } from '../core';
import type { TilingPlan } from './plan';

/** What a calibration run measured. */
export interface Calibration {
  /** Tiles the calibration jobs were planned to write (the unit the estimate scales by). */
  tiles: number;
  /** Encoded bytes of those tiles. */
  bytes: number;
  /** Wall time of the jobs on one thread (seconds). */
  seconds: number;
  /** Source pixels the jobs read. */
  sourcePixels: number;
}

/** Estimated output of a plan. */
export interface PlanEstimate {
  tiles: number;
  bytes: number;
  /** Wall time with `workers` parallel workers (seconds). */
  seconds: number;
  workers: number;
}

/** Scales a calibration to the whole plan: per-tile bytes and time, time shared by `workers`. */
export function estimatePlan(plan: TilingPlan, calibration: Calibration, workers: number): PlanEstimate {
  const perTileBytes = calibration.tiles > 0 ? calibration.bytes / calibration.tiles : 0;
  const perTileSeconds = calibration.tiles > 0 ? calibration.seconds / calibration.tiles : 0;
  const w = Math.max(1, workers);
  return {
    tiles: plan.totalTiles,
    bytes: Math.round(perTileBytes * plan.totalTiles),
    seconds: (perTileSeconds * plan.totalTiles) / w,
    workers: w,
  };
}

/** The plan as a technician reads it: levels, jobs, bounds, and the estimate when there is one. */
export function formatPlan(plan: TilingPlan, estimate?: PlanEstimate): string {
  const o = plan.options;
  const b = plan.boundsLonLat;
  const lines: string[] = [];
  lines.push(
    `${plan.mosaic.dalles.length} dalle(s), EPSG:${plan.mosaic.epsg}, ${plan.mosaic.pixelSizeX} m pixels, ${plan.mosaic.width} x ${plan.mosaic.height} px`,
  );
  lines.push(
    `bounds (lon/lat): ${b.minX.toFixed(6)}, ${b.minY.toFixed(6)}, ${b.maxX.toFixed(6)}, ${b.maxY.toFixed(6)}`,
  );
  lines.push(
    `zooms ${o.minZoom}..${o.maxZoom}, format ${o.format} (quality ${o.quality}), ${o.jobZoomSpan} levels per job`,
  );
  lines.push('');
  lines.push('  zoom       tiles   columns x rows');
  for (const l of plan.levels) {
    const cols = l.range.maxX - l.range.minX + 1;
    const rows = l.range.maxY - l.range.minY + 1;
    lines.push(`  ${String(l.z).padStart(4)}  ${String(l.tiles).padStart(10)}   ${cols} x ${rows}`);
  }
  lines.push(`  total ${String(plan.totalTiles).padStart(10)}`);
  const source = plan.jobs.filter((j) => j.kind === 'source').length;
  lines.push('');
  lines.push(
    `${plan.jobs.length} jobs: ${source} from the dalles, ${plan.jobs.length - source} from their children`,
  );
  lines.push(`source pixels to read: ${(plan.sourcePixels / 1e6).toFixed(1)} Mpx`);
  if (plan.skipped.length > 0) {
    lines.push('');
    lines.push(`${plan.skipped.length} dalle(s) left out:`);
    for (const s of plan.skipped) lines.push(`  - "${s.id}" ${s.reasons.join(' ')}`);
  }
  if (estimate) {
    lines.push('');
    lines.push(
      `estimate: ${formatBytes(estimate.bytes)}, ${formatDuration(estimate.seconds)} with ${estimate.workers} worker(s) (from a calibration run)`,
    );
  }
  return lines.join('\n');
}
