/**
 * 2x2 box downsampling: a parent tile from its four children, alpha-aware.
 *
 * Each parent pixel averages four child pixels on alpha-premultiplied values, in integers, rounded
 * half up: alpha = round(sum(a) / 4), colour = round(sum(a * c) / sum(a)). Fully opaque blocks reduce
 * to (c0 + c1 + c2 + c3 + 2) >> 2; blocks with no alpha at all are (0, 0, 0, 0).
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Writes into `out` (size * size * 4) the 2x2 downsample of four `size` x `size` RGBA children
 * given in Z order (top-left, top-right, bottom-left, bottom-right); `null` is a transparent child.
 * `size` must be even.
 */
export function downsampleTile2x2(
  children: readonly (Uint8Array | null)[],
  size: number,
  out: Uint8Array,
): void {
  const half = size >> 1;
  const row4 = size * 4;
  const words =
    LITTLE_ENDIAN && out.byteOffset % 4 === 0
      ? new Int32Array(out.buffer, out.byteOffset, out.length >> 2)
      : null;
  for (let q = 0; q < 4; q++) {
    const child = children[q] ?? null;
    const ox = (q & 1) * half;
    const oy = (q >> 1) * half;
    if (child === null) {
      for (let r = 0; r < half; r++) {
        const start = ((oy + r) * size + ox) * 4;
        out.fill(0, start, start + half * 4);
      }
      continue;
    }
    const cw =
      words !== null && child.byteOffset % 4 === 0
        ? new Int32Array(child.buffer, child.byteOffset, child.length >> 2)
        : null;
    for (let r = 0; r < half; r++) {
      let o = ((oy + r) * size + ox) * 4;
      let i = 2 * r * row4;
      let j = i + row4;
      for (let c = 0; c < half; c++, o += 4, i += 8, j += 8) {
        if (cw !== null && words !== null) {
          // Opaque 2x2 block: red and blue summed in one word (lanes of 16 bits), green in another.
          const p0 = cw[i >> 2] as number;
          const p1 = cw[(i >> 2) + 1] as number;
          const p2 = cw[j >> 2] as number;
          const p3 = cw[(j >> 2) + 1] as number;
          if ((p0 & p1 & p2 & p3) >>> 24 === 255) {
            const rb =
              (((p0 & 0xff00ff) + (p1 & 0xff00ff) + (p2 & 0xff00ff) + (p3 & 0xff00ff) + 0x20002) >>> 2) &
              0xff00ff;
            const g =
              ((((p0 >>> 8) & 255) + ((p1 >>> 8) & 255) + ((p2 >>> 8) & 255) + ((p3 >>> 8) & 255) + 2) >>>
                2) <<
              8;
            words[o >> 2] = 0xff000000 | rb | g;
            continue;
          }
        }
        const a0 = child[i + 3] as number;
        const a1 = child[i + 7] as number;
        const a2 = child[j + 3] as number;
        const a3 = child[j + 7] as number;
        const sa = a0 + a1 + a2 + a3;
        if (sa === 1020) {
          out[o] =
            ((child[i] as number) +
              (child[i + 4] as number) +
              (child[j] as number) +
              (child[j + 4] as number) +
              2) >>
            2;
          out[o + 1] =
            ((child[i + 1] as number) +
              (child[i + 5] as number) +
              (child[j + 1] as number) +
              (child[j + 5] as number) +
              2) >>
            2;
          out[o + 2] =
            ((child[i + 2] as number) +
              (child[i + 6] as number) +
              (child[j + 2] as number) +
              (child[j + 6] as number) +
              2) >>
            2;
          out[o + 3] = 255;
        } else if (sa === 0) {
          out[o] = 0;
          out[o + 1] = 0;
          out[o + 2] = 0;
          out[o + 3] = 0;
        } else {
          const twice = 2 * sa;
          for (let k = 0; k < 3; k++) {
            const sum =
              a0 * (child[i + k] as number) +
              a1 * (child[i + 4 + k] as number) +
              a2 * (child[j + k] as number) +
              a3 * (child[j + 4 + k] as number);
            out[o + k] = Math.floor((2 * sum + sa) / twice);
          }
          out[o + 3] = (sa + 2) >> 2;
        }
      }
    }
  }
}

/** Allocating form of `downsampleTile2x2`; `null` when every child is `null`. */
export function downsampleChildren(
  children: readonly (Uint8Array | null)[],
  size: number,
): Uint8Array | null {
  if (children.every((c) => c === null)) return null;
  const out = new Uint8Array(size * size * 4);
  downsampleTile2x2(children, size, out);
  return out;
}
