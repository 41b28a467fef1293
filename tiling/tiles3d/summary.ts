/** Printing of the 3D mesh stage (`tiling run --3d`, `tiling resume` of its batch). */
import type { Tiles3dReport } from './stage';

/** One-paragraph summary of a 3D report. */
export function format3dSummary(r: Tiles3dReport, outDir: string): string {
  const lines = [
    r.complete
      ? `3d done: ${outDir}/tileset.json`
      : `3d stopped before the end: ${outDir} (run again to resume)`,
    `  ${r.tiles} 3D tiles, zooms ${r.minZoom}..${r.maxZoom}, ${(r.bytes / 1048576).toFixed(1)} MiB (textures ${(r.textureBytes / 1048576).toFixed(1)} MiB), ${r.triangles} triangles, ${r.tilesetFiles} tileset JSON(s)`,
    `  this run: ${r.jobs.completed} jobs in ${r.seconds.toFixed(1)} s, ${r.tilesPerSecond.toFixed(0)} tiles/s; heights: NGF-IGN69 + geoid (${r.geoid})`,
  ];
  if (r.archive)
    lines.push(
      `  archive: ${r.archive.path} (${(r.archive.bytes / 1048576).toFixed(1)} MiB, ${r.archive.entries} entries)`,
    );
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  for (const e of r.errors) lines.push(`  job ${e.job} failed: ${e.message}`);
  return lines.join('\n');
}
