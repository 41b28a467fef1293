/**
 * Tile encoding: RGBA tiles -> image bytes, in batches.
 *
 * Formats (`--format`):
 * - `jpeg` (default): fully opaque tiles are JPEG (4:2:0, quality 85); tiles that are partly
 *   transparent (the edge of the data) are PNG so their outside stays transparent. Both are written
 *   under the one `.jpg` URL template (TileJSON and WMTS name a single template): CesiumJS,
 *   OpenLayers and QGIS decode images by their content, not by their extension or Content-Type.
 * - `webp`: every tile lossy WebP with alpha, `.webp` (smaller; QGIS needs its Qt WebP plugin).
 * - `png`: every tile PNG, lossless, `.png`.
 * Fully transparent tiles are never encoded: they are not written at all.
 *
 * The encoder itself (sharp) is injected through `TileEncoder`; see sharp-encoder.ts.
 */
import type { TileCoverage } from '../resample';

/** Output format of the pyramid. */
export type TileFormat = 'jpeg' | 'webp' | 'png';

/** The formats `--format` accepts. */
export const TILE_FORMATS: readonly TileFormat[] = ['jpeg', 'webp', 'png'];

/** One decoded tile to encode. */
export interface RawTile {
  /** Interleaved RGBA, width * height * 4 bytes. */
  rgba: Uint8Array;
  width: number;
  height: number;
  /** From `tileCoverage`: decides JPEG or PNG in the `jpeg` format. 'empty' tiles are not encoded. */
  coverage: Exclude<TileCoverage, 'empty'>;
}

/** Options of the tile encoders. */
export interface EncodeOptions {
  format: TileFormat;
  /** JPEG and WebP quality, 1-100 (85). */
  quality: number;
  /** JPEG: optimised Huffman tables, about 5% smaller files for about 40% more encoding time (true). */
  jpegOptimizeCoding: boolean;
  /** WebP effort 0-6 (2: measured 2x faster than 4 for 2% larger files). */
  webpEffort: number;
  /** PNG zlib level 0-9 (3: measured 1.7x faster than 6 on edge tiles for 5% larger files). */
  pngCompressionLevel: number;
  /** PNG adaptive row filters: a third smaller edge tiles for twice the time (true; edge tiles are few). */
  pngAdaptiveFiltering: boolean;
  /** Encodes in flight at once in one batch (8): hides the encoder's per-call latency. */
  concurrency: number;
}

export const ENCODE_DEFAULTS: EncodeOptions = {
  format: 'jpeg',
  quality: 85,
  jpegOptimizeCoding: true,
  webpEffort: 2,
  pngCompressionLevel: 3,
  pngAdaptiveFiltering: true,
  concurrency: 8,
};

/**
 * Encodes many RGBA tiles of one size to JPEG in one call (alpha ignored), with the settings of
 * sharp's `jpeg({ quality, optimiseCoding, chromaSubsampling: '4:2:0' })` and the same bytes: the
 * native/tile-jpeg addon (libjpeg-turbo, one call per batch instead of a libvips pipeline per tile).
 */
export type JpegBatchEncoder = (
  tiles: readonly Uint8Array[],
  width: number,
  height: number,
  quality: number,
  optimize: boolean,
) => Promise<Uint8Array[]>;

/** Encodes batches of tiles. Same input, same bytes (no timestamps, no metadata). */
export interface TileEncoder {
  readonly format: TileFormat;
  /** File extension of every tile of the pyramid, without the dot. */
  readonly extension: string;
  /** MIME type announced in TileJSON/WMTS for the pyramid. */
  readonly mimeType: string;
  /** What encodes the JPEG tiles: 'tile-jpeg' (the batch addon) or 'sharp'. */
  readonly jpegEncoder: 'tile-jpeg' | 'sharp';
  /** Encodes every tile; the result is in the same order. */
  encode(tiles: readonly RawTile[]): Promise<Uint8Array[]>;
}

/** File extension of a pyramid format: 'jpg', 'webp' or 'png'. */
export function tileExtension(format: TileFormat): string {
  return format === 'jpeg' ? 'jpg' : format;
}

/** MIME type of a pyramid format. */
export function tileMimeType(format: TileFormat): string {
  return `image/${format}`;
}

/** Which codec encodes a tile of the given coverage in a pyramid format. */
export function codecFor(format: TileFormat, coverage: RawTile['coverage']): TileFormat {
  if (format === 'jpeg') return coverage === 'opaque' ? 'jpeg' : 'png';
  return format;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Drops the alpha channel: RGBA -> RGB (JPEG input); reuses `out` when it is large enough. */
export function rgbaToRgb(rgba: Uint8Array, out?: Uint8Array): Uint8Array {
  const n = rgba.length >> 2;
  const rgb = out && out.length >= n * 3 ? out : new Uint8Array(n * 3);
  if (LITTLE_ENDIAN && rgba.byteOffset % 4 === 0 && n % 4 === 0 && rgb.byteOffset % 4 === 0) {
    // Four pixels (16 bytes in) -> three words (12 bytes out).
    const src = new Int32Array(rgba.buffer, rgba.byteOffset, n);
    const dst = new Int32Array(rgb.buffer, rgb.byteOffset, (n * 3) >> 2);
    for (let i = 0, j = 0; i < n; i += 4, j += 3) {
      const a = (src[i] as number) & 0xffffff;
      const b = (src[i + 1] as number) & 0xffffff;
      const c = (src[i + 2] as number) & 0xffffff;
      const d = (src[i + 3] as number) & 0xffffff;
      dst[j] = a | (b << 24);
      dst[j + 1] = (b >>> 8) | (c << 16);
      dst[j + 2] = (c >>> 16) | (d << 8);
    }
    return rgb;
  }
  for (let i = 0, j = 0, k = 0; i < n; i++, j += 4, k += 3) {
    rgb[k] = rgba[j] as number;
    rgb[k + 1] = rgba[j + 1] as number;
    rgb[k + 2] = rgba[j + 2] as number;
  }
  return rgb;
}

/** Checks encode options, listing every problem. Returns the list (empty when fine). */
export function checkEncodeOptions(options: EncodeOptions): string[] {
  const problems: string[] = [];
  if (!TILE_FORMATS.includes(options.format))
    problems.push(`format must be one of ${TILE_FORMATS.join(', ')}, got "${options.format}"`);
  if (!Number.isInteger(options.quality) || options.quality < 1 || options.quality > 100)
    problems.push(`quality must be an integer 1-100, got ${options.quality}`);
  if (!Number.isInteger(options.webpEffort) || options.webpEffort < 0 || options.webpEffort > 6)
    problems.push(`webpEffort must be an integer 0-6, got ${options.webpEffort}`);
  if (
    !Number.isInteger(options.pngCompressionLevel) ||
    options.pngCompressionLevel < 0 ||
    options.pngCompressionLevel > 9
  )
    problems.push(`pngCompressionLevel must be an integer 0-9, got ${options.pngCompressionLevel}`);
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
    problems.push(`concurrency must be a positive integer, got ${options.concurrency}`);
  return problems;
}
