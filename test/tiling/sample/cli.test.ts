/**
 * `tiling sample` on bad input: a clear message, exit code 1, nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateSampleOptions } from '../../../tiling/sample';

const root = mkdtempSync(join(tmpdir(), 'sample-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tiling(...args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tiling/cli/bin.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('tiling sample, bad input', () => {
  it.each([
    ['150', '--size-m=150'],
    ['a negative size', '--size-m=-400'],
    ['zero', '--size-m=0'],
  ])(
    '--size-m %s exits 1 with a message naming the flag and what is expected, and writes nothing',
    (_, flag) => {
      const out = join(root, `out-${flag.replace(/\W/g, '')}`);
      const r = tiling('sample', '--out', out, flag);
      expect(r.stderr).toContain('tiling sample');
      expect(r.stderr).toContain('--size-m');
      expect(r.stderr).toContain('multiple of 200');
      expect(r.stderr).toContain('nothing was written');
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.status).toBe(1);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('lists every problem at once (size, seed, missing --out)', () => {
    const r = tiling('sample', '--size-m=150', '--seed=abc');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--out');
    expect(r.stderr).toContain('--size-m');
    expect(r.stderr).toContain('--seed');
  });

  it('an --out that cannot be a folder exits 1 naming it', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const r = tiling('sample', '--out', join(file, 'sub'), '--size-m', '200');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot create the output folder');
    expect(r.stderr).toContain('--out');
  });

  it('the options validator accepts multiples of 200 and names the received value otherwise', () => {
    expect(validateSampleOptions({ sizeMetres: '400', seed: '3' })).toEqual({ sizeMetres: 400, seed: 3 });
    expect(validateSampleOptions({})).toEqual({ sizeMetres: 1000, seed: 1 });
    expect(() => validateSampleOptions({ sizeMetres: '1e3' })).not.toThrow();
    expect(() => validateSampleOptions({ sizeMetres: '250' })).toThrow(/got "250"/);
    expect(() => validateSampleOptions({ sizeMetres: '200.5' })).toThrow(/multiple of 200/);
  });
});
