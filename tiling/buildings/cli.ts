/** Printing of the buildings product for the CLI (`tiling buildings`). */
import type { BuildingsReport } from './stage';

/** One-paragraph summary of a buildings report. */
export function formatBuildingsSummary(r: BuildingsReport, outDir: string): string {
  const s = r.sources;
  const lines = [
    r.complete
      ? `buildings done: ${outDir}/tileset.json`
      : `buildings stopped before the end: ${outDir} (run the same command again to resume)`,
    `  ${r.buildings} buildings of ${r.footprints} footprints (${r.features} features read${r.skipped > 0 ? `, ${r.skipped} with no ground left out` : ''}) in ${r.tiles} tiles, levels ${r.levels[0]}..${r.levels[1]} (${r.perLevel.join(' / ')} per level)`,
    `  ${(r.bytes / 1024).toFixed(1)} KiB, ${r.bytesPerBuilding} B per building; ${r.vertices} vertices, ${r.triangles} triangles`,
    `  heights: ${s.dsm} from the DSM${r.meanQuality !== null ? ` (mean RMS DSM - roof ${r.meanQuality} m)` : ''}, ${s.hauteur} from hauteur, ${s.etages} from storeys, ${s.default} default; ellipsoidal = NGF-IGN69 + geoid (${r.geoid})`,
    `  this run: ${r.jobs.completed} jobs, ${r.runBuildings} buildings in ${r.seconds.toFixed(1)} s (${r.buildingsPerSecond.toFixed(0)} buildings/s on ${r.workers} worker(s))`,
  ];
  for (const [reason, n] of Object.entries(r.rejected)) lines.push(`  ${n} feature(s) left out: ${reason}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  for (const e of r.errors) lines.push(`  job ${e.job} failed: ${e.message}`);
  return lines.join('\n');
}
