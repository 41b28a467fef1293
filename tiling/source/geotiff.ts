/**
 * `GeoTiffRasterSource`: reads windows of GeoTIFF / COG dalles in any layout real data comes in
 * (stripped or tiled; none, LZW, Deflate, JPEG RGB or YCbCr, PackBits, WebP; chunky or planar;
 * with or without overviews and internal masks; RGB, RGBA, RGB+IR, grey; 8 or 16 bits).
 *
 * How: our own IFD parser reads the header and georeferencing (exactly as GDAL computes it);
 * for each window, the compressed tiles or strips it needs are read by byte range and handed to
 * libvips (sharp) as a small standalone TIFF (`tiff-subset.ts`). Measured on a 4000 x 4000 tiled
 * JPEG dalle (docs in bench/README.md): libvips decodes 80-100 Mpx/s per core against 5-7 Mpx/s
 * for geotiff.js; libvips alone reads stripped files from the top, so a window at the bottom of a
 * strip file cost a near-full decode until the subset step. Memory is bounded by the window.
 *
 * `openRasterSource` (open.ts) opens JPEG 2000 (and TIFF compressions libvips lacks: ZSTD, LZMA,
 * LERC) through GDAL instead, see `gdal.ts`.
 */
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import {
  DataError,
  type PixelWindow,
  type RasterInfo,
  type RasterSource,
  type ReadWindowOptions,
} from '../core';
import { BlockCachedReader, type ByteReader, FileByteReader } from './byte-reader';
import { crsFromGeoKeys, geoTransformFromTags, parseGeoKeys } from './geokeys';
import { composeWindow } from './rgba';
import {
  inlineScalar,
  parseTiff,
  readTagBytes,
  readTagNumbers,
  readTagString,
  TAG,
  type TiffIfd,
  type TiffStructure,
} from './tiff-ifd';
import { assembleSubset, blockDecodedBytes, planSubset, type RawTag, type TiffLayout } from './tiff-subset';
import { checkDalle, NO_GEOTRANSFORM, type ValidateDallesOptions } from './validate';

/** Prefix of every message of the source stage. */
export const SOURCE_NAME = 'tiling';

/** Options of {@link openRasterSource} and {@link GeoTiffRasterSource.open}. */
export interface OpenRasterSourceOptions extends ValidateDallesOptions {
  /**
   * Check the dalle alone once its header is read (CRS present and accepted, north-up, 8-bit or
   * allowed 16-bit, usable bands) and throw a `DataError` listing its problems. Default true;
   * `inspectDalles` passes false and collects the problems of every dalle instead.
   */
  check?: boolean;
  /** EPSG code assumed when a dalle has no CRS (the CLI's --crs). Default: none. */
  crs?: number | undefined;
  /** 16-bit input range mapped to 0..255 when `uint16` is 'scale' (default [0, 65535]). */
  uint16Range?: readonly [number, number];
  /**
   * Largest decoded tile or strip accepted, in bytes (default 64 MiB). A JPEG file made of one
   * strip of 20,000 rows would need 1.2 GB decoded to read any window: it is refused with the fix.
   */
  maxBlockBytes?: number;
  /** Directory for GDAL conversions (JPEG 2000): default the OS temp dir. */
  tempDir?: string | undefined;
  /** Directory of the GDAL programs (gdalinfo, gdal_translate); default: found on PATH. */
  gdalBinDir?: string | undefined;
  signal?: AbortSignal | undefined;
}

export const OPEN_RASTER_SOURCE_DEFAULTS = {
  check: true,
  uint16: 'reject' as 'reject' | 'scale',
  uint16Range: [0, 65535] as readonly [number, number],
  maxBlockBytes: 64 * 1024 * 1024,
};

/** Compressions libvips (sharp 0.35's libtiff) decodes: none, LZW, JPEG, Deflate x2, PackBits, WebP. */
export const SHARP_COMPRESSIONS: ReadonlySet<number> = new Set([1, 5, 7, 8, 32946, 32773, 50001]);

const COMPRESSION_NAMES: Record<number, string> = {
  1: 'none',
  5: 'LZW',
  6: 'old-style JPEG',
  7: 'JPEG',
  8: 'Deflate',
  32946: 'Deflate',
  32773: 'PackBits',
  34676: 'LERC',
  34887: 'LERC',
  34925: 'LZMA',
  50000: 'ZSTD',
  50001: 'WebP',
  34712: 'JPEG 2000',
};

