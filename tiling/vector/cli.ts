/** Printing of the vector product for the CLI (`tiling vector`). */
import { NAME } from './options';
import type { VectorReport } from './stage';

/** One-paragraph summary of a vector report. */
export function formatVectorSummary(r: VectorReport, outDir: string): string {
  const zooms = Object.entries(r.perZoom)
    .map(([z, n]) => `z${z}:${n}`)
    .join(' ');
  const lines = [
    r.complete
      ? `${NAME}: ${r.features} features (${(r.areaM2 / 10_000).toFixed(2)} ha, Lambert-93) -> ${r.tiles} tiles, ${(r.bytes / 1024).toFixed(1)} KiB, in ${outDir} (${r.seconds.toFixed(2)} s; read ${r.readSeconds.toFixed(2)} s)`
      : `${NAME} stopped before the end: ${outDir} (run the same command again to resume)`,
    ...(r.complete ? [`  tiles per level ${zooms}`] : []),
    `  this run: ${r.jobs.completed} of ${r.jobs.total} jobs (root level z${r.jobZoom}${r.jobs.resumed > 0 ? `, ${r.jobs.resumed} done before` : ''}), ${r.runTiles} tiles on ${r.workers} worker(s)`,
    ...(r.heat
      ? [`  heat grid ${r.heat.cells} cells of ${r.heat.cellMetres} m, max ${r.heat.maxHectares} ha`]
      : []),
  ];
  for (const e of r.errors) lines.push(`  job ${e.job} failed: ${e.message}`);
  return lines.join('\n');
}
