/**
 * Seeded pseudo-random numbers for the sample generator.
 *
 * Every random choice of the sample comes from here, never from `Math.random`, so one seed gives
 * the same bytes on every run. Each part of the generator draws from its own named stream
 * (`createRng(seed, 'grid')`, `createRng(seed, 'trees')`...) so that changing how one part draws
 * does not shift the numbers every other part sees.
 */

/** A deterministic stream of numbers (sfc32, seeded through splitmix32). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [a, b). */
  range(a: number, b: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. @throws Error on an empty array (a bug). */
  pick<T>(items: readonly T[]): T;
  /** Roughly normal (sum of three uniforms), mean 0, standard deviation about 1. */
  gauss(): number;
}

/** FNV-1a hash of a string, as an unsigned 32-bit integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes three integers into a well-spread unsigned 32-bit hash (murmur3 finaliser). */
export function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a | 0, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca77) ^ Math.imul(c | 0, 0xc2b2ae3d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stream for `seed` (any integer) and a purpose name. */
export function createRng(seed: number, stream: string): Rng {
  // splitmix32 turns (seed, stream) into four well-mixed words for sfc32.
  let s = (hash3(seed >>> 0, hashString(stream), 0x5eed) ^ 0x9e3779b9) >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    range: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('sample/prng: pick() from an empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    gauss: () => (next() + next() + next() - 1.5) * 2,
  };
}