/** Name of a TIFF compression code, for messages. */
export function compressionName(code: number): string {
  return COMPRESSION_NAMES[code] ?? `code ${code}`;
}

/** A dalle whose layout libvips cannot decode but GDAL can (the caller may go through GDAL). */
export class UnsupportedLayoutError extends DataError {
  override name = 'UnsupportedLayoutError';
}

/** Tags copied verbatim into window subsets. */
const COPY_TAGS = [
  TAG.BitsPerSample,
  TAG.Compression,
  TAG.Photometric,
  TAG.SamplesPerPixel,
  TAG.PlanarConfiguration,
  TAG.Predictor,
  TAG.ColorMap,
  TAG.ExtraSamples,
  TAG.SampleFormat,
  TAG.JPEGTables,
  TAG.YCbCrCoefficients,
  TAG.YCbCrSubSampling,
  TAG.YCbCrPositioning,
  TAG.ReferenceBlackWhite,
];

/** NewSubfileType bits: reduced-resolution (overview) and transparency mask. */
const SUBFILE_REDUCED = 1;
const SUBFILE_MASK = 4;

async function readLayout(
  reader: ByteReader,
  tiff: TiffStructure,
  ifd: TiffIfd,
  what: string,
  signal?: AbortSignal,
): Promise<TiffLayout> {
  const id = reader.id;
  const width = inlineScalar(tiff, ifd, TAG.ImageWidth, 0);
  const height = inlineScalar(tiff, ifd, TAG.ImageLength, 0);
  const spp = inlineScalar(tiff, ifd, TAG.SamplesPerPixel, 1);
  const bps = (await readTagNumbers(reader, tiff, ifd, TAG.BitsPerSample, signal)) ?? new Float64Array([1]);
  const bits = bps[0] ?? 1;
  if (!Array.from(bps).every((b) => b === bits)) {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" has bands of different bit depths (${Array.from(bps).join(', ')}); expected all alike. Convert it (gdal_translate -ot Byte).`,
    );
  }
  const compression = inlineScalar(tiff, ifd, TAG.Compression, 1);
  const planar = inlineScalar(tiff, ifd, TAG.PlanarConfiguration, 1) === 2 ? 2 : 1;
  const tiled = ifd.entries.has(TAG.TileWidth) && ifd.entries.has(TAG.TileOffsets);
  const blockWidth = tiled ? inlineScalar(tiff, ifd, TAG.TileWidth, 0) : width;
  const blockHeight = tiled
    ? inlineScalar(tiff, ifd, TAG.TileLength, 0)
    : Math.min(height, inlineScalar(tiff, ifd, TAG.RowsPerStrip, height) || height);
  if (width <= 0 || height <= 0) {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" ${what} is ${width} x ${height} px; expected a non-empty image. Re-export the file.`,
    );
  }
  if (blockWidth <= 0 || blockHeight <= 0) {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" ${what} has ${tiled ? 'tiles' : 'strips'} of ${blockWidth} x ${blockHeight} px; expected a positive size. The file is corrupt; re-export it.`,
    );
  }
  const offsets = await readTagNumbers(reader, tiff, ifd, tiled ? TAG.TileOffsets : TAG.StripOffsets, signal);
  const counts = await readTagNumbers(
    reader,
    tiff,
    ifd,
    tiled ? TAG.TileByteCounts : TAG.StripByteCounts,
    signal,
  );
  const across = Math.ceil(width / blockWidth);
  const down = Math.ceil(height / blockHeight);
  const expected = across * down * (planar === 2 ? spp : 1);
  if (!offsets || !counts || offsets.length < expected || counts.length < expected) {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" ${what} lists ${offsets?.length ?? 0} ${tiled ? 'tile' : 'strip'} offsets; expected ${expected}. The file is corrupt; re-export it.`,
    );
  }
  // A truncated file is found here, before any work: every block must lie inside the file.
  let last = 0;
  let lastIndex = -1;
  for (let i = 0; i < expected; i++) {
    const end = (offsets[i] as number) + (counts[i] as number);
    if (end > last) {
      last = end;
      lastIndex = i;
    }
  }
  if (last > reader.size) {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" is truncated: ${tiled ? 'tile' : 'strip'} ${lastIndex} ${what} ends at byte ${last} but the file has ${reader.size} bytes. Copy or download it again.`,
    );
  }
  const copyTags: RawTag[] = [];
  for (const tag of COPY_TAGS) {
    const e = ifd.entries.get(tag);
    if (e) copyTags.push({ tag, type: e.type, count: e.count, bytes: await readTagBytes(reader, e, signal) });
  }
  return {
    width,
    height,
    samplesPerPixel: spp,
    bitsPerSample: bits,
    compression,
    planar,
    tiled,
    blockWidth,
    blockHeight,
    offsets: offsets.subarray(0, expected),
    byteCounts: counts.subarray(0, expected),
    copyTags,
    littleEndian: tiff.littleEndian,
  };
}

