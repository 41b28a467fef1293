#!/usr/bin/env -S node --import tsx
/**
 * `tiling`: the technicians' command line. Sub-commands live in ./commands; this file only
 * dispatches, parses flags and turns errors into words and exit codes.
 *   0 ok, 1 bad input (DataError) or failed work, 2 usage error, 3 bug.
 */
import { parseArgs } from 'node:util';
import { isDataError } from '../core';
import type { Command } from './command';
import { buildingsCommand } from './commands/buildings';
import { cancelCommand } from './commands/cancel';
import { planCommand } from './commands/plan';
import { resumeCommand } from './commands/resume';
import { runCommand } from './commands/run';
import { sampleCommand } from './commands/sample';
import { statsCommand } from './commands/stats';
import { statusCommand } from './commands/status';
import { terrainCommand } from './commands/terrain';
import { vectorCommand } from './commands/vector';
import { workerCommand } from './commands/worker';

const COMMANDS: Command[] = [sampleCommand, planCommand, runCommand, vectorCommand];
COMMANDS.push(workerCommand, statusCommand, cancelCommand, resumeCommand);
COMMANDS.push(statsCommand, terrainCommand, buildingsCommand);

function help(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return `Usage: tiling <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "tiling <command> --help" for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`tiling: unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    console.error(`tiling ${name}: ${(e as Error).message}\n\n${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(parsed.values, parsed.positionals);
  } catch (e) {
    if (isDataError(e)) {
      console.error(e.message);
      return 1;
    }
    console.error(`tiling ${name}: internal error (please report it):`);
    console.error(e);
    return 3;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 3;
  },
);
