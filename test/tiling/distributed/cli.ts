/**
 * Runs the tiling command line as child processes (node --import tsx, so the PID is the command's
 * own and SIGKILL reaches it), and compares pyramids byte for byte.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { RangeResponse, Source } from 'pmtiles';

export const CLI = process.env.TILING_CLI ?? 'tiling/cli/bin.ts';

/** A running command: its process and a promise of how it ended. */
export interface Running {
  proc: ChildProcess;
  pid: number;
  output(): string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

const started: ChildProcess[] = [];

/** Starts `tiling <args>`. */
export function tiling(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const proc = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (d) => {
    stdout += String(d);
  });
  proc.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { proc, pid: proc.pid ?? 0, output: () => stdout + stderr, done };
}

/** Kills (by PID) every command started here that is still running. */
export function killAll(): void {
  for (const p of started) if (p.exitCode === null && p.signalCode === null && p.pid) p.kill('SIGKILL');
}

/** Waits until `test` holds (polling), or fails naming `what`. */
export async function until(
  test: () => boolean | Promise<boolean>,
  what: string,
  ms = 60_000,
): Promise<void> {
  const t0 = Date.now();
  while (!(await test())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** A pmtiles Source over a file read into memory. */
export class BufferSource implements Source {
  constructor(private readonly bytes: Buffer) {}
  getKey(): string {
    return 'buffer';
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const b = this.bytes.subarray(offset, offset + length);
    return { data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
  }
}

export { snapshot } from '../snapshot';
