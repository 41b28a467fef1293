/**
 * The ortho product's command-line wiring shared by `tiling run` (local and --queue) and
 * `tiling resume`: the progress line and the end-of-run summary. Flags stay in tiling/cli.
 */
import { formatBytes, formatDuration } from '../core';
import type { RunProgress, RunReport } from './run';

/** Progress on a TTY: one line redrawn; elsewhere: a plain line every 10 s or 10%. */
export function createProgressPrinter(stream: NodeJS.WriteStream): {
  update(p: RunProgress): void;
  end(): void;
} {
  const tty = stream.isTTY === true;
  let startPlanned = -1;
  let lastLine = 0;
  let lastPct = -1;
  return {
    update(p) {
      if (startPlanned < 0) startPlanned = p.plannedDone;
      const frac = p.plannedTotal > 0 ? p.plannedDone / p.plannedTotal : 1;
      const rate = p.seconds > 0 ? (p.plannedDone - startPlanned) / p.seconds : 0;
      const eta = rate > 0 ? formatDuration((p.plannedTotal - p.plannedDone) / rate) : '?';
      const tilesPerSecond = p.seconds > 0 ? p.tiles / p.seconds : 0;
      const mpx = p.seconds > 0 ? p.sourcePixels / 1e6 / p.seconds : 0;
      const stats = `${p.jobsDone}/${p.jobsTotal} jobs  ${p.tiles} tiles  ${tilesPerSecond.toFixed(0)} tiles/s  ${mpx.toFixed(1)} Mpx/s  ETA ${eta}`;
      if (tty) {
        const width = 24;
        const filled = Math.round(frac * width);
        stream.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(1).padStart(5)}%  ${stats}\x1b[K`,
        );
        return;
      }
      const pct = Math.floor(frac * 10);
      if (p.seconds - lastLine >= 10 || pct > lastPct || p.jobsDone === p.jobsTotal) {
        lastLine = p.seconds;
        lastPct = pct;
        stream.write(`tiling: ${(frac * 100).toFixed(1)}%  ${stats}\n`);
      }
    },
    end() {
      if (tty) stream.write('\n');
    },
  };
}

/** The end-of-run summary. */
export function formatSummary(report: RunReport, outDir: string): string {
  const lines = [
    report.complete
      ? `done: ${outDir}`
      : `stopped before the end: ${outDir} (run the same command again to resume)`,
    `  ${report.tiles} tiles, ${formatBytes(report.bytes)}, zooms ${report.minZoom}..${report.maxZoom}`,
    `  this run: ${report.jobs.completed} jobs in ${formatDuration(report.seconds)}, ${report.tilesPerSecond.toFixed(0)} tiles/s, ${report.sourceMegapixelsPerSecond.toFixed(1)} Mpx/s of source${report.jobs.resumed > 0 ? ` (${report.jobs.resumed} jobs done by an earlier run)` : ''}`,
  ];
  if (report.format === 'jpeg' && report.jpegEncoders.length > 0)
    lines.push(`  JPEG tiles encoded by ${report.jpegEncoders.join(' and ')}`);
  if (report.skippedDalles.length > 0) {
    lines.push(`  ${report.skippedDalles.length} dalle(s) left out (see report.json):`);
    for (const s of report.skippedDalles) lines.push(`    - ${s.id}: ${s.reasons[0] ?? ''}`);
  }
  for (const e of report.errors) lines.push(`  job ${e.job} failed: ${e.message}`);
  return lines.join('\n');
}