/** Everything about one GeoTIFF needed to read windows. */
interface GeoTiffHeader {
  info: RasterInfo;
  layout: TiffLayout;
  mask: TiffLayout | null;
  /** Decoded channel of alpha, or -1. */
  alphaChannel: number;
  colourChannels: number;
  /** TIFF PhotometricInterpretation: 1 grey (bands as they are), 2 RGB, 6 YCbCr. */
  photometric: number;
}

async function readHeader(
  reader: ByteReader,
  options: OpenRasterSourceOptions,
  signal?: AbortSignal,
): Promise<GeoTiffHeader> {
  const id = reader.id;
  const cached = new BlockCachedReader(reader);
  const tiff = await parseTiff(cached, signal);
  const subfile = (ifd: TiffIfd): number => inlineScalar(tiff, ifd, TAG.NewSubfileType, 0);
  // parseTiff guarantees at least one IFD.
  const main = (tiff.ifds.find((ifd) => (subfile(ifd) & (SUBFILE_REDUCED | SUBFILE_MASK)) === 0) ??
    tiff.ifds[0]) as TiffIfd;
  const overviews = tiff.ifds.filter(
    (ifd) => (subfile(ifd) & (SUBFILE_REDUCED | SUBFILE_MASK)) === SUBFILE_REDUCED,
  );

  const compression = inlineScalar(tiff, main, TAG.Compression, 1);
  const photometric = inlineScalar(tiff, main, TAG.Photometric, -1);
  const spp = inlineScalar(tiff, main, TAG.SamplesPerPixel, 1);
  const sampleFormatValues = await readTagNumbers(cached, tiff, main, TAG.SampleFormat, signal);
  const sf = sampleFormatValues?.[0] ?? 1;
  const sampleFormat = (sf === 2 || sf === 3 ? sf : 1) as 1 | 2 | 3;

  if (!SHARP_COMPRESSIONS.has(compression)) {
    throw new UnsupportedLayoutError(
      `${SOURCE_NAME}: dalle "${id}" uses ${compressionName(compression)} compression, which the built-in decoder (libvips) lacks; it is read through GDAL when GDAL is installed (apt-get install gdal-bin), or convert it: gdal_translate -co TILED=YES -co COMPRESS=JPEG -co PHOTOMETRIC=YCBCR.`,
    );
  }
  if (photometric === 6 && compression !== 7) {
    throw new UnsupportedLayoutError(
      `${SOURCE_NAME}: dalle "${id}" stores YCbCr without JPEG compression; expected RGB, or YCbCr inside JPEG. Convert it: gdal_translate -co PHOTOMETRIC=RGB.`,
    );
  }
  if (photometric !== 1 && photometric !== 2 && photometric !== 6) {
    const names: Record<number, string> = {
      0: 'MinIsWhite',
      3: 'palette',
      4: 'mask',
      5: 'CMYK',
      8: 'CIELab',
    };
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" has ${names[photometric] ?? `photometric ${photometric}`} colours; expected RGB, YCbCr or grey. Convert it: gdal_translate -expand rgb (palette) or -co PHOTOMETRIC=RGB.`,
    );
  }

  const layout = await readLayout(cached, tiff, main, '', signal);
  if (
    layout.compression !== 1 &&
    blockDecodedBytes(layout) > (options.maxBlockBytes ?? OPEN_RASTER_SOURCE_DEFAULTS.maxBlockBytes)
  ) {
    const mb = Math.round(blockDecodedBytes(layout) / 2 ** 20);
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" is a ${layout.tiled ? 'tiled' : 'stripped'} ${compressionName(compression)} TIFF whose ${layout.tiled ? 'tiles' : 'strips'} are ${layout.blockWidth} x ${layout.blockHeight} px (${mb} MiB decoded each); reading any window would decode a whole ${layout.tiled ? 'tile' : 'strip'}. Expected blocks under ${Math.round((options.maxBlockBytes ?? OPEN_RASTER_SOURCE_DEFAULTS.maxBlockBytes) / 2 ** 20)} MiB. Re-tile it: gdal_translate -co TILED=YES -co COMPRESS=JPEG -co PHOTOMETRIC=YCBCR "${id}" out.tif`,
    );
  }

  // Alpha: the first extra sample marked associated (1) or unassociated (2) alpha.
  const baseSamples = photometric === 1 ? 1 : 3;
  const extra = (await readTagNumbers(cached, tiff, main, TAG.ExtraSamples, signal)) ?? new Float64Array(0);
  let alphaChannel = -1;
  for (let k = 0; k < extra.length; k++) {
    if (extra[k] === 1 || extra[k] === 2) {
      alphaChannel = baseSamples + k;
      break;
    }
  }
  if (alphaChannel >= spp) alphaChannel = -1;
  // GDAL records colour interpretations that differ from the TIFF defaults in its metadata tag;
  // follow them as GDAL does (a 4th band written as "Undefined" is not alpha, whatever ExtraSamples says).
  const gdalInterp = parseGdalColorInterp(await readTagString(cached, main, TAG.GdalMetadata, signal));
  if (gdalInterp.size > 0) {
    const alphaBand = [...gdalInterp].find(([, v]) => v.toLowerCase() === 'alpha')?.[0];
    if (alphaBand !== undefined && alphaBand < spp) alphaChannel = alphaBand;
    else if (alphaChannel >= 0 && gdalInterp.has(alphaChannel)) alphaChannel = -1;
  }

  // Internal mask (GDAL's per-dataset mask, common in JPEG COGs): same size, NewSubfileType 4.
  const maskIfd = tiff.ifds.find(
    (ifd) =>
      (subfile(ifd) & (SUBFILE_REDUCED | SUBFILE_MASK)) === SUBFILE_MASK &&
      inlineScalar(tiff, ifd, TAG.ImageWidth, 0) === layout.width &&
      inlineScalar(tiff, ifd, TAG.ImageLength, 0) === layout.height,
  );
  let mask: TiffLayout | null = null;
  if (maskIfd && SHARP_COMPRESSIONS.has(inlineScalar(tiff, maskIfd, TAG.Compression, 1))) {
    mask = await readLayout(cached, tiff, maskIfd, '(mask)', signal);
  }

  // Georeferencing.
  const geoKeyDir = await readTagNumbers(cached, tiff, main, TAG.GeoKeyDirectory, signal);
  const keys = geoKeyDir
    ? parseGeoKeys(
        geoKeyDir,
        await readTagNumbers(cached, tiff, main, TAG.GeoDoubleParams, signal),
        await readTagString(cached, main, TAG.GeoAsciiParams, signal),
      )
    : new Map();
  const crs = crsFromGeoKeys(keys);
  const gt = geoTransformFromTags({
    pixelScale: await readTagNumbers(cached, tiff, main, TAG.ModelPixelScale, signal),
    tiepoint: await readTagNumbers(cached, tiff, main, TAG.ModelTiepoint, signal),
    transformation: await readTagNumbers(cached, tiff, main, TAG.ModelTransformation, signal),
    pixelIsPoint: crs.pixelIsPoint,
  });
  const nodataText = await readTagString(cached, main, TAG.GdalNodata, signal);
  let nodata: number | null = null;
  if (nodataText !== undefined && nodataText.trim() !== '') {
    const v = nodataText.trim().toLowerCase() === 'nan' ? Number.NaN : Number(nodataText.trim());
    nodata = Number.isNaN(v) && nodataText.trim().toLowerCase() !== 'nan' ? null : v;
  }

  const info: RasterInfo = {
    id,
    width: layout.width,
    height: layout.height,
    bands: spp,
    bitsPerSample: layout.bitsPerSample,
    sampleFormat,
    epsg: crs.epsg ?? options.crs ?? null,
    geoTransform: gt ?? NO_GEOTRANSFORM,
    nodata,
    hasAlpha: alphaChannel >= 0,
    compression,
    tiled: layout.tiled,
    overviews: overviews.length,
  };
  return { info, layout, mask, alphaChannel, colourChannels: spp - (alphaChannel >= 0 ? 1 : 0), photometric };
}

