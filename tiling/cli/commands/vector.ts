/**
 * `tiling vector`: OCS2D polygons or change detections -> Web Mercator MVT pyramid + metadata
 * (docs/vector.md).
 */
import { resolve } from 'node:path';
import { VECTOR_KINDS, type VectorKind } from '../../../format/tile-metadata';
import { DataError } from '../../core';
import {
  formatVectorSummary,
  type InputCrs,
  NAME,
  runVector,
  VECTOR_DEFAULTS,
  type VectorRunOptions,
} from '../../vector';
import type { Command, CommandValues } from '../command';
import { workersFlag } from '../flags';
import { queueOnlyProblems, runLocalProduct, runQueuedProduct } from './product-run';

const USAGE = `Usage: tiling vector <file> --out <dir> [--kind ocs2d|changes] [options]

Turns OCS2D polygons (or AI change detections) in Lambert-93 into a Web Mercator pyramid of
Mapbox Vector Tiles the viewer drapes, colours and picks:
  <dir>/{z}/{x}/{y}.pbf   tiles (layer "ocs2d", or "changes" + "heat")
  <dir>/metadata.json     TileJSON 3.0 + kind, legend (classes present, official colours), areas
  <dir>/legend.json       the legend alone
Each OCS2D feature keeps id, cs, us, millesime and gets p4, p21, enaf (geo2france/ocs2d tables)
and area_m2 (planar Lambert-93). Changes keep class_code, confidence, dates, model_version.

Input: .geojson/.json (EPSG:2154 when its crs member says so, else EPSG:4326), or through GDAL's
ogr2ogr (gdal-bin): .gpkg, .fgb, .shp, .zip (a zipped GeoPackage...), .gml, .sqlite.

Options:
  --out <dir>              output folder (replaced as a whole)
  --kind <k>               ocs2d (default) or changes
  --min-zoom <z>           coarsest level (default ${VECTOR_DEFAULTS.minZoom})
  --max-zoom <z>           finest level (default ${VECTOR_DEFAULTS.maxZoom}; the viewer over-zooms past it)
  --vintage <yyyy>         millésime for features without a millesime field
  --crs <EPSG:2154|EPSG:4326>  CRS of a GeoJSON without crs member (default EPSG:4326, RFC 7946)
  --cs-field, --us-field   fields of the CS/US codes (default cs/us, or cs21/us21... of the vintage)
  --cs, --us               codes for features without any (e.g. RPG parcels: --cs CS6.3.0 --us US1.1.3)
  --cell-m <m>             changes: heat-grid cell side in metres (default ${VECTOR_DEFAULTS.cellMetres})
  --heat-min-confidence <c>  changes: detections counted in the heat grid (default ${VECTOR_DEFAULTS.heatMinConfidence})
  --job-zoom <z>           level of the jobs' root tiles (default min zoom + 2): one job per tile of it
                           that features reach, plus one job for the coarser levels
  -j, --workers <n>        worker threads (default: all cores; 0 = in the main thread)
  --queue <url>            distributed: enqueue the jobs on Redis (redis://host:port) for "tiling worker"s
                           (same code, input and output paths on every machine); this process coordinates.
                           Resume: "tiling resume --queue <url> --batch <id>", or the same command again
  --batch <id>             batch id with --queue (default: from the plan and the output)
  --attempts <n>           with --queue: tries of a failing job before it is reported (3)

The same input gives the same bytes, whatever the engine, the workers or the interruptions: a run
killed midway resumes from its manifest (<dir>/.tiling) when run again.`;

