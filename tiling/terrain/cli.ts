/** Printing of the terrain product for the CLI (`tiling terrain`). */
import type { TerrainReport } from './stage';

/** One-paragraph summary of a terrain report. */
export function formatTerrainSummary(r: TerrainReport, outDir: string): string {
  const kib = (b: number) => (b / 1024).toFixed(1);
  const lines = [
    r.complete
      ? `terrain done: ${outDir}/layer.json`
      : `terrain stopped before the end: ${outDir} (run the same command again to resume)`,
    `  ${r.tiles} of ${r.plannedTiles} tiles, levels 0..${r.maxZoom}, ${kib(r.bytes)} KiB${r.gzip ? ' gzipped' : ''}${r.tiles > 0 ? `, ${Math.round(r.bytes / r.tiles)} B per tile` : ''}`,
    `  this run: ${r.jobs.completed} jobs, ${r.runTiles} tiles in ${r.seconds.toFixed(1)} s (${r.tilesPerSecond.toFixed(0)} tiles/s), ${r.vertices} vertices, ${r.triangles} triangles${r.filledTiles > 0 ? `, ${r.filledTiles} tiles with no DEM value under their grid (flat at the DEM's mean)` : ''}`,
    `  heights: NGF-IGN69 + geoid (${r.geoid}); mesh error per level = CesiumJS's geometric error (z${r.maxZoom}: ${r.levelErrorMetres[r.maxZoom]} m)`,
  ];
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  for (const e of r.errors) lines.push(`  job ${e.job} failed: ${e.message}`);
  return lines.join('\n');
}
