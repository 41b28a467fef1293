/**
 * Nothing at run or build time reads `../shared` (it is for tests only): a clone with nothing
 * beside it must build and run the whole product. Two checks:
 * - the code that runs (format/, src/, server/, tiling/, scripts/, vite.config.ts, index.html, the npm
 *   scripts) names no `../shared` path in a string (comments may cite the sources); the only
 *   exceptions are the generators of committed tables (format/ocs2d/build-*table*.mjs), run by
 *   hand;
 * - the build's own territory plugins and the demo's commune boundaries, run in a working
 *   directory with no `../shared` beside it, still give every territory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve('.');
const ROOTS = ['format', 'src', 'server', 'tiling', 'scripts', 'vite.config.ts', 'index.html'];
const TESTS = /(\.test\.tsx?|\.spec\.ts)$|\/(test|bench|__tests__)\//;
const TABLE_GENERATORS = /^format\/ocs2d\/build-[\w-]*tables?\.mjs$/;
/** A string literal (quotes or template) with a path into ../shared, or a 'shared' path segment. */
const SHARED_LITERAL =
  /(['"`])(?:(?!\1)[^\n])*(?:\.\.[\\/]shared\b|\bshared[\\/]data\b)(?:(?!\1)[^\n])*\1|(['"`])shared\2/;

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((n) => (n === 'node_modules' ? [] : files(join(path, n))));
}

/** The text with comments blanked out (block comments, and line comments outside strings). */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => line.replace(/(^|[^:'"`\\])\/\/.*$/, '$1'))
    .join('\n');
}

describe('nothing at run or build time reads ../shared', () => {
  it('no runtime or build file names a ../shared path', () => {
    const offenders: string[] = [];
    for (const f of ROOTS.flatMap((r) => files(join(ROOT, r)))) {
      const rel = relative(ROOT, f).split('\\').join('/');
      if (
        !/\.(ts|tsx|mjs|js|cjs|html|json)$/.test(rel) ||
        TESTS.test(`/${rel}`) ||
        TABLE_GENERATORS.test(rel)
      )
        continue;
      withoutComments(readFileSync(f, 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          if (SHARED_LITERAL.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    for (const [name, command] of Object.entries(scripts))
      if (!/^test/.test(name) && /\.\.[\\/]shared|shared[\\/]data/.test(command))
        offenders.push(`package.json scripts.${name}: ${command}`);
    expect(offenders).toEqual([]);
  });

  it('the check sees a ../shared path in code, not in comments', () => {
    const code = (s: string) => SHARED_LITERAL.test(withoutComments(s));
    expect(code("const dir = '../shared/data/admin-epci-derived';")).toBe(true);
    expect(code(['const f = `', '$', '{root}/../shared/x.json`;'].join(''))).toBe(true);
    expect(code("resolve('..', 'shared', 'data')")).toBe(true);
    expect(code('// built from ../shared/data (see SOURCE.txt)')).toBe(false);
    expect(code(' * from "../shared/data/ocs2d-derived" (tables)\n */'.replace(/^/, '/**\n'))).toBe(false);
    expect(code("const url = 'https://example.org/share'; // ../shared")).toBe(false);
  });

  const cwd = mkdtempSync(join(tmpdir(), 'hdf-clone-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('the build’s territory plugins and the demo’s communes work from a directory with no ../shared beside it', () => {
    expect(existsSync(resolve(cwd, '../shared'))).toBe(false);
    const script = `
      const { default: config } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'vite.config.ts')).href)});
      const emitted = {};
      const ctx = { meta: { watchMode: false }, emitFile: (f) => { emitted[f.fileName] = f.source.length; } };
      for (const p of config.plugins.flat()) if (p && p.name.startsWith('hdf-twin:') && p.buildStart) await p.buildStart.call(ctx);
      const index = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'scripts/build-territory-index.mjs')).href)});
      const fc = index.communesGeoJson();
      const json = JSON.parse(index.territoryIndexJson());
      console.log(JSON.stringify({ emitted, communes: fc.features.length, index: [json.communes.length, json.epci.length] }));
    `;
    const tsx = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
    const run = spawnSync(
      process.execPath,
      ['--import', pathToFileURL(tsx).href, '--input-type=module', '-e', script],
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, TERRITORY_GEOMETRY_DIR: '', COMMUNES: '' },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop() as string);
    expect(out.communes).toBe(3782);
    expect(out.index).toEqual([3782, 92]);
    expect(out.emitted['generated/territories.json']).toBeGreaterThan(200_000);
    expect(out.emitted['generated/hdf-territories.topo.json.gz']).toBeGreaterThan(400_000);
    expect(Object.keys(out.emitted).filter((n) => n.startsWith('catalogs/')).length).toBeGreaterThan(0);
  });
});
