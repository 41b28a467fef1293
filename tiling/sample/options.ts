/**
 * Options of the sample generator, their defaults and validation, and the names and places of the
 * files it writes (IGN-like dalle names, RGE ALTI-like DEM names, the folder layout).
 */
import { DataError } from '../core';
import { DALLE_METRES } from './paint';
import { SAMPLE_ORIGIN } from './scene';

/** Prefix of this stage's messages and errors. */
export const NAME = 'tiling sample';

/** Version of the generator, written into sample.json; bump it when the output changes. */
export const SAMPLE_GENERATOR_VERSION = '1.0.0';

/** Options of `writeSample`. */
export interface SampleOptions {
  /** Side of the square area, metres; a positive multiple of 200 (one dalle). Default 1000. */
  sizeMetres: number;
  /** Seed of every random choice (unsigned 32-bit integer). Default 1. */
  seed: number;
}

/** Defaults of `SampleOptions`. */
export const SAMPLE_DEFAULTS: SampleOptions = { sizeMetres: 1000, seed: 1 };

/** Largest accepted size: 5 km (625 dalles per vintage, about 10 minutes on two cores). */
export const MAX_SIZE_METRES = 5000;

/**
 * Checks options given as text or numbers (CLI flags or API) and returns them typed.
 * @throws DataError listing every problem.
 */
export function validateSampleOptions(raw: { sizeMetres?: unknown; seed?: unknown }): SampleOptions {
  const problems: string[] = [];
  const size = raw.sizeMetres === undefined ? SAMPLE_DEFAULTS.sizeMetres : Number(raw.sizeMetres);
  if (!Number.isInteger(size) || size <= 0 || size % DALLE_METRES !== 0 || size > MAX_SIZE_METRES)
    problems.push(
      `--size-m must be a positive multiple of ${DALLE_METRES} (the side of one PCRS dalle) up to ${MAX_SIZE_METRES}, got "${String(raw.sizeMetres)}"; use for example 200, 400 or 1000.`,
    );
  const seed = raw.seed === undefined ? SAMPLE_DEFAULTS.seed : Number(raw.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    problems.push(`--seed must be an integer from 0 to 4294967295, got "${String(raw.seed)}".`);
  if (problems.length > 0) throw new DataError(`${NAME}: invalid options; nothing was written.`, problems);
  return { sizeMetres: size, seed };
}

/** Lambert-93 extent of the sample area, metres. */
export function sampleExtent(sizeMetres: number): { minX: number; minY: number; maxX: number; maxY: number } {
  return {
    minX: SAMPLE_ORIGIN.xMin,
    minY: SAMPLE_ORIGIN.yMax - sizeMetres,
    maxX: SAMPLE_ORIGIN.xMin + sizeMetres,
    maxY: SAMPLE_ORIGIN.yMax,
  };
}

/**
 * IGN's PCRS dalle name: `{year}-{xmin/100, 5 digits}-{ymax/100}-LA93-0M05-RVB.tif`,
 * e.g. 2020-04960-66124-LA93-0M05-RVB.tif for x_min 496,000 and y_max 6,612,400.
 */
export function dalleName(year: number, xMin: number, yMax: number): string {
  return `${year}-${String(Math.round(xMin / 100)).padStart(5, '0')}-${Math.round(yMax / 100)}-LA93-0M05-RVB.tif`;
}

/** Relative paths of the sample's files. */
export const SAMPLE_LAYOUT = {
  ortho: (year: number, name: string) => `ortho/${year}/${name}`,
  dem: (name: string) => `dem/${name}`,
  ocs2d: (year: number) => `ocs2d/ocs2d-${year}.geojson`,
  changes: (before: number, after: number) => `changes/changes-${before}-${after}.geojson`,
  buildings: (year: number) => `buildings/batiment-${year}.geojson`,
  dsm: (year: number, name: string) => `dsm/${year}/${name}`,
  manifest: 'sample.json',
} as const;
