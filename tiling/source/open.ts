/**
 * `openRasterSource`: the one entry that opens any dalle, choosing the reader: GeoTIFF/COG with the
 * built-in reader (./geotiff), JPEG 2000 and TIFF compressions libvips lacks through GDAL (./gdal).
 * Lives apart from both readers so that neither imports the other's caller (no cycle).
 */
import { extname } from 'node:path';
import type { RasterSource } from '../core';
import { GdalRasterSource } from './gdal';
import { GeoTiffRasterSource, type OpenRasterSourceOptions, UnsupportedLayoutError } from './geotiff';

/** File name extensions read through GDAL rather than the built-in GeoTIFF reader. */
export const GDAL_EXTENSIONS: ReadonlySet<string> = new Set(['.jp2', '.j2k', '.jpx', '.jpf']);

/**
 * Opens a dalle: GeoTIFF/COG with the built-in reader; JPEG 2000 (and TIFF compressions libvips
 * lacks) through GDAL.
 * @throws DataError naming the file and the fix (missing file, corrupt, GDAL missing, unusable).
 */
export async function openRasterSource(
  path: string,
  options: OpenRasterSourceOptions = {},
): Promise<RasterSource> {
  if (GDAL_EXTENSIONS.has(extname(path).toLowerCase())) return GdalRasterSource.open(path, options);
  try {
    return await GeoTiffRasterSource.open(path, options);
  } catch (e) {
    if (e instanceof UnsupportedLayoutError)
      return GdalRasterSource.open(path, { ...options, reason: e.message });
    throw e;
  }
}