/** Per-band colour interpretations from GDAL's metadata tag (42112): 0-based band -> name. */
export function parseGdalColorInterp(xml: string | undefined): Map<number, string> {
  const out = new Map<number, string>();
  if (!xml) return out;
  for (const m of xml.matchAll(/<Item\s([^>]*)>([^<]*)<\/Item>/g)) {
    const attrs = m[1] ?? '';
    if (!/role="colorinterp"/i.test(attrs)) continue;
    const sample = /sample="(\d+)"/.exec(attrs);
    if (sample) out.set(Number(sample[1]), (m[2] ?? '').trim());
  }
  return out;
}

/** Throws the single-dalle errors of `info` as one `DataError` (see `checkDalle`). */
export function assertDalleUsable(info: RasterInfo, options: ValidateDallesOptions = {}): void {
  const errors = checkDalle(info, options).filter((p) => p.severity === 'error');
  const [first] = errors;
  if (first && errors.length === 1) throw new DataError(first.message);
  if (errors.length > 1) {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${info.id}" cannot be tiled (${errors.length} problems):`,
      errors.map((p) => p.message),
    );
  }
}

// What every raster source's readWindow checks and computes the same way (GeoTIFF here, JPEG 2000).

/** A window asked of `readWindow` (at resolution `level`): integer pixels, not empty. @throws RangeError */
export function checkReadWindow(window: PixelWindow, level?: number): void {
  const { width: w, height: h } = window;
  const ints = [window.x, window.y, w, h, ...(level === undefined ? [] : [level])];
  if (!ints.every(Number.isInteger)) {
    throw new RangeError(
      `${SOURCE_NAME}: readWindow needs integer pixel windows, got ${JSON.stringify(window)}${level === undefined ? '' : ` at level ${level}`}`,
    );
  }
  if (w <= 0 || h <= 0)
    throw new RangeError(`${SOURCE_NAME}: readWindow needs a non-empty window, got ${w} x ${h}`);
}

