/**
 * `tiling terrain <DEM files or folders> --out <dir>`: Cesium quantized-mesh-1.0 terrain (the
 * viewer's globe) with all cores, resumable: a run after a crash or kill -9 skips the jobs its
 * manifest lists, and the result is byte-identical to an uninterrupted run (docs/terrain.md).
 */
import { resolve } from 'node:path';
import { DataError } from '../../core';
import { listDemFiles } from '../../dem';
import {
  formatTerrainSummary,
  levelMaximumGeometricError,
  NAME,
  runTerrain,
  setupTerrain,
  TERRAIN_DEFAULTS,
  type TerrainOptions,
} from '../../terrain';
import type { Command } from '../command';
import { numberFlag, str, workersFlag } from '../flags';
import { queueOnlyProblems, runLocalProduct, runQueuedProduct } from './product-run';

const USAGE = `Usage: tiling terrain <DEM GeoTIFFs or folders...> --out <dir> [options]

Builds Cesium quantized-mesh-1.0 terrain on the Web Mercator grid of the imagery pyramid:
  <dir>/layer.json               "projection": "EPSG:3857", extensions octvertexnormals + metadata
  <dir>/{z}/{x}/{y}.terrain      TMS rows (y from the south), gzipped (serve with Content-Encoding: gzip)
Heights are WGS84 ellipsoidal: the DEM's NGF-IGN69 altitudes + the geoid. Each level's mesh stays
within CesiumJS's geometric error for it (154,135 m / 2^z: 0.29 m at z19). Run the same command
again after a crash or kill -9: it resumes, and the result is the same, byte for byte.

Input: DEM GeoTIFFs (RGE ALTI 1 m, LiDAR HD MNT 50 cm), one band of altitudes, Lambert-93 or CC zone.

Options:
  -o, --out <dir>        output folder (required)
      --geoid <file>     geoid grid GeoTIFF in degrees (fr_ign_RAF20.tif); default: constant 45 m (warned)
      --max-zoom <z>     finest level (default: the first level whose grid step is at most the DEM pixel)
      --grid-size <n>    height grid points per tile side, 2^k + 1 (default ${TERRAIN_DEFAULTS.gridSize})
      --uncompressed     write tiles without gzip
  -j, --workers <n>      worker threads (default: all cores; 0 = in the main thread)
      --name <text>      layer name (default: the output folder's name)
      --attribution <t>  attribution text
      --dry-run          print the plan (tiles and error per level), write nothing
      --queue <url>      distributed: enqueue the jobs on Redis (redis://host:port) for "tiling worker"s
                         (same code, DEM and output paths on every machine); this process coordinates.
                         Resume: "tiling resume --queue <url> --batch <id>", or the same command again
      --batch <id>       batch id with --queue (default: from the plan and the output)
      --attempts <n>     with --queue: tries of a failing job before it is reported (3)
  -h, --help             this help`;

/** The `tiling terrain` command. */
export const terrainCommand: Command = {
  name: 'terrain',
  summary: 'DEM -> Cesium quantized-mesh terrain (layer.json + .terrain tiles); resumable',
  usage: USAGE,
  options: {
    out: { type: 'string', short: 'o' },
    geoid: { type: 'string' },
    'max-zoom': { type: 'string' },
    'grid-size': { type: 'string' },
    uncompressed: { type: 'boolean' },
    workers: { type: 'string', short: 'j' },
    name: { type: 'string' },
    attribution: { type: 'string' },
    'dry-run': { type: 'boolean' },
    queue: { type: 'string' },
    batch: { type: 'string' },
    attempts: { type: 'string' },
  },
  async run(values, positionals) {
    const problems: string[] = [];
    if (positionals.length === 0) problems.push('give at least one DEM GeoTIFF or folder.');
    const out = str(values.out);
    if (!out) problems.push('--out <dir> is required (the folder to write the terrain into).');
    const maxZoom = numberFlag(values, problems, 'max-zoom', 0, 24);
    const gridSize = numberFlag(values, problems, 'grid-size', 3, 257);
    const workers = workersFlag(values, problems);
    const attempts = numberFlag(values, problems, 'attempts', 1, 100);
    const queue = str(values.queue);
    queueOnlyProblems(values, problems, queue);
    if (problems.length > 0) throw new DataError(`${NAME}: invalid options; nothing was written.`, problems);
    // Workers of a distributed batch run elsewhere: every path they get is absolute.
    const outDir = queue ? resolve(out as string) : (out as string);
    const options: Partial<TerrainOptions> = {
      ...(maxZoom !== undefined ? { maxZoom } : {}),
      ...(gridSize !== undefined ? { gridSize } : {}),
      gzip: values.uncompressed !== true,
    };
    const demFiles = (await listDemFiles(positionals)).map((f) => (queue ? resolve(f) : f));
    const geoid = str(values.geoid);
    const geoidGrid = geoid === undefined ? null : queue ? resolve(geoid) : geoid;
    if (values['dry-run']) {
      const setup = await setupTerrain(demFiles, geoidGrid, options);
      const lines = [
        `${NAME}: ${demFiles.length} DEM file(s), EPSG:${setup.epsg}, levels 0..${setup.options.maxZoom}, ${setup.plan.tiles} tiles in ${setup.plan.jobs.length} jobs`,
      ];
      for (let z = 0; z <= setup.options.maxZoom; z++)
        lines.push(
          `  z${z}: ${setup.plan.cover.count(z)} tiles, mesh error <= ${levelMaximumGeometricError(z).toFixed(3)} m`,
        );
      for (const w of setup.warnings) lines.push(`  warning: ${w}`);
      console.log(lines.join('\n'));
      return 0;
    }
    const name = str(values.name) ?? (outDir.split(/[\\/]/).filter(Boolean).pop() || 'terrain');
    const attribution = str(values.attribution) ?? '';
    if (queue)
      return runQueuedProduct(values, 'terrain', attempts, async (o) => {
        const { runTerrainBatch } = await import('../../terrain/batch');
        return runTerrainBatch({ out: outDir, demFiles, geoidGrid, options, name, attribution }, o);
      });
    return runLocalProduct(
      workers,
      outDir,
      (engine, signal) =>
        runTerrain({
          demFiles,
          outDir,
          geoidGrid,
          options,
          engine,
          name,
          attribution,
          onStart: (s) =>
            console.error(
              `${NAME}: ${s.jobs} jobs, ${s.tiles} tiles planned, levels 0..${s.maxZoom}, ${engine.concurrency} worker(s)${s.resumed > 0 ? `, resuming (${s.resumed} jobs already done)` : ''}`,
            ),
          onProgress: (done, total, tiles) => {
            if (done === total || done % 50 === 0)
              console.error(`${NAME}: ${done}/${total} jobs, ${tiles} tiles this run`);
          },
          signal,
        }),
      formatTerrainSummary,
    );
  },
};
