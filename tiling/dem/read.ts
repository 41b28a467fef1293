/**
 * Reading DEM files (I/O): GeoTIFF, one band of altitudes (Float32 like RGE ALTI and LiDAR HD, or
 * integers), north-up, in Lambert-93 or a CC zone. Read with geotiff.js: DEM files are small next to
 * the dalles (1 km at 1 m = 4 MB) and libvips (tiling/source) only hands out 8-bit RGBA.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fromFile } from 'geotiff';
import { isSupportedEpsg } from '../../format/crs';
import { DataError } from '../core';
import { crsFromGeoKeys, parseGeoKeys } from '../source/geokeys';
import type { GeoidGrid } from './geoid';
import type { DemHeader, DemRaster } from './raster';

/** Prefix of this stage's messages and errors. */
export const NAME = 'tiling/dem';

const DEM_EXTENSIONS = new Set(['.tif', '.tiff']);

/**
 * Expands files and folders (recursively) into the sorted list of DEM GeoTIFFs.
 * @throws DataError naming every input that does not exist, or when nothing is found.
 */
export async function listDemFiles(inputs: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const problems: string[] = [];
  const visit = async (p: string): Promise<void> => {
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch {
      problems.push(`${NAME}: DEM input "${p}" does not exist; expected a GeoTIFF or a folder of them.`);
      return;
    }
    if (s.isDirectory()) {
      for (const e of await readdir(p, { withFileTypes: true })) {
        const child = join(p, e.name);
        if (e.isDirectory()) await visit(child);
        else if (DEM_EXTENSIONS.has(extname(e.name).toLowerCase())) found.add(normalize(child));
      }
    } else found.add(normalize(p));
  };
  for (const p of inputs) await visit(p);
  if (problems.length > 0) throw new DataError(`${NAME}: bad --dem input.`, problems);
  if (found.size === 0)
    throw new DataError(`${NAME}: no DEM GeoTIFF (.tif) found in ${inputs.map((i) => `"${i}"`).join(', ')}.`);
  return [...found].sort();
}

type GeoTiffImage = Awaited<ReturnType<Awaited<ReturnType<typeof fromFile>>['getImage']>>;

function rawTag(image: GeoTiffImage, name: string): unknown {
  const fd = image.fileDirectory as unknown as { getValue?(n: string): unknown } & Record<string, unknown>;
  return typeof fd.getValue === 'function' ? fd.getValue(name) : fd[name];
}

function headerOf(id: string, image: GeoTiffImage): DemHeader {
  const bands = image.getSamplesPerPixel();
  if (bands !== 1)
    throw new DataError(
      `${NAME}: DEM "${id}" has ${bands} bands; expected 1 band of altitudes (RGE ALTI, LiDAR HD MNT).`,
    );
  const directory = rawTag(image, 'GeoKeyDirectory') as ArrayLike<number> | undefined;
  if (!directory)
    throw new DataError(
      `${NAME}: DEM "${id}" has no CRS (no GeoKeyDirectory); expected EPSG:2154 (Lambert-93).`,
    );
  const crs = crsFromGeoKeys(
    parseGeoKeys(
      directory,
      rawTag(image, 'GeoDoubleParams') as ArrayLike<number> | undefined,
      rawTag(image, 'GeoAsciiParams') as string | undefined,
    ),
  );
  if (!isSupportedEpsg(crs.epsg))
    throw new DataError(
      `${NAME}: DEM "${id}" is in ${crs.epsg === null ? 'an unknown CRS' : `EPSG:${crs.epsg}`}; expected EPSG:2154 (Lambert-93) or EPSG:3942..3950. Reproject it with gdalwarp.`,
    );
  let origin: number[];
  let res: number[];
  try {
    origin = image.getOrigin();
    res = image.getResolution();
  } catch {
    throw new DataError(`${NAME}: DEM "${id}" has no georeferencing (no tie point and pixel scale).`);
  }
  const [ox = 0, oy = 0] = origin;
  const [rx = 0, ry = 0] = res;
  if (!(rx > 0) || !(ry < 0))
    throw new DataError(
      `${NAME}: DEM "${id}" is not north-up (pixel size ${rx} x ${ry}); expected a positive width and a negative height. Warp it with gdalwarp.`,
    );
  const shift = crs.pixelIsPoint ? 0.5 : 0;
  const nodata = image.getGDALNoData();
  return {
    id,
    epsg: crs.epsg,
    width: image.getWidth(),
    height: image.getHeight(),
    originX: ox - shift * rx,
    originY: oy - shift * ry,
    pixelSizeX: rx,
    pixelSizeY: -ry,
    nodata: typeof nodata === 'number' && Number.isFinite(nodata) ? nodata : null,
  };
}

