/**
 * `tiling buildings <footprints> --dsm <MNS> --dtm <MNT> --out <dir>`: LoD1.2 buildings as 3D Tiles
 * 1.1 (docs/buildings.md), with all cores, resumable: a run after a crash or kill -9 skips the jobs
 * its manifest lists, and the result is byte-identical to an uninterrupted run.
 */
import {
  BUILDINGS_DEFAULTS,
  type BuildingsOptions,
  formatBuildingsSummary,
  NAME,
  runBuildings,
} from '../../buildings';
import { DataError } from '../../core';
import type { Command } from '../command';
import { list, numberFlag, str, workersFlag } from '../flags';
import { queueOnlyProblems, runLocalProduct, runQueuedProduct } from './product-run';

const USAGE = `Usage: tiling buildings <footprints> --dsm <MNS files|dirs> --dtm <MNT files|dirs> --out <dir> [options]

Builds LoD1.2 buildings (one flat roof per building) as 3D Tiles 1.1 on the Web Mercator grid:
  <dir>/tileset.json              root (refine ADD), one external tileset per level-${BUILDINGS_DEFAULTS.minZoom} tile
  <dir>/{z}/{x}/{y}.glb           glTF 2.0, KHR_mesh_quantization + EXT_meshopt_compression,
                                  EXT_mesh_features + EXT_structural_metadata (per building: id, rnb,
                                  height, ground, storeys, usage, year, height_source, quality)
Heights as 3DBAG: ground = 10th percentile of the DTM in the footprint, roof = --roof-percentile of
the DSM in it; fallbacks: the height field, then storeys x 3 m. WGS84 ellipsoidal = NGF-IGN69 + geoid.
Run the same command again after a crash or kill -9: it resumes, and the result is the same bytes.

Footprints: BD TOPO batiment (GeoPackage, Shapefile, FlatGeobuf: read through GDAL's ogr2ogr,
streamed) or GeoJSON; fields cleabs, hauteur, nombre_d_etages, usage_1, date_d_apparition,
identifiants_rnb, or any polygons with a height field (--height-field).

Options:
  -o, --out <dir>             output folder (required)
      --dsm <file|dir>        DSM (MNS) GeoTIFFs, Lambert-93; repeat the flag for several
      --dtm <file|dir>        DTM (MNT) GeoTIFFs, Lambert-93; repeat the flag for several
      --layer <name>          layer of a multi-layer GeoPackage (default: the first)
      --height-field <name>   property holding the height in metres (default ${BUILDINGS_DEFAULTS.heightField})
      --roof-percentile <p>   DSM percentile taken as the roof (default ${BUILDINGS_DEFAULTS.roofPercentile})
      --ground-percentile <p> DTM percentile taken as the ground (default ${BUILDINGS_DEFAULTS.groundPercentile})
      --geoid <file>          geoid grid GeoTIFF in degrees (fr_ign_RAF20.tif); default: constant 45 m (warned)
      --min-zoom <z>          coarsest level, one job per tile (default ${BUILDINGS_DEFAULTS.minZoom})
      --max-zoom <z>          finest level (default ${BUILDINGS_DEFAULTS.maxZoom})
  -j, --workers <n>           worker threads (default: all cores; 0 = in the main thread)
      --queue <url>           distributed: enqueue the jobs on Redis (redis://host:port) for "tiling
                              worker"s (same code, inputs and output folder on every machine); this
                              process buckets the footprints and coordinates. Resume: "tiling resume
                              --queue <url> --batch <id>", or the same command again
      --batch <id>            batch id with --queue (default: from the plan and the output)
      --attempts <n>          with --queue: tries of a failing job before it is reported (3)
  -h, --help                  this help`;

/** The `tiling buildings` command. */
export const buildingsCommand: Command = {
  name: 'buildings',
  summary: 'footprints + DSM + DTM -> LoD1.2 buildings as 3D Tiles 1.1; resumable',
  usage: USAGE,
  options: {
    out: { type: 'string', short: 'o' },
    dsm: { type: 'string', multiple: true },
    dtm: { type: 'string', multiple: true },
    layer: { type: 'string' },
    'height-field': { type: 'string' },
    'roof-percentile': { type: 'string' },
    'ground-percentile': { type: 'string' },
    geoid: { type: 'string' },
    'min-zoom': { type: 'string' },
    'max-zoom': { type: 'string' },
    workers: { type: 'string', short: 'j' },
    queue: { type: 'string' },
    batch: { type: 'string' },
    attempts: { type: 'string' },
  },
  async run(values, positionals) {
    const problems: string[] = [];
    if (positionals.length !== 1)
      problems.push('give one footprints file (BD TOPO batiment .gpkg/.shp/.fgb, or .geojson).');
    const out = str(values.out);
    if (!out) problems.push('--out <dir> is required (the folder to write the buildings into).');
    const dsm = list(values.dsm);
    const dtm = list(values.dtm);
    if (dtm.length === 0 && dsm.length === 0)
      problems.push('give --dtm <MNT> and --dsm <MNS> (GeoTIFF files or folders).');
    const roof = numberFlag(values, problems, 'roof-percentile', 0, 100, false);
    const ground = numberFlag(values, problems, 'ground-percentile', 0, 100, false);
    const minZoom = numberFlag(values, problems, 'min-zoom', 8, 20);
    const maxZoom = numberFlag(values, problems, 'max-zoom', 8, 20);
    const workers = workersFlag(values, problems);
    const attempts = numberFlag(values, problems, 'attempts', 1, 100);
    const queue = str(values.queue);
    queueOnlyProblems(values, problems, queue);
    if (problems.length > 0) throw new DataError(`${NAME}: invalid options; nothing was written.`, problems);
    const options: Partial<BuildingsOptions> = {
      ...(roof !== undefined ? { roofPercentile: roof } : {}),
      ...(ground !== undefined ? { groundPercentile: ground } : {}),
      ...(minZoom !== undefined ? { minZoom } : {}),
      ...(maxZoom !== undefined ? { maxZoom } : {}),
      ...(str(values['height-field']) ? { heightField: str(values['height-field']) as string } : {}),
    };
    const outDir = out as string;
    if (queue)
      return runQueuedProduct(values, 'buildings', attempts, async (o) => {
        const { runBuildingsBatch } = await import('../../buildings/batch');
        return runBuildingsBatch(
          {
            out: outDir,
            footprints: positionals[0] as string,
            layer: str(values.layer) ?? null,
            dsm,
            dtm,
            geoidGrid: str(values.geoid) ?? null,
            options,
          },
          o,
        );
      });
    return runLocalProduct(
      workers,
      outDir,
      (engine, signal) =>
        runBuildings({
          footprints: positionals[0] as string,
          ...(str(values.layer) ? { layer: str(values.layer) as string } : {}),
          dsm,
          dtm,
          outDir,
          geoidGrid: str(values.geoid) ?? null,
          options,
          engine,
          onStart: (s) =>
            console.error(
              `${NAME}: ${s.footprints} footprints in ${s.jobs} jobs, ${engine.concurrency} worker(s)${s.resumed > 0 ? `, resuming (${s.resumed} jobs already done)` : ''}`,
            ),
          onProgress: (done, total, n) => {
            if (done === total || done % 20 === 0)
              console.error(`${NAME}: ${done}/${total} jobs, ${n} buildings this run`);
          },
          signal,
        }),
      formatBuildingsSummary,
    );
  },
};
