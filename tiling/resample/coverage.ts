/** How much of a tile has data: decides its encoding (and whether it is written at all). */
export type TileCoverage = 'empty' | 'opaque' | 'partial';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** 'empty' when every alpha is 0, 'opaque' when every alpha is 255, else 'partial'. */
export function tileCoverage(rgba: Uint8Array): TileCoverage {
  if (LITTLE_ENDIAN && rgba.byteOffset % 4 === 0) {
    const words = new Int32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2);
    const count = words.length;
    let and = -1;
    let or = 0;
    for (let i = 0; i < count; i++) {
      const w = words[i] as number;
      and &= w;
      or |= w;
      if (and >>> 24 !== 255 && or >>> 24 !== 0) return 'partial';
    }
    if (or >>> 24 === 0) return 'empty';
    return and >>> 24 === 255 ? 'opaque' : 'partial';
  }
  const n = rgba.length;
  let and = 255;
  let or = 0;
  for (let i = 3; i < n; i += 4) {
    const a = rgba[i] as number;
    and &= a;
    or |= a;
    if (and !== 255 && or !== 0) return 'partial';
  }
  if (or === 0) return 'empty';
  return and === 255 ? 'opaque' : 'partial';
}
