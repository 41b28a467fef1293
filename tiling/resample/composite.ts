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

/**
 * Per coarse column (or row) of a block: the first box its footprint touches and its overlaps with
 * that box and the next two, in half full-resolution pixels. Coarse pixel g (global index, the
 * block starting at `first`) is the wavelet's low band: centred on full-resolution pixel g·scale,
 * so its footprint is [g·scale + (1 - scale)/2, g·scale + (1 + scale)/2), the first and last of the
 * raster stretched to its edges (they stand for them: symmetric extension), every footprint clipped
 * to the raster. Half pixels keep the weights integers.
 */
function boxSpans(
  n: number,
  origin: number,
  scale: number,
  clip: number,
  first: number,
  factor: number,
  boxes: number,
): { box: Int32Array; w: Int32Array } {
  const box = new Int32Array(n);
  const w = new Int32Array(n * 3);
  const start2 = 2 * (origin - first * scale);
  const end2 = 2 * (origin + clip);
  const f2 = 2 * factor;
  for (let i = 0; i < n; i++) {
    const a2 = Math.max(start2, 2 * (origin + i * scale) + 1 - scale);
    const b2 = (i + 1) * scale >= clip ? end2 : Math.min(end2, 2 * (origin + i * scale) + 1 + scale);
    if (b2 <= a2) continue;
    const k = Math.floor(a2 / f2);
    box[i] = k;
    for (let j = 0; j < 3; j++) {
      const lo = Math.max(a2, (k + j) * f2);
      const hi = Math.min(b2, (k + j + 1) * f2);
      w[i * 3 + j] = hi > lo && k + j >= 0 && k + j < boxes ? hi - lo : 0;
    }
  }
  return { box, w };
}

/**
 * Adds an RGBA block of coarser pixels, a JPEG 2000 resolution level (scale 2^level <= factor):
 * block pixel (0, 0) is the level's pixel (`firstX`, `firstY`), whose nominal square
 * [firstX·scale, (firstX + 1)·scale) starts at full-resolution pixel (x, y) relative to the
 * accumulator's origin; the raster ends `clipWidth` x `clipHeight` full-resolution pixels after
 * that start. Each coarse pixel stands for its footprint (see `boxSpans`: centred where the wavelet
 * put it, not on its nominal square, which would shift the picture by (scale - 1) / 2 pixels) and
 * adds to the boxes it overlaps, weighted by the overlap area; a covered box's weights sum to
 * factor^2, as with `accumulateBoxes`. The weights are multiples of 1/4: the sums are exact, the
 * result independent of the order blocks are added in.
 */
export function accumulateScaledBoxes(
  acc: BoxAccumulator,
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  x: number,
  y: number,
  scale: number,
  clipWidth: number,
  clipHeight: number,
  firstX = 0,
  firstY = 0,
): void {
  const f = acc.factor;
  if (!(Number.isInteger(scale) && scale >= 1 && scale <= f))
    throw new RangeError(`accumulateScaledBoxes: scale ${scale} must be an integer in 1..${f}`);
  const sums = acc.sums;
  const W = acc.width;
  const cols = boxSpans(srcWidth, x, scale, clipWidth, firstX, f, W);
  const rows = boxSpans(srcHeight, y, scale, clipHeight, firstY, f, acc.height);
  for (let r = 0; r < srcHeight; r++) {
    const ky = rows.box[r] as number;
    for (let jy = 0; jy < 3; jy++) {
      const v = rows.w[r * 3 + jy] as number;
      if (v === 0) continue;
      const rowBase = (ky + jy) * W;
      let s = r * srcWidth * 4;
      for (let c = 0; c < srcWidth; c++, s += 4) {
        const a = src[s + 3] as number;
        if (a === 0) continue;
        const kx = cols.box[c] as number;
        for (let jx = 0; jx < 3; jx++) {
          const u = cols.w[c * 3 + jx] as number;
          if (u === 0) continue;
          const o = (rowBase + kx + jx) * 4;
          const wa = u * v * 0.25 * a;
          sums[o] = (sums[o] as number) + wa * (src[s] as number);
          sums[o + 1] = (sums[o + 1] as number) + wa * (src[s + 1] as number);
          sums[o + 2] = (sums[o + 2] as number) + wa * (src[s + 2] as number);
          sums[o + 3] = (sums[o + 3] as number) + wa;
        }
      }
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
