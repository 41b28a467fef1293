/**
 * Streams footprints from a vector file (I/O): GeoPackage, Shapefile, FlatGeobuf... through GDAL's
 * `ogr2ogr -f GeoJSONSeq` (one feature per line, so memory does not grow with the file; that
 * driver always writes WGS 84, at 1e-9 degree here, turned back into Lambert-93 with proj4); GeoJSON is read directly (whole: convert a large one to
 * GeoPackage or FlatGeobuf first).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import proj4 from 'proj4';
import { DataError } from '../core';
import { crsDefinition } from '../reproject';
import type { InputFeature } from '../source/vector-file';
import { lambert93FeaturesOfGeoJson, OGR_EXTENSIONS, OGR_INSTALL_HINT } from '../source/vector-file';
import { NAME } from './options';

/** Features of a vector file, Lambert-93, one at a time. @throws DataError for a bad file. */
export async function* readFootprintFeatures(
  path: string,
  options: { layer?: string; signal?: AbortSignal } = {},
): AsyncGenerator<InputFeature> {
  const ext = extname(path).toLowerCase();
  if (ext === '.geojson' || ext === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      throw new DataError(
        `${NAME}: cannot read "${basename(path)}" as GeoJSON: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      );
    }
    yield* lambert93FeaturesOfGeoJson(json, basename(path));
    return;
  }
  if (!OGR_EXTENSIONS.includes(ext))
    throw new DataError(
      `${NAME}: "${basename(path)}" has an unknown extension "${ext}"; expected .geojson, or ${OGR_EXTENSIONS.join(', ')} (read through GDAL).`,
    );
  const input = ext === '.zip' ? `/vsizip/${path}` : path;
  const args = [
    '-f',
    'GeoJSONSeq',
    '-t_srs',
    'EPSG:4326',
    '-lco',
    'COORDINATE_PRECISION=9',
    '/vsistdout/',
    input,
  ];
  if (options.layer) args.push(options.layer);
  const child = spawn('ogr2ogr', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new DataError(
              `${NAME}: "${basename(path)}" needs GDAL's ogr2ogr, which is not installed: ${OGR_INSTALL_HINT}.`,
            )
          : e,
      ),
    );
    child.on('close', (code) => resolve(code ?? 1));
  });
  exited.catch(() => {});
  const wgs84ToL93 = proj4('WGS84', crsDefinition(2154));
  const toL93 = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? wgs84ToL93.forward([c[0], c[1] as number])
      : (c as unknown[]).map(toL93);
  const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    // GeoJSONSeq may start records with RS (0x1e, RFC 8142).
    const l = (line.charCodeAt(0) === 0x1e ? line.slice(1) : line).trim();
    if (l.length === 0) continue;
    const f = JSON.parse(l) as InputFeature;
    yield {
      properties: f.properties,
      geometry: f.geometry?.coordinates
        ? { type: f.geometry.type, coordinates: toL93(f.geometry.coordinates) }
        : f.geometry,
    };
  }
  const code = await exited;
  if (code !== 0) {
    const detail = stderr.trim().split('\n').slice(-2).join(' ');
    throw new DataError(
      `${NAME}: GDAL could not read "${basename(path)}" (ogr2ogr: ${detail || `exit code ${code}`}). Check it with ogrinfo; expected polygons (BD TOPO batiment) with a CRS.`,
    );
  }
}
