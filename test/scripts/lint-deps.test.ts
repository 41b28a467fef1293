/**
 * The import rules of .dependency-cruiser.cjs, run by `npm run lint:deps` (scripts/lint-deps.mjs),
 * on a small tree written to a temp folder: clean, it passes; with one deliberate violation of each
 * rule, it fails and names every rule with the offending import.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'lint-deps.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Writes `files` (path -> text) into a new temp project with a tsconfig and a stand-in cesium package. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint-deps-'));
  dirs.push(dir);
  const all: Record<string, string> = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', noEmit: true },
      include: ['src', 'tiling', 'server'],
    }),
    'node_modules/cesium/package.json': JSON.stringify({
      name: 'cesium',
      version: '0.0.0',
      main: 'index.js',
    }),
    'node_modules/cesium/index.js': 'export const Cartesian3 = {};\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function lintDeps(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, '--config', CONFIG, 'src', 'tiling', 'server'],
      { cwd: dir },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** A tree that follows every rule: a feature using geo/, the Cesium binding, the engine using grid/. */
const CLEAN: Record<string, string> = {
  'src/geo/g.ts': 'export const g = 1;\n',
  'src/features/a/a.ts': "import { g } from '../../geo/g';\nexport const a = g;\n",
  'src/cesium/c.ts': "import { Cartesian3 } from 'cesium';\nexport const c = Cartesian3;\n",
  'src/features/a/a.test.ts': "import { readFileSync } from 'node:fs';\nexport const t = readFileSync;\n",
  'tiling/grid/x.ts': 'export const x = 1;\n',
  'tiling/engine/e.ts': "import { x } from '../grid/x';\nexport const e = x;\n",
  'tiling/ocs2d/tables.ts': 'export const TABLES = [];\n',
  'tiling/source/s.ts': "import { readFile } from 'node:fs/promises';\nexport const s = readFile;\n",
  'server/x.ts': 'export const server = 1;\n',
};

/**
 * One violation per rule: [rule, importing file, imported module as reported ('fs' for node:fs; ''
 * for a reachability rule, reported without the path), files to add].
 */
const VIOLATIONS: [string, string, string, Record<string, string>][] = [
  [
    'no-circular',
    'tiling/grid/y.ts',
    'tiling/grid/z.ts',
    {
      'tiling/grid/y.ts': "import { z } from './z';\nexport const y = () => z;\n",
      'tiling/grid/z.ts': "import { y } from './y';\nexport const z = () => y;\n",
    },
  ],
  [
    'no-circular-tiling-folders',
    'tiling/vector',
    'tiling/stats',
    {
      'tiling/vector/v.ts': "import { s } from '../stats/s';\nexport const v = s;\n",
      'tiling/vector/w.ts': 'export const w = 2;\n',
      'tiling/stats/s.ts': 'export const s = 1;\n',
      'tiling/stats/t.ts': "import { w } from '../vector/w';\nexport const t = w;\n",
    },
  ],
  [
    'browser-not-server',
    'src/geo/uses-server.ts',
    'server/x.ts',
    { 'src/geo/uses-server.ts': "import { server } from '../../server/x';\nexport const u = server;\n" },
  ],
  [
    'browser-not-node-builtins',
    'src/geo/reads-files.ts',
    'fs',
    { 'src/geo/reads-files.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" },
  ],
  [
    'browser-not-node-packages',
    'src/geo/encodes.ts',
    'node_modules/sharp/index.js',
    {
      'node_modules/sharp/package.json': JSON.stringify({
        name: 'sharp',
        version: '0.0.0',
        main: 'index.js',
      }),
      'node_modules/sharp/index.js': 'export default {};\n',
      'src/geo/encodes.ts': "import sharp from 'sharp';\nexport const e = sharp;\n",
    },
  ],
  [
    'browser-shared-tiling-reaches-no-node',
    'tiling/ocs2d/tables.ts',
    '',
    {
      'src/geo/tables-user.ts':
        "import { TABLES } from '../../tiling/ocs2d/tables';\nexport const u = TABLES;\n",
      'tiling/ocs2d/tables.ts':
        "import { readFileSync } from 'node:fs';\nexport const TABLES = [readFileSync];\n",
    },
  ],
  [
    'browser-tiling-shared-only',
    'src/geo/uses-tiling.ts',
    'tiling/grid/x.ts',
    { 'src/geo/uses-tiling.ts': "import { x } from '../../tiling/grid/x';\nexport const u = x;\n" },
  ],
  [
    'cesium-only-in-src-cesium',
    'src/features/a/globe.ts',
    'node_modules/cesium/index.js',
    { 'src/features/a/globe.ts': "import { Cartesian3 } from 'cesium';\nexport const p = Cartesian3;\n" },
  ],
  [
    'pure-stages-no-node',
    'tiling/grid/reads.ts',
    'fs',
    { 'tiling/grid/reads.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" },
  ],
  [
    'pure-stages-no-io',
    'tiling/grid/opens.ts',
    'tiling/source/s.ts',
    { 'tiling/grid/opens.ts': "import { s } from '../source/s';\nexport const o = s;\n" },
  ],
  [
    'engine-imports-no-product',
    'tiling/engine/knows-ortho.ts',
    'tiling/ortho/job.ts',
    {
      'tiling/ortho/job.ts': 'export const job = 1;\n',
      'tiling/engine/knows-ortho.ts': "import { job } from '../ortho/job';\nexport const k = job;\n",
    },
  ],
];

describe('npm run lint:deps (dependency-cruiser rules)', () => {
  it('passes a tree that follows every rule, Node built-ins in tests and I/O folders included', async () => {
    const r = await lintDeps(project(CLEAN));
    expect(r.output).toContain('no dependency violations');
    expect(r.code).toBe(0);
  });

  it('fails on a deliberate violation of each rule, naming the rule and the import', async () => {
    const files = { ...CLEAN };
    for (const [, , , add] of VIOLATIONS) Object.assign(files, add);
    const r = await lintDeps(project(files));
    expect(r.code).toBe(1);
    for (const [rule, from, to] of VIOLATIONS) {
      const line = r.output
        .split('\n')
        .find((l) => l.includes(`error ${rule}: ${from}`) && (to === '' || l.trimEnd().endsWith(`→ ${to}`)));
      expect(line, `${rule}: ${from} -> ${to} in\n${r.output}`).toBeDefined();
    }
  });

  it("reports one feature importing another as a warning (today's viewer still does), without failing", async () => {
    const r = await lintDeps(
      project({
        ...CLEAN,
        'src/features/b/b.ts': "import { a } from '../a/a';\nexport const b = a;\n",
      }),
    );
    expect(r.output).toMatch(
      /warn features-not-each-other: src\/features\/b\/b\.ts → src\/features\/a\/a\.ts/,
    );
    expect(r.code).toBe(0);
  });
});
