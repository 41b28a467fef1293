/**
 * Decoded samples -> interleaved RGBA 8-bit, the one pixel format every `RasterSource` returns.
 * Pure typed-array kernels: band choice, alpha from an alpha band, a nodata value or a mask,
 * and the 16-bit -> 8-bit mapping; `composeWindow`, the two in the order every source reads a window.
 */

/** How decoded samples become RGBA. */
export interface ComposeParams {
  /** Samples per decoded pixel. */
  channels: number;
  /** Decoded channels that become R, G, B. */
  bands: readonly [number, number, number];
  /** Decoded channel holding alpha, or -1. */
  alphaChannel: number;
  /**
   * Nodata value: a pixel whose colour channels (0..colourChannels-1) all equal it gets alpha 0
   * (GDAL's rule for RGB imagery with one nodata value, as gdalwarp applies it). null: none.
   */
  nodata: number | null;
  /** Number of colour (non-alpha) channels compared against nodata. */
  colourChannels: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A decoded window composed into `out` as {@link composeRgba} does, 16-bit samples first mapped to
 * 8 bits over `uint16Range` ({@link uint16ToUint8}: its mask joins `mask`, and nodata is then
 * that mask's business).
 */
export function composeWindow(
  samples: Uint8Array | Uint16Array,
  srcWidth: number,
  srcHeight: number,
  params: ComposeParams,
  mask: Uint8Array | null,
  uint16Range: readonly [number, number],
  out: Uint8Array,
  outWidth: number,
  dx: number,
  dy: number,
): void {
  if (!(samples instanceof Uint16Array)) {
    composeRgba(samples, srcWidth, srcHeight, params, mask, out, outWidth, dx, dy);
    return;
  }
  const [min, max] = uint16Range;
  const conv = uint16ToUint8(
    samples,
    params.channels,
    params.colourChannels,
    params.alphaChannel,
    min,
    max,
    params.nodata,
  );
  const joined = combineMasks(mask, conv.mask);
  composeRgba(conv.bytes, srcWidth, srcHeight, { ...params, nodata: null }, joined, out, outWidth, dx, dy);
}

/**
 * Writes `src` (srcWidth x srcHeight pixels of `params.channels` bytes) into the RGBA buffer `out`
 * (outWidth pixels wide) at (dx, dy). `mask`, one byte per source pixel, zeroes alpha where 0.
 * Pixels of `out` outside the written rectangle are left as they are (zero: transparent).
 */
export function composeRgba(
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  params: ComposeParams,
  mask: Uint8Array | null,
  out: Uint8Array,
  outWidth: number,
  dx: number,
  dy: number,
): void {
  const c = params.channels;
  const [rb, gb, bb] = params.bands;
  const ab = params.alphaChannel;
  const nodata = params.nodata !== null && Number.isInteger(params.nodata) ? params.nodata : null;
  const nc = params.colourChannels;
  const simple = ab < 0 && nodata === null && mask === null;
  // Whole pixels written as one little-endian 32-bit word (int32: stays a small integer for V8).
  const i32 =
    LITTLE_ENDIAN && out.byteOffset % 4 === 0
      ? new Int32Array(out.buffer, out.byteOffset, out.length >> 2)
      : null;
  const OPAQUE = 0xff000000 | 0;
  for (let y = 0; y < srcHeight; y++) {
    let s = y * srcWidth * c;
    let m = y * srcWidth;
    let o = (dy + y) * outWidth + dx;
    if (simple && i32) {
      const end = o + srcWidth;
      if (c === 3 && rb === 0 && gb === 1 && bb === 2) {
        for (; o < end; o++, s += 3)
          i32[o] =
            (src[s] as number) | ((src[s + 1] as number) << 8) | ((src[s + 2] as number) << 16) | OPAQUE;
      } else if (c === 4 && rb === 0 && gb === 1 && bb === 2) {
        for (; o < end; o++, s += 4)
          i32[o] =
            (src[s] as number) | ((src[s + 1] as number) << 8) | ((src[s + 2] as number) << 16) | OPAQUE;
      } else {
        for (; o < end; o++, s += c)
          i32[o] =
            (src[s + rb] as number) |
            ((src[s + gb] as number) << 8) |
            ((src[s + bb] as number) << 16) |
            OPAQUE;
      }
      continue;
    }
    for (let x = 0; x < srcWidth; x++, s += c, m++, o++) {
      let a = ab >= 0 ? (src[s + ab] as number) : 255;
      if (nodata !== null) {
        let all = true;
        for (let k = 0; k < nc; k++) {
          if (src[s + k] !== nodata) {
            all = false;
            break;
          }
        }
        if (all) a = 0;
      }
      if (mask !== null && mask[m] === 0) a = 0;
      const q = o * 4;
      out[q] = src[s + rb] as number;
      out[q + 1] = src[s + gb] as number;
      out[q + 2] = src[s + bb] as number;
      out[q + 3] = a;
    }
  }
}

/**
 * Maps 16-bit samples to 8 bits linearly: `min` -> 0, `max` -> 255, clamped, rounded.
 * When `nodata` is given, also returns a mask (0 where every colour channel equals it), computed
 * before the mapping so that scaling cannot create or hide nodata pixels.
 */
export function uint16ToUint8(
  src: Uint16Array,
  channels: number,
  colourChannels: number,
  alphaChannel: number,
  min: number,
  max: number,
  nodata: number | null,
): { bytes: Uint8Array; mask: Uint8Array | null } {
  const n = src.length;
  const bytes = new Uint8Array(n);
  const scale = 255 / Math.max(1, max - min);
  for (let i = 0; i < n; i++) {
    const v = ((src[i] as number) - min) * scale + 0.5;
    bytes[i] = v <= 0 ? 0 : v >= 255 ? 255 : v | 0;
  }
  if (alphaChannel >= 0) {
    // A 16-bit alpha band spans the full range whatever the colour range is.
    for (let i = alphaChannel; i < n; i += channels) bytes[i] = ((src[i] as number) + 128) / 257;
  }
  let mask: Uint8Array | null = null;
  if (nodata !== null && Number.isInteger(nodata)) {
    const pixels = n / channels;
    mask = new Uint8Array(pixels);
    for (let p = 0, s = 0; p < pixels; p++, s += channels) {
      let all = true;
      for (let k = 0; k < colourChannels; k++) {
        if (src[s + k] !== nodata) {
          all = false;
          break;
        }
      }
      mask[p] = all ? 0 : 255;
    }
  }
  return { bytes, mask };
}

/** Combines two optional masks (0 = transparent). */
export function combineMasks(a: Uint8Array | null, b: Uint8Array | null): Uint8Array | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] === 0 || b[i] === 0 ? 0 : 255;
  return out;
}
