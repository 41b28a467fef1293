// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * Value noise for textures and relief. Noise is a function of absolute position (and the seed),
 * never of the dalle being painted, so textures run on seamlessly across dalle edges.
 */
import { hash3 } from './prng';

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Value noise in [-1, 1] at (x, y) in lattice units. */
export function valueNoise(x: number, y: number, seed: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = smooth(x - ix);
  const fy = smooth(y - iy);
  const a = hash3(ix, iy, seed);
  const b = hash3(ix + 1, iy, seed);
  const c = hash3(ix, iy + 1, seed);
  const d = hash3(ix + 1, iy + 1, seed);
  const top = a + (b - a) * fx;
  const bottom = c + (d - c) * fx;
  return ((top + (bottom - top) * fy) / 4294967295) * 2 - 1;
}

/** Octaves as [wavelength in metres, amplitude]. */
export type Octaves = readonly (readonly [number, number])[];

/** Sum of value-noise octaves at a point in metres. */
export function fractalNoise(x: number, y: number, seed: number, octaves: Octaves): number {
  let s = 0;
  for (let k = 0; k < octaves.length; k++) {
    const o = octaves[k]!;
    s += o[1] * valueNoise(x / o[0], y / o[0], (seed + Math.imul(k + 1, 0x9e3779b1)) | 0);
  }
  return s;
}

/**
 * Noise sampled on a regular grid of `nx` x `ny` points starting at (x0, yTop), `step` metres
 * apart, rows going south. Painting interpolates it bilinearly.
 */
export function noiseGrid(
  seed: number,
  x0: number,
  yTop: number,
  step: number,
  nx: number,
  ny: number,
  octaves: Octaves,
): Float32Array {
  const out = new Float32Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = yTop - j * step;
    for (let i = 0; i < nx; i++) out[j * nx + i] = fractalNoise(x0 + i * step, y, seed, octaves);
  }
  return out;
}

/** A 256 x 256 table of white noise in [-1, 1], indexed by absolute pixel position modulo 256. */
export function whiteNoiseTable(seed: number): Float32Array {
  const t = new Float32Array(65536);
  for (let i = 0; i < 65536; i++) t[i] = (hash3(i & 255, i >> 8, seed) / 4294967295) * 2 - 1;
  return t;
}

/**
 * A 256 x 256 tileable table of fine value noise (lattice of `cell` pixels, two octaves) in about
 * [-1, 1]: leaf clumps, grass tufts, gravel. Tileable so that it can be indexed by absolute pixel
 * position modulo 256 with no seam.
 */
export function fineNoiseTable(seed: number, cell: number): Float32Array {
  const t = new Float32Array(65536);
  const layer = (c: number, s: number, amp: number): void => {
    const n = 256 / c;
    for (let y = 0; y < 256; y++)
      for (let x = 0; x < 256; x++) {
        const gx = x / c;
        const gy = y / c;
        const ix = Math.floor(gx);
        const iy = Math.floor(gy);
        const fx = smooth(gx - ix);
        const fy = smooth(gy - iy);
        const h = (i: number, j: number): number =>
          hash3(((i % n) + n) % n, ((j % n) + n) % n, s) / 4294967295;
        const a = h(ix, iy);
        const b = h(ix + 1, iy);
        const c2 = h(ix, iy + 1);
        const d = h(ix + 1, iy + 1);
        const top = a + (b - a) * fx;
        const v = top + (c2 + (d - c2) * fx - top) * fy;
        t[y * 256 + x] = t[y * 256 + x]! + amp * (v * 2 - 1);
      }
  };
  layer(cell, seed, 0.65);
  layer(cell / 2, seed + 1, 0.35);
  return t;
}
