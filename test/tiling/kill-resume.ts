import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Jobs the manifest of an output folder lists (its first line names the plan). */
export function manifestJobs(outDir: string): number {
  const manifest = join(outDir, '.tiling', 'manifest.jsonl');
  return existsSync(manifest) ? readFileSync(manifest, 'utf8').trim().split('\n').length - 1 : 0;
}

/**
 * Kills a run (`child`, writing into `outDir`) with SIGKILL once its manifest lists `jobs` jobs;
 * resolves when it has exited. Rejects when the run ends first, fails to start, or takes a minute.
 */
export function killAfterJobs(child: ChildProcess, outDir: string, jobs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const poll = setInterval(() => {
      if (manifestJobs(outDir) >= jobs) {
        clearInterval(poll);
        child.kill('SIGKILL');
        child.once('exit', () => resolve());
        if (child.exitCode !== null) resolve();
      } else if (child.exitCode !== null || Date.now() - t0 > 60_000) {
        clearInterval(poll);
        reject(new Error('the run ended before it could be killed'));
      }
    }, 5);
    child.once('error', reject);
  });
}
