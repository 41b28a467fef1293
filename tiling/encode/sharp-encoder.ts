/**
 * The sharp (libvips) implementation of `TileEncoder`. sharp itself is injected (pass the module's
 * default export), so this file stays free of I/O and loads nothing.
 *
 * Measured on this machine class (256 px tiles, one core): JPEG q85 ~35 Mpx/s one call at a time,
 * ~60 Mpx/s with 8 in flight (libvips works on the libuv pool while JS goes on); PNG level 6
 * ~17 Mpx/s; WebP effort 0 ~34 Mpx/s. Hence batches with several encodes in flight.
 */
import type sharpModule from 'sharp';
import { DataError } from '../core';
import type { EncodeOptions, JpegBatchEncoder, RawTile, TileEncoder, TileFormat } from './tile-encoder';
import {
  checkEncodeOptions,
  codecFor,
  ENCODE_DEFAULTS,
  rgbaToRgb,
  tileExtension,
  tileMimeType,
} from './tile-encoder';

/** Prefix of this stage's errors (not exported: encode/geotiff.ts has its own). */
const NAME = 'tiling/encode';

/** The default export of the `sharp` package. */
export type SharpFactory = typeof sharpModule;

/**
 * A `TileEncoder` on sharp; with `jpeg`, the JPEG tiles of a batch go to it in one call (same
 * bytes, about half the CPU: see native/tile-jpeg) and sharp encodes the rest (PNG, WebP).
 * @throws DataError when options are invalid (every problem listed).
 */
export function createSharpTileEncoder(
  sharp: SharpFactory,
  options: Partial<EncodeOptions> = {},
  jpeg?: JpegBatchEncoder,
): TileEncoder {
  const o: EncodeOptions = { ...ENCODE_DEFAULTS, ...options };
  const problems = checkEncodeOptions(o);
  if (problems.length > 0) throw new DataError(`${NAME}: invalid encode options`, problems);

  // One RGB scratch buffer per lane: a lane encodes one tile at a time, and sharp is done with its
  // input when the promise resolves.
  const scratch: Uint8Array[] = [];
  const encodeOne = async (tile: RawTile, lane: number): Promise<Uint8Array> => {
    const codec: TileFormat = codecFor(o.format, tile.coverage);
    if (codec === 'jpeg') {
      const size = tile.width * tile.height * 3;
      let rgb = scratch[lane];
      if (!rgb || rgb.length !== size) {
        rgb = new Uint8Array(size);
        scratch[lane] = rgb;
      }
      rgbaToRgb(tile.rgba, rgb);
      const buf = await sharp(rgb, { raw: { width: tile.width, height: tile.height, channels: 3 } })
        .jpeg({ quality: o.quality, optimiseCoding: o.jpegOptimizeCoding, chromaSubsampling: '4:2:0' })
        .toBuffer();
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    const img = sharp(tile.rgba, { raw: { width: tile.width, height: tile.height, channels: 4 } });
    const buf =
      codec === 'png'
        ? await img
            .png({ compressionLevel: o.pngCompressionLevel, adaptiveFiltering: o.pngAdaptiveFiltering })
            .toBuffer()
        : await img.webp({ quality: o.quality, alphaQuality: 100, effort: o.webpEffort }).toBuffer();
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  };

  return {
    format: o.format,
    extension: tileExtension(o.format),
    mimeType: tileMimeType(o.format),
    jpegEncoder: jpeg ? 'tile-jpeg' : 'sharp',
    async encode(tiles) {
      const out: Uint8Array[] = new Array(tiles.length);
      // The batch encoder takes every JPEG tile of one size at once; sharp the others.
      const batched: number[] = [];
      const rest: number[] = [];
      tiles.forEach((t, i) => {
        const size = tiles[0] as RawTile;
        const jpegTile = codecFor(o.format, t.coverage) === 'jpeg';
        (jpeg && jpegTile && t.width === size.width && t.height === size.height ? batched : rest).push(i);
      });
      const viaBatch = async () => {
        if (!jpeg || batched.length === 0) return;
        const first = tiles[batched[0] as number] as RawTile;
        const encoded = await jpeg(
          batched.map((i) => (tiles[i] as RawTile).rgba),
          first.width,
          first.height,
          o.quality,
          o.jpegOptimizeCoding,
        );
        batched.forEach((i, k) => {
          out[i] = encoded[k] as Uint8Array;
        });
      };
      let next = 0;
      const lane = async (k: number) => {
        for (;;) {
          const i = rest[next++];
          if (i === undefined) return;
          out[i] = await encodeOne(tiles[i] as RawTile, k);
        }
      };
      const lanes: Promise<void>[] = [viaBatch()];
      for (let k = 0; k < Math.min(o.concurrency, rest.length); k++) lanes.push(lane(k));
      await Promise.all(lanes);
      return out;
    },
  };
}
