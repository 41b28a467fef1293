/**
 * Assembling a window of the mosaic (every dalle on one pixel grid) from the windows read from
 * each dalle: at full resolution by copying, at reduced resolution by box averaging.
 */

/**
 * Copies an RGBA block `src` (srcWidth x srcHeight) into `dst` (dstWidth wide) at (dstX, dstY);
 * source pixels with alpha 0 leave the destination as it is (so overlapping dalles never punch
 * holes into each other). The block must lie inside `dst`.
 */
export function compositeInto(
  dst: Uint8Array,
  dstWidth: number,
  dstX: number,
  dstY: number,
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
): void {
  const srcRow = srcWidth * 4;
  for (let r = 0; r < srcHeight; r++) {
    const s0 = r * srcRow;
    const d0 = ((dstY + r) * dstWidth + dstX) * 4;
    let opaque = true;
    for (let i = s0 + 3, end = s0 + srcRow; i < end; i += 4) {
      if (src[i] !== 255) {
        opaque = false;
        break;
      }
    }
    if (opaque) {
      dst.set(src.subarray(s0, s0 + srcRow), d0);
      continue;
    }
    for (let c = 0; c < srcWidth; c++) {
      const s = s0 + c * 4;
      if (src[s + 3] === 0) continue;
      const d = d0 + c * 4;
      dst[d] = src[s] as number;
      dst[d + 1] = src[s + 1] as number;
      dst[d + 2] = src[s + 2] as number;
      dst[d + 3] = src[s + 3] as number;
    }
  }
}

/**
 * Sums of factor x factor boxes for a reduced window: per reduced pixel, sum(a * r), sum(a * g),
 * sum(a * b), sum(a). Blocks read from several dalles add up into it, so a box straddling two dalles
 * gets its pixels from both.
 */
export interface BoxAccumulator {
  width: number;
  height: number;
  factor: number;
  sums: Float64Array;
}

/** An accumulator for a `width` x `height` reduced window. */
export function createBoxAccumulator(width: number, height: number, factor: number): BoxAccumulator {
  return { width, height, factor, sums: new Float64Array(width * height * 4) };
}

/**
 * Adds an RGBA block whose top-left pixel is full-resolution pixel (x, y) relative to the
 * accumulator's origin (reduced pixel (0, 0) covers full-resolution pixels [0, factor)).
 */
export function accumulateBoxes(
  acc: BoxAccumulator,
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  x: number,
  y: number,
): void {
  const f = acc.factor;
  const sums = acc.sums;
  const W = acc.width;
  for (let r = 0; r < srcHeight; r++) {
    const ry = Math.floor((y + r) / f);
    if (ry < 0 || ry >= acc.height) continue;
    const rowBase = ry * W;
    let s = r * srcWidth * 4;
    for (let c = 0; c < srcWidth; c++, s += 4) {
      const a = src[s + 3] as number;
      if (a === 0) continue;
      const rx = Math.floor((x + c) / f);
      if (rx < 0 || rx >= W) continue;
      const o = (rowBase + rx) * 4;
      sums[o] = (sums[o] as number) + a * (src[s] as number);
      sums[o + 1] = (sums[o + 1] as number) + a * (src[s + 1] as number);
      sums[o + 2] = (sums[o + 2] as number) + a * (src[s + 2] as number);
      sums[o + 3] = (sums[o + 3] as number) + a;
    }
  }
}

/** The reduced RGBA window: alpha = sum(a) / factor^2 (capped at 255), colour = sum(a * c) / sum(a). */
export function finishBoxes(acc: BoxAccumulator): Uint8Array {
  const n = acc.width * acc.height;
  const out = new Uint8Array(n * 4);
  const area = acc.factor * acc.factor;
  const sums = acc.sums;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const sa = sums[o + 3] as number;
    if (sa === 0) continue;
    const inv = 1 / sa;
    out[o] = (sums[o] as number) * inv + 0.5;
    out[o + 1] = (sums[o + 1] as number) * inv + 0.5;
    out[o + 2] = (sums[o + 2] as number) * inv + 0.5;
    out[o + 3] = Math.min(255, sa / area + 0.5);
  }
  return out;
}
