/**
 * `tiling vector`: OCS2D polygons or change detections -> Web Mercator MVT pyramid + metadata
 * (docs/vector.md).
 */
import { basename, extname } from 'node:path';
import { VECTOR_KINDS, type VectorKind } from '../../../format/tile-metadata';
import { DataError } from '../../core';
import {
  buildVectorPyramid,
  type InputCrs,
  NAME,
  prepareFeatures,
  readVectorFile,
  VECTOR_DEFAULTS,
  writeVectorPyramid,
} from '../../vector';
import type { Command, CommandValues } from '../command';

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
  --heat-min-confidence <c>  changes: detections counted in the heat grid (default ${VECTOR_DEFAULTS.heatMinConfidence})`;

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
    if (problems.length > 0) throw new DataError(`${NAME}: invalid options; nothing was written.`, problems);

    const input = positionals[0] as string;
    const started = performance.now();
    const features = await readVectorFile(input, { crs: crs as InputCrs | undefined });
    const read = performance.now();
    const layer = prepareFeatures(basename(input), features, {
      kind,
      vintage,
      csField: str(values['cs-field']),
      usField: str(values['us-field']),
      defaultCs: str(values.cs),
      defaultUs: str(values.us),
    });
    const name = basename(input, extname(input));
    const pyramid = buildVectorPyramid(name, layer, {
      kind,
      minZoom,
      maxZoom,
      vintage,
      cellMetres,
      heatMinConfidence,
    });
    const result = await writeVectorPyramid(out as string, pyramid);
    const done = performance.now();
    const zooms = Object.entries(result.perZoom)
      .map(([z, n]) => `z${z}:${n}`)
      .join(' ');
    console.log(
      [
        `${NAME}: ${layer.features.length} features (${(layer.areaM2 / 10_000).toFixed(2)} ha, Lambert-93) -> ${result.tiles} tiles, ${(result.bytes / 1024).toFixed(1)} KiB, in ${out} (${((done - started) / 1000).toFixed(2)} s; read ${((read - started) / 1000).toFixed(2)} s)`,
        `  tiles per level ${zooms}`,
        ...(pyramid.metadata.heat
          ? [
              `  heat grid ${pyramid.metadata.heat.cells} cells of ${cellMetres} m, max ${pyramid.metadata.heat.maxHectares} ha`,
            ]
          : []),
      ].join('\n'),
    );
    return 0;
  },
};
