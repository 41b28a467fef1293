/**
 * `openRasterSource`: the one entry that opens any dalle, choosing the reader: GeoTIFF/COG with the
 * built-in reader (./geotiff), JPEG 2000 window by window with Grok or GDAL (./jp2), TIFF
 * compressions libvips lacks through GDAL (./gdal).
 * Lives apart from both readers so that neither imports the other's caller (no cycle).
 */
import { extname } from 'node:path';
import type { RasterSource } from '../core';
import { GdalRasterSource } from './gdal';
import { GeoTiffRasterSource, type OpenRasterSourceOptions, UnsupportedLayoutError } from './geotiff';
import { Jp2RasterSource, type Jp2RasterSourceOptions } from './jp2';

/** File name extensions of JPEG 2000 dalles (read by `Jp2RasterSource`, not the GeoTIFF reader). */
export const GDAL_EXTENSIONS: ReadonlySet<string> = new Set(['.jp2', '.j2k', '.jpx', '.jpf']);

/**
 * Opens a dalle: GeoTIFF/COG with the built-in reader; JPEG 2000 with `Jp2RasterSource` (Grok,
 * else GDAL, one region per window); TIFF compressions libvips lacks through GDAL.
 * @throws DataError naming the file and the fix (missing file, corrupt, GDAL missing, unusable).
 */
export async function openRasterSource(
  path: string,
  options: OpenRasterSourceOptions & Pick<Jp2RasterSourceOptions, 'jp2Decoder' | 'grokBinDir'> = {},
): Promise<RasterSource> {
  if (GDAL_EXTENSIONS.has(extname(path).toLowerCase())) return Jp2RasterSource.open(path, options);
  try {
    return await GeoTiffRasterSource.open(path, options);
  } catch (e) {
    if (e instanceof UnsupportedLayoutError)
      return GdalRasterSource.open(path, { ...options, reason: e.message });
    throw e;
  }
}