/**
 * A dalle's samples checked readable: 8-bit unsigned, or 16-bit unless `uint16` is 'reject'.
 * @returns true for 16-bit samples. @throws DataError saying how to convert the file.
 */
export function checkSampleFormat(
  id: string,
  bitsPerSample: number,
  sampleFormat: number,
  uint16: 'reject' | 'scale' | undefined,
): boolean {
  const sixteen = bitsPerSample === 16;
  if (sampleFormat !== 1 || (bitsPerSample !== 8 && !sixteen)) {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" has ${bitsPerSample}-bit samples (format ${sampleFormat}); expected 8-bit unsigned. Convert it: gdal_translate -ot Byte -scale.`,
    );
  }
  if (sixteen && (uint16 ?? OPEN_RASTER_SOURCE_DEFAULTS.uint16) === 'reject') {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${id}" is 16-bit (UInt16); expected 8-bit (Byte). Convert it (gdal_translate -ot Byte -scale <min> <max> 0 255) or pass --uint16 scale (with --uint16-range <min>,<max>).`,
    );
  }
  return sixteen;
}

/** `window` clipped to a `width` x `height` image; null when wholly outside. */
export function clipWindow(window: PixelWindow, width: number, height: number): PixelWindow | null {
  const x0 = Math.max(0, window.x);
  const y0 = Math.max(0, window.y);
  const x1 = Math.min(width, window.x + window.width);
  const y1 = Math.min(height, window.y + window.height);
  return x1 <= x0 || y1 <= y0 ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The decoded channels read as R, G, B (the call's, else the source's, else grey or RGB). @throws DataError */
export function chooseBands(
  id: string,
  colour: number,
  bands: readonly [number, number, number] | undefined,
): readonly [number, number, number] {
  const chosen = bands ?? (colour < 3 ? ([0, 0, 0] as const) : ([0, 1, 2] as const));
  for (const b of chosen) {
    if (!Number.isInteger(b) || b < 0 || b >= colour) {
      throw new DataError(
        `${SOURCE_NAME}: dalle "${id}" has ${colour} colour band(s); the band choice ${chosen.map((v) => v + 1).join(',')} asks for band ${b + 1}. Choose bands between 1 and ${colour}.`,
      );
    }
  }
  return chosen;
}

/** A GeoTIFF dalle read window by window. Construct with {@link GeoTiffRasterSource.open}. */
export class GeoTiffRasterSource implements RasterSource {
  readonly info: RasterInfo;
  private readonly options: OpenRasterSourceOptions;
  private closed = false;

  private constructor(
    private readonly reader: ByteReader,
    private readonly header: GeoTiffHeader,
    options: OpenRasterSourceOptions,
  ) {
    this.info = header.info;
    this.options = options;
  }

  /**
   * Opens a GeoTIFF file: reads its header (not its pixels) and checks it.
   * @throws DataError when the file is missing, not a TIFF, truncated, or (with `check`) unusable.
   */
  static async open(path: string, options: OpenRasterSourceOptions = {}): Promise<GeoTiffRasterSource> {
    let size: number;
    try {
      const s = await stat(path);
      if (!s.isFile()) throw new Error('not a file');
      size = s.size;
    } catch (e) {
      throw new DataError(
        `${SOURCE_NAME}: dalle "${path}" cannot be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); expected a readable GeoTIFF file. Check the path.`,
      );
    }
    return GeoTiffRasterSource.fromReader(new FileByteReader(path, size), options);
  }

  /** Opens a GeoTIFF from any byte reader (memory, HTTP range requests...). */
  static async fromReader(
    reader: ByteReader,
    options: OpenRasterSourceOptions = {},
  ): Promise<GeoTiffRasterSource> {
    const header = await readHeader(reader, options, options.signal);
    if (options.check ?? OPEN_RASTER_SOURCE_DEFAULTS.check) assertDalleUsable(header.info, options);
    return new GeoTiffRasterSource(reader, header, options);
  }

  /**
   * Reads a window as RGBA 8-bit (see `RasterSource.readWindow`). Pixels outside the raster get
   * alpha 0; inside, alpha comes from the alpha band, the internal mask or the nodata value.
   * @throws DataError when the file is corrupt, naming the file and the window.
   */
  async readWindow(window: PixelWindow, options: ReadWindowOptions = {}): Promise<Uint8Array> {
    const { width: w, height: h } = window;
    checkReadWindow(window);
    if (this.closed) throw new Error(`${SOURCE_NAME}: dalle "${this.info.id}" was read after close()`);
    const signal = options.signal;
    signal?.throwIfAborted();
    const info = this.info;
    const { layout, colourChannels, alphaChannel } = this.header;
    const bands = this.bandsFor(options);
    const sixteen = checkSampleFormat(info.id, layout.bitsPerSample, info.sampleFormat, this.options.uint16);

    const out = new Uint8Array(w * h * 4);
    const inner = clipWindow(window, info.width, info.height);
    if (!inner) return out; // wholly outside: transparent
    const { x: x0, y: y0 } = inner;

    // Fast path: an 8-bit RGB window wholly inside, nothing to mask: libvips adds the opaque
    // alpha itself and its buffer is the result (no second pass over the pixels in JS).
    const inside = inner.width === w && inner.height === h;
    const plain =
      !sixteen &&
      colourChannels === 3 &&
      layout.samplesPerPixel === 3 &&
      alphaChannel < 0 &&
      info.nodata === null &&
      !this.header.mask &&
      bands[0] === 0 &&
      bands[1] === 1 &&
      bands[2] === 2;
    if (inside && plain) {
      const rgba = await this.decode(layout, inner, 'uchar', false, signal, true);
      if (rgba.channels === 4) return rgba.data;
    }
    const decoded = await this.decode(layout, inner, sixteen ? 'ushort' : 'uchar', false, signal);
    let maskBytes: Uint8Array | null = null;
    if (this.header.mask) {
      const m = await this.decode(this.header.mask, inner, 'uchar', true, signal);
      maskBytes = m.data;
    }
    const bytes = decoded.data;
    composeWindow(
      sixteen ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1) : bytes,
      inner.width,
      inner.height,
      { channels: decoded.channels, bands, alphaChannel, nodata: info.nodata, colourChannels },
      maskBytes,
      this.options.uint16Range ?? OPEN_RASTER_SOURCE_DEFAULTS.uint16Range,
      out,
      w,
      x0 - window.x,
      y0 - window.y,
    );
    signal?.throwIfAborted();
    return out;
  }

  private bandsFor(options: ReadWindowOptions): readonly [number, number, number] {
    return chooseBands(this.info.id, this.header.colourChannels, options.bands ?? this.options.bands);
  }

  /** Decodes `inner` of one image (main or mask) through a subset TIFF, as the file's samples. */
  private async decode(
    layout: TiffLayout,
    inner: PixelWindow,
    depth: 'uchar' | 'ushort',
    isMask: boolean,
    signal?: AbortSignal,
    addAlpha = false,
  ): Promise<{ data: Uint8Array; channels: number }> {
    const id = this.info.id;
    const where = `window x=${inner.x} y=${inner.y} ${inner.width}x${inner.height}${isMask ? ', mask' : ''}`;
    const plan = planSubset(layout, inner);
    const blocks = this.reader.readMany
      ? await this.reader.readMany(plan.ranges, signal)
      : await Promise.all(plan.ranges.map((r) => this.reader.read(r.offset, r.length, signal)));
    plan.ranges.forEach((r, i) => {
      if ((blocks[i]?.length ?? 0) < r.length) {
        throw new DataError(
          `${SOURCE_NAME}: dalle "${id}" is truncated: ${where} needs bytes ${r.offset}..${r.offset + r.length} but the file ends before. Copy or download it again.`,
        );
      }
    });
    // GDAL masks say "transparency mask" (4), which libvips does not load: read as 1-bit grey.
    const bytes = assembleSubset(layout, plan, blocks, isMask ? 1 : undefined);
    const grey = isMask || this.header.photometric === 1;
    const spp = isMask ? 1 : layout.samplesPerPixel;
    let result: { data: Uint8Array; channels: number };
    try {
      let img = sharp(bytes, { limitInputPixels: false });
      const c = plan.covers;
      if (c.x !== inner.x || c.y !== inner.y || c.width !== inner.width || c.height !== inner.height) {
        img = img.extract({
          left: inner.x - c.x,
          top: inner.y - c.y,
          width: inner.width,
          height: inner.height,
        });
      }
      // sharp converts to 8-bit sRGB on output unless told otherwise: ask for the file's samples.
      if (depth === 'ushort') img = img.toColourspace(grey ? 'grey16' : 'rgb16');
      else if (grey && spp === 1) img = img.toColourspace('b-w');
      if (addAlpha) img = img.ensureAlpha(1);
      const { data, info } = await img.raw({ depth }).toBuffer({ resolveWithObject: true });
      signal?.throwIfAborted();
      const bytesPerSample = depth === 'ushort' ? 2 : 1;
      const expected = inner.width * inner.height * info.channels * bytesPerSample;
      if (info.width !== inner.width || info.height !== inner.height || data.length !== expected) {
        throw new Error(`decoded ${info.width}x${info.height}x${info.channels}, ${data.length} bytes`);
      }
      result = {
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        channels: info.channels,
      };
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      const msg = (e as Error).message.split('\n')[0];
      throw new DataError(
        `${SOURCE_NAME}: dalle "${id}" cannot be decoded (${where}): ${msg}. The file is corrupt; re-export it, or pass --on-error skip.`,
      );
    }
    if (grey && !addAlpha && result.channels === spp + 2) {
      // 8-bit grey with extra bands: libvips expanded the grey band to R, G, B; undo it.
      result = { data: dropChannels12(result.data, result.channels), channels: spp };
    }
    const want = spp + (addAlpha ? 1 : 0);
    if (result.channels !== want) {
      throw new DataError(
        `${SOURCE_NAME}: dalle "${id}" decoded to ${result.channels} channels in ${where}; expected ${want}. Convert it: gdal_translate -co PHOTOMETRIC=RGB.`,
      );
    }
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Removes channels 1 and 2 of each pixel (the copies of a grey band libvips makes). */
function dropChannels12(src: Uint8Array, channels: number): Uint8Array {
  const pixels = src.length / channels;
  const keep = channels - 2;
  const out = new Uint8Array(pixels * keep);
  for (let p = 0, s = 0, o = 0; p < pixels; p++, s += channels) {
    out[o++] = src[s] as number;
    for (let k = 3; k < channels; k++) out[o++] = src[s + k] as number;
  }
  return out;
}
