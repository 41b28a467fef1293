/**
 * Shared types of the tiling module. Pure declarations: this folder imports only the contract
 * package's types (format/).
 *
 * Vocabulary: a *dalle* is one source raster file (PCRS: 200 m or 1 km square, 5 cm pixels);
 * a *pyramid level* (zoom) z of WebMercatorQuad has 2^z x 2^z tiles of 256 px.
 */

/** Tile addresses and extents are the contract package's (format/grid), shared with the viewer. */
export type { Extent, TileAddress } from '../../format/grid';

/** A rectangle of pixels in a raster: columns [x, x + width), rows [y, y + height). */
export interface PixelWindow {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * GDAL-style affine geotransform of the pixel *corner* grid:
 * X = t[0] + col * t[1] + row * t[2];  Y = t[3] + col * t[4] + row * t[5].
 * For a north-up raster t[2] = t[4] = 0 and t[5] < 0.
 */
export type GeoTransform = readonly [number, number, number, number, number, number];

/** What a dalle is, read from its header (no pixels). */
export interface RasterInfo {
  /** Where it came from (path or URL), used in every message about it. */
  id: string;
  width: number;
  height: number;
  /** Number of samples per pixel in the file (3 RGB, 4 RGBA or RGB+IR, 1 grey/DEM...). */
  bands: number;
  /** Bits per sample (8 for PCRS imagery; 16 or 32 occur). */
  bitsPerSample: number;
  /** 1 unsigned int, 2 signed int, 3 IEEE float (TIFF SampleFormat). */
  sampleFormat: 1 | 2 | 3;
  /** EPSG code of the projected CRS, from the GeoKeys (2154, 3942..3950...), or null when absent. */
  epsg: number | null;
  geoTransform: GeoTransform;
  /** GDAL_NODATA value when present. */
  nodata: number | null;
  /** True when one band is an alpha channel (ExtraSamples = 1 or 2). */
  hasAlpha: boolean;
  /** TIFF Compression tag value (1 none, 5 LZW, 7 JPEG, 8/32946 Deflate, 32773 PackBits, ...). */
  compression: number;
  /** True when the file is internally tiled (else stripped). */
  tiled: boolean;
  /** Number of internal overviews (reduced-resolution images). */
  overviews: number;
}

/** Options of one window read. */
export interface ReadWindowOptions {
  /** Which 0-based file bands become R, G, B (default [0, 1, 2]; e.g. [3, 0, 1] for IRC from RGBI). */
  bands?: readonly [number, number, number];
  signal?: AbortSignal;
}

/**
 * A source of pixels (a dalle on disk, in memory, over HTTP...). The tiler only ever asks for
 * windows, so a 20,000 px dalle never has to sit whole in memory.
 */
export interface RasterSource {
  readonly info: RasterInfo;
  /**
   * Reads a window as interleaved RGBA 8-bit (width * height * 4 bytes). Alpha is 0 where the
   * pixel is nodata, transparent in the source, or outside the raster; 255 elsewhere.
   * @throws DataError when the file is corrupt, naming the file and the window.
   */
  readWindow(window: PixelWindow, options?: ReadWindowOptions): Promise<Uint8Array>;
  /**
   * Optional capability (JPEG 2000 dalles): reduced resolution levels the codec decodes itself
   * (the wavelet's low band), each halving the resolution; `readReducedWindow` accepts 0..levels.
   * Absent or 0: the source reads full resolution only, and reduced zooms box-average it.
   */
  readonly levels?: number;
  /**
   * Reads a window of resolution level `level` (0 full, 1 half, ...), in that level's pixels:
   * pixel (i, j) of level L covers full-resolution pixels [i·2^L, (i+1)·2^L) x [j·2^L, (j+1)·2^L)
   * (the last row and column clipped to the raster). Same RGBA contract as `readWindow`.
   * Present only with `levels`.
   */
  readReducedWindow?(window: PixelWindow, level: number, options?: ReadWindowOptions): Promise<Uint8Array>;
  /** Releases file handles. */
  close(): Promise<void>;
}
