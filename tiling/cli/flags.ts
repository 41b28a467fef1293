/**
 * Reading parsed flag values in the product commands (`tiling terrain`, `tiling buildings`...): a
 * string, a repeated flag, a number within bounds (a problem in words otherwise, collected so that
 * the command reports every bad flag at once), the worker count.
 */
import { availableParallelism } from 'node:os';
import type { CommandValues } from './command';

/** A string flag's value (undefined when absent or not a string). */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A repeatable string flag's values ([] when absent). */
export const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/**
 * `--<flag>` as a number from `min` to `max` (an integer unless `integer` is false); undefined when
 * absent, or when bad (with the problem added to `problems`).
 */
export function numberFlag(
  values: CommandValues,
  problems: string[],
  flag: string,
  min: number,
  max: number,
  integer = true,
): number | undefined {
  const raw = str(values[flag]);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    problems.push(
      `--${flag} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw}".`,
    );
    return undefined;
  }
  return v;
}

/** `-j, --workers <n>` (0..256); default: all cores. */
export function workersFlag(values: CommandValues, problems: string[]): number {
  return numberFlag(values, problems, 'workers', 0, 256) ?? availableParallelism();
}
