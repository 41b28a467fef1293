import type { ParseArgsConfig } from 'node:util';

/** One `tiling <name>` sub-command. Each lives in `commands/<name>.ts` and is listed in `bin.ts`. */
export interface Command {
  /** The word after `tiling`. */
  name: string;
  /** One line for `tiling --help`. */
  summary: string;
  /** Full usage text for `tiling <name> --help`. */
  usage: string;
  /** Options in node:util parseArgs form. */
  options: NonNullable<ParseArgsConfig['options']>;
  /** Runs the command; resolves to the process exit code. Throw `DataError` for bad input. */
  run(values: CommandValues, positionals: string[]): Promise<number>;
}

/** Parsed flag values, as node:util parseArgs returns them. */
export type CommandValues = Record<string, string | boolean | (string | boolean)[] | undefined>;