async function openImage(path: string): Promise<GeoTiffImage> {
  try {
    const tiff = await fromFile(path);
    return await tiff.getImage();
  } catch (e) {
    throw new DataError(
      `${NAME}: DEM "${path}" cannot be read as a GeoTIFF: ${(e as Error).message}. Check the file (gdalinfo).`,
    );
  }
}

/** Reads a DEM file's header. @throws DataError naming the file and what is wrong. */
export async function readDemHeader(path: string): Promise<DemHeader> {
  return headerOf(path, await openImage(path));
}

/** Reads a whole DEM file (header and altitudes). @throws DataError naming the file. */
export async function readDemRaster(path: string): Promise<DemRaster> {
  const image = await openImage(path);
  const header = headerOf(path, image);
  let values: Float32Array;
  try {
    const r = (await image.readRasters({ interleave: true })) as unknown as ArrayLike<number>;
    values = r instanceof Float32Array ? r : Float32Array.from(r);
  } catch (e) {
    throw new DataError(`${NAME}: DEM "${path}" cannot be decoded: ${(e as Error).message}. Re-export it.`);
  }
  if (values.length !== header.width * header.height)
    throw new DataError(
      `${NAME}: DEM "${path}" decoded to ${values.length} values; expected ${header.width * header.height}.`,
    );
  return { ...header, values };
}

/**
 * Reads a geoid grid: a single-band GeoTIFF of undulations (metres) in geographic coordinates
 * (degrees), such as PROJ's `fr_ign_RAF20.tif`.
 * @throws DataError naming the file when it is not such a grid.
 */
export async function readGeoidGrid(path: string): Promise<GeoidGrid> {
  const image = await openImage(path);
  if (image.getSamplesPerPixel() < 1)
    throw new DataError(`${NAME}: geoid grid "${path}" has no band; expected undulations in metres.`);
  const keys = image.getGeoKeys() as Record<string, unknown> | null;
  if (keys?.GTModelTypeGeoKey !== 2)
    throw new DataError(
      `${NAME}: geoid grid "${path}" is not in geographic coordinates; expected a GeoTIFF in degrees (e.g. PROJ's fr_ign_RAF20.tif).`,
    );
  const [west = 0, north = 0] = image.getOrigin();
  const [sx = 0, sy = 0] = image.getResolution();
  if (!(sx > 0) || !(sy < 0))
    throw new DataError(`${NAME}: geoid grid "${path}" is not north-up (cell ${sx} x ${sy} degrees).`);
  const r = (await image.readRasters({ samples: [0], interleave: true })) as unknown as ArrayLike<number>;
  const nodata = image.getGDALNoData();
  return {
    id: path,
    width: image.getWidth(),
    height: image.getHeight(),
    west,
    north,
    stepLon: sx,
    stepLat: -sy,
    values: r instanceof Float32Array ? r : Float32Array.from(r),
    // PixelIsPoint (PROJ's grids): the tie point is the first value's own position.
    pointGrid: keys.GTRasterTypeGeoKey === 2,
    nodata: typeof nodata === 'number' && Number.isFinite(nodata) ? nodata : null,
  };
}