function str(v: CommandValues[string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The `tiling vector` command. */
export const vectorCommand: Command = {
  name: 'vector',
  summary: 'OCS2D polygons / change detections -> vector tile pyramid with legend',
  usage: USAGE,
  options: {
    out: { type: 'string' },
    kind: { type: 'string' },
    'min-zoom': { type: 'string' },
    'max-zoom': { type: 'string' },
    vintage: { type: 'string' },
    crs: { type: 'string' },
    'cs-field': { type: 'string' },
    'us-field': { type: 'string' },
    cs: { type: 'string' },
    us: { type: 'string' },
    'cell-m': { type: 'string' },
    'heat-min-confidence': { type: 'string' },
    'job-zoom': { type: 'string' },
    workers: { type: 'string', short: 'j' },
    queue: { type: 'string' },
    batch: { type: 'string' },
    attempts: { type: 'string' },
  },
  async run(values, positionals) {
    const problems: string[] = [];
    if (positionals.length !== 1) problems.push(`give exactly one input file, got ${positionals.length}.`);
    const out = str(values.out);
    if (!out) problems.push('--out <dir> is required (the folder to write the pyramid into).');
    const kind = (str(values.kind) ?? VECTOR_DEFAULTS.kind) as VectorKind;
    if (!VECTOR_KINDS.includes(kind)) problems.push(`--kind must be ocs2d or changes, got "${kind}".`);
    const int = (flag: string, min: number, max: number, fallback: number | undefined) => {
      const raw = str(values[flag]);
      if (raw === undefined) return fallback;
      const v = Number(raw);
      if (!Number.isInteger(v) || v < min || v > max) {
        problems.push(`--${flag} must be an integer from ${min} to ${max}, got "${raw}".`);
        return fallback;
      }
      return v;
    };
    const minZoom = int('min-zoom', 0, 24, VECTOR_DEFAULTS.minZoom) as number;
    const maxZoom = int('max-zoom', 0, 24, VECTOR_DEFAULTS.maxZoom) as number;
    if (minZoom > maxZoom)
      problems.push(`--min-zoom (${minZoom}) must not be above --max-zoom (${maxZoom}).`);
    const vintage = int('vintage', 1950, 2100, undefined);
    const cellMetres = int('cell-m', 1, 10_000, VECTOR_DEFAULTS.cellMetres) as number;
    const rawConf = str(values['heat-min-confidence']);
    const heatMinConfidence = rawConf === undefined ? VECTOR_DEFAULTS.heatMinConfidence : Number(rawConf);
    if (!(heatMinConfidence >= 0 && heatMinConfidence <= 1))
      problems.push(`--heat-min-confidence must be a number from 0 to 1, got "${rawConf}".`);
    const crs = str(values.crs);
    if (crs !== undefined && crs !== 'EPSG:2154' && crs !== 'EPSG:4326')
      problems.push(`--crs must be EPSG:2154 or EPSG:4326, got "${crs}".`);
    const jobZoom = int('job-zoom', 0, 24, undefined);
    if (jobZoom !== undefined && (jobZoom < minZoom || jobZoom > maxZoom))
      problems.push(
        `--job-zoom (${jobZoom}) must be from --min-zoom (${minZoom}) to --max-zoom (${maxZoom}).`,
      );
    const workers = workersFlag(values, problems);
    const attempts = int('attempts', 1, 100, undefined);
    const queue = str(values.queue);
    queueOnlyProblems(values, problems, queue);
    if (problems.length > 0) throw new DataError(`${NAME}: invalid options; nothing was written.`, problems);

    // Workers of a distributed batch run elsewhere: every path they get is absolute.
    const input = queue ? resolve(positionals[0] as string) : (positionals[0] as string);
    const outDir = queue ? resolve(out as string) : (out as string);
    const options: VectorRunOptions = {
      kind,
      minZoom,
      maxZoom,
      vintage,
      cellMetres,
      heatMinConfidence,
      crs: crs as InputCrs | undefined,
      csField: str(values['cs-field']),
      usField: str(values['us-field']),
      defaultCs: str(values.cs),
      defaultUs: str(values.us),
      jobZoom,
    };
    // JSON-safe (a batch keeps them): no undefined members.
    for (const k of Object.keys(options) as (keyof VectorRunOptions)[])
      if (options[k] === undefined) delete options[k];
    if (queue)
      return runQueuedProduct(values, 'vector', attempts, async (o) => {
        const { runVectorBatch } = await import('../../vector/batch');
        return runVectorBatch({ out: outDir, input, options, name: null }, o);
      });
    return runLocalProduct(
      workers,
      outDir,
      (engine, signal) => runVector({ input, options, outDir, engine, signal }),
      formatVectorSummary,
    );
  },
};
