/**
 * End to end through the command line: real GeoTIFF dalles (written by GDAL), `tiling run` killed
 * with SIGKILL in the middle, run again, and compared byte for byte with an uninterrupted run.
 * Set TILING_CLI to run another entry point than tiling/cli/bin.ts.
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../snapshot';
import { makeTempDir } from '../source/helpers';
import { writeJpegDalles } from './helpers';

const CLI = process.env.TILING_CLI ?? 'tiling/cli/bin.ts';
const GDAL = existsSync('/usr/bin/gdal_translate');
const { dir: root, cleanup } = makeTempDir('tiling-cli-');
const dalles = join(root, 'dalles');
afterAll(cleanup);

/** 2 x 2 JPEG-in-TIFF dalles of 1200 px at 5 cm (60 m), textured so tiles are not trivial. */
const writeDalles = () =>
  writeJpegDalles({
    dir: dalles,
    scratch: root,
    cols: 2,
    rows: 2,
    size: 1200,
    name: (c, r) => `0708_7058_${c}_${r}`,
  });

const args = (out: string) => [
  CLI,
  'run',
  dalles,
  '--out',
  out,
  '--workers',
  '2',
  '--job-span',
  '1',
  '--min-zoom',
  '16',
];

function manifestJobs(out: string): number {
  try {
    return (
      readFileSync(join(out, '.tiling', 'manifest.jsonl'), 'utf8')
        .trim()
        .split('\n').length - 1
    );
  } catch {
    return 0;
  }
}

describe.skipIf(!GDAL)('tiling run (command line)', () => {
  beforeAll(writeDalles);

  it('killed with SIGKILL mid-run then run again, gives the same bytes as an uninterrupted run', async () => {
    // Same folder name in both: the layer name in tilejson.json defaults to it.
    const clean = join(root, 'clean', 'ortho');
    const first = spawnSync(process.execPath, ['--import', 'tsx', ...args(clean)], { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/tiles, .* zooms 16\.\.21/);
    const report = JSON.parse(readFileSync(join(clean, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ complete: true, skippedDalles: [] });
    const total = manifestJobs(clean);

    const killed = join(root, 'killed', 'ortho');
    const child = spawn(process.execPath, ['--import', 'tsx', ...args(killed)], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    let done = false;
    void exited.then(() => {
      done = true;
    });
    while (!done && manifestJobs(killed) < Math.min(3, total - 1))
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    const signal = await exited;
    const before = manifestJobs(killed);
    if (signal === 'SIGKILL') expect(before).toBeLessThan(total);

    const resumed = spawnSync(process.execPath, ['--import', 'tsx', ...args(killed)], { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(before > 0 ? /resuming/ : /jobs/);

    const a = snapshot(clean);
    const b = snapshot(killed);
    expect(a.size).toBeGreaterThan(50);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    let different = 0;
    for (const [k, v] of a) if (Buffer.compare(v, b.get(k) as Buffer) !== 0) different++;
    expect(different).toBe(0);
    expect(readdirSync(join(killed, '.tiling', 'tmp'))).toEqual([]);
  });

  it('a bad argument is a usage error listing every problem', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', CLI, 'run', dalles, '--max-zoom', '40', '--format', 'gif'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--out <dir> is required/);
    expect(r.stderr).toMatch(/--max-zoom must be an integer 0\.\.24/);
    expect(r.stderr).toMatch(/--format must be one of jpeg, webp, png/);
  });
});
