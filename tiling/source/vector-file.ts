/**
 * Reads a vector input file into Lambert-93 features (I/O): the input of `tiling vector` and of
 * `tiling stats`. Lives in source/ (inputs) rather than vector/ so that stats and vector both
 * read through it without importing each other.
 *
 * GeoJSON is read directly: Lambert-93 when its legacy `crs` member says EPSG:2154 (what the twin
 * and GDAL write), else WGS 84 as RFC 7946 says (reprojected here with proj4). GeoPackage,
 * FlatGeobuf, Shapefile and zipped files go through GDAL's `ogr2ogr` (gdal-bin), reprojected to
 * EPSG:2154 on the way; a missing GDAL is said in words naming the package.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import proj4 from 'proj4';
import { crsOfGeoJson } from '../../format/crs';
import { DataError } from '../core';
import { crsDefinition } from '../reproject';

/** Prefix of the reader's messages (the command whose input it was first). */
const NAME = 'tiling vector';

/** A feature as read from the input: GeoJSON-shaped, coordinates in Lambert-93 metres. */
export interface InputFeature {
  readonly properties: Readonly<Record<string, unknown>> | null;
  readonly geometry: { readonly type: string; readonly coordinates?: unknown } | null;
}

/** What to tell a technician when GDAL is missing. */
export const OGR_INSTALL_HINT = 'install gdal-bin (apt-get install gdal-bin), or convert the file to GeoJSON';

/** Extensions read through ogr2ogr. */
export const OGR_EXTENSIONS = ['.gpkg', '.fgb', '.shp', '.zip', '.gml', '.sqlite'];

/** Input CRS accepted for GeoJSON. */
export type InputCrs = 'EPSG:2154' | 'EPSG:4326';

/** The EPSG code named by a GeoJSON `crs` member (format/crs.ts). */
export { crsOfGeoJson };

/**
 * Features of a parsed GeoJSON document, in Lambert-93.
 * @throws DataError for a document that is not a FeatureCollection, or an unsupported CRS.
 */
export function lambert93FeaturesOfGeoJson(json: unknown, source: string, crs?: InputCrs): InputFeature[] {
  const doc = json as { type?: unknown; features?: unknown; crs?: unknown };
  if (
    typeof doc !== 'object' ||
    doc === null ||
    doc.type !== 'FeatureCollection' ||
    !Array.isArray(doc.features)
  )
    throw new DataError(
      `${NAME}: "${source}" is not a GeoJSON FeatureCollection (type ${JSON.stringify(doc?.type ?? null)}).`,
    );
  const declared = crsOfGeoJson(doc);
  const epsg = crs ? Number(crs.slice(5)) : (declared ?? 4326);
  const features = doc.features as InputFeature[];
  if (epsg === 2154) return features;
  if (epsg !== 4326)
    throw new DataError(
      `${NAME}: "${source}" is in EPSG:${epsg}; expected EPSG:2154 (Lambert-93) or EPSG:4326. Reproject it with ogr2ogr -t_srs EPSG:2154 first.`,
    );
  const toL93 = proj4('WGS84', crsDefinition(2154));
  const convert = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? toL93.forward([c[0], c[1] as number])
      : (c as unknown[]).map(convert);
  return features.map((f) => ({
    properties: f.properties,
    geometry: f.geometry?.coordinates
      ? { type: f.geometry.type, coordinates: convert(f.geometry.coordinates) }
      : f.geometry,
  }));
}

function ogr2ogr(path: string, signal?: AbortSignal): Promise<string> {
  const input = extname(path).toLowerCase() === '.zip' ? `/vsizip/${path}` : path;
  return new Promise((resolve, reject) => {
    execFile(
      'ogr2ogr',
      ['-f', 'GeoJSON', '-t_srs', 'EPSG:2154', '/vsistdout/', input],
      { maxBuffer: 2 * 1024 * 1024 * 1024, encoding: 'utf8', ...(signal ? { signal } : {}) },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return reject(
            new DataError(
              `${NAME}: "${basename(path)}" needs GDAL's ogr2ogr to be read, but GDAL is not installed. To read it, ${OGR_INSTALL_HINT}.`,
            ),
          );
        const detail = (stderr || error.message).trim().split('\n').slice(-2).join(' ');
        reject(
          new DataError(
            `${NAME}: GDAL could not read "${basename(path)}" (ogr2ogr: ${detail}). Check it with ogrinfo; expected polygons with a CRS.`,
          ),
        );
      },
    );
  });
}

/**
 * Reads a vector file into Lambert-93 features.
 * @throws DataError for a missing, unreadable or unsupported file (naming it and the fix).
 */
export async function readVectorFile(
  path: string,
  options: { crs?: InputCrs | undefined; signal?: AbortSignal | undefined } = {},
): Promise<InputFeature[]> {
  const ext = extname(path).toLowerCase();
  if (ext === '.geojson' || ext === '.json') {
    let textContent: string;
    try {
      textContent = await readFile(path, 'utf8');
    } catch (e) {
      throw new DataError(
        `${NAME}: cannot read "${path}": ${(e as NodeJS.ErrnoException).code ?? String(e)}.`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(textContent);
    } catch (e) {
      throw new DataError(`${NAME}: "${basename(path)}" is not valid JSON: ${(e as Error).message}.`);
    }
    return lambert93FeaturesOfGeoJson(json, basename(path), options.crs);
  }
  if (OGR_EXTENSIONS.includes(ext)) {
    const out = await ogr2ogr(path, options.signal);
    return lambert93FeaturesOfGeoJson(JSON.parse(out), basename(path), 'EPSG:2154');
  }
  throw new DataError(
    `${NAME}: "${basename(path)}" has an unknown extension "${ext}"; expected .geojson/.json, or ${OGR_EXTENSIONS.join(', ')} (read through GDAL).`,
  );
}
