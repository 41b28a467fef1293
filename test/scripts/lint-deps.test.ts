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
      include: ['format', 'src', 'tiling', 'server'],
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
      [SCRIPT, '--config', CONFIG, 'format', 'src', 'tiling', 'server'],
      { cwd: dir },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * A tree that follows every rule: the contract package (format/) used by a feature, the tiling and
 * the server; the app composing a feature; the Cesium binding; the engine using a pure stage.
 */
const CLEAN: Record<string, string> = {
  'format/grid/g.ts': 'export const g = 1;\n',
  'src/features/a/a.ts': "import { g } from '../../../format/grid/g';\nexport const a = g;\n",
  'src/cesium/c.ts': "import { Cartesian3 } from 'cesium';\nexport const c = Cartesian3;\n",
  'src/app/app.ts': "import { a } from '../features/a/a';\nexport const app = a;\n",
  'src/features/a/a.test.ts': "import { readFileSync } from 'node:fs';\nexport const t = readFileSync;\n",
  'tiling/resample/x.ts': "import { g } from '../../format/grid/g';\nexport const x = g;\n",
  'tiling/engine/e.ts': "import { x } from '../resample/x';\nexport const e = x;\n",
  'format/ocs2d/tables.ts': 'export const TABLES = [];\n',
  'format/node/reader.ts': "import { readFile } from 'node:fs/promises';\nexport const reader = readFile;\n",
  'src/features/a/tables.ts':
    "import { TABLES } from '../../../format/ocs2d/tables';\nexport const t = TABLES;\n",
  'server/serve.ts': "import { reader } from '../format/node/reader';\nexport const serve = reader;\n",
  'tiling/source/s.ts': "import { readFile } from 'node:fs/promises';\nexport const s = readFile;\n",
  'server/x.ts': "import { g } from '../format/grid/g';\nexport const server = g;\n",
};

/**
 * One violation per rule: [rule, importing file, imported module as reported ('fs' for node:fs; ''
 * for a reachability rule, reported without the path), files to add].
 */
const VIOLATIONS: [string, string, string, Record<string, string>][] = [
  [
    'format-imports-no-half',
    'format/uses-tiling.ts',
    'tiling/resample/x.ts',
    { 'format/uses-tiling.ts': "import { x } from '../tiling/resample/x';\nexport const u = x;\n" },
  ],
  [
    'format-not-node-side',
    'format/grid/reads.ts',
    'format/node/reader.ts',
    { 'format/grid/reads.ts': "import { reader } from '../node/reader';\nexport const r = reader;\n" },
  ],
  [
    'format-not-node-builtins',
    'format/reads-files.ts',
    'fs',
    { 'format/reads-files.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" },
  ],
  [
    'format-not-node-packages',
    'format/stores.ts',
    'node_modules/sharp/index.js',
    { 'format/stores.ts': "import type sharp from 'sharp';\nexport type S = typeof sharp;\n" },
  ],
  [
    'tiling-not-viewer-or-server',
    'tiling/source/uses-server.ts',
    'server/x.ts',
    {
      'tiling/source/uses-server.ts': "import { server } from '../../server/x';\nexport const u = server;\n",
    },
  ],
  [
    'server-not-viewer',
    'server/uses-viewer.ts',
    'src/features/a/a.ts',
    { 'server/uses-viewer.ts': "import { a } from '../src/features/a/a';\nexport const u = a;\n" },
  ],
  [
    'server-not-tiling',
    'server/tables.ts',
    'tiling/resample/x.ts',
    { 'server/tables.ts': "import { x } from '../tiling/resample/x';\nexport const t = x;\n" },
  ],
  [
    'no-circular',
    'tiling/resample/y.ts',
    'tiling/resample/z.ts',
    {
      'tiling/resample/y.ts': "import { z } from './z';\nexport const y = () => z;\n",
      'tiling/resample/z.ts': "import { y } from './y';\nexport const z = () => y;\n",
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
    'src/ogc/uses-server.ts',
    'server/x.ts',
    { 'src/ogc/uses-server.ts': "import { server } from '../../server/x';\nexport const u = server;\n" },
  ],
  [
    'browser-not-node-builtins',
    'src/ogc/reads-files.ts',
    'fs',
    { 'src/ogc/reads-files.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" },
  ],
  [
    'browser-not-node-packages',
    'src/ogc/encodes.ts',
    'node_modules/sharp/index.js',
    {
      'node_modules/sharp/package.json': JSON.stringify({
        name: 'sharp',
        version: '0.0.0',
        main: 'index.js',
      }),
      'node_modules/sharp/index.js': 'export default {};\n',
      'src/ogc/encodes.ts': "import sharp from 'sharp';\nexport const e = sharp;\n",
    },
  ],
  [
    'browser-not-tiling',
    'src/ogc/uses-tiling.ts',
    'tiling/resample/x.ts',
    { 'src/ogc/uses-tiling.ts': "import { x } from '../../tiling/resample/x';\nexport const u = x;\n" },
  ],
  [
    'browser-not-format-node',
    'src/ogc/reads-archives.ts',
    'format/node/reader.ts',
    {
      'src/ogc/reads-archives.ts':
        "import { reader } from '../../format/node/reader';\nexport const r = reader;\n",
    },
  ],
  [
    'features-not-each-other',
    'src/features/b/b.ts',
    'src/features/a/a.ts',
    { 'src/features/b/b.ts': "import { a } from '../a/a';\nexport const b = a;\n" },
  ],
  [
    'shared-not-features',
    'src/stores/s.ts',
    'src/features/a/a.ts',
    { 'src/stores/s.ts': "import type { a } from '../features/a/a';\nexport type S = typeof a;\n" },
  ],
  [
    'cesium-only-in-src-cesium',
    'src/features/a/globe.ts',
    'node_modules/cesium/index.js',
    { 'src/features/a/globe.ts': "import { Cartesian3 } from 'cesium';\nexport const p = Cartesian3;\n" },
  ],
  [
    'pure-stages-no-node',
    'tiling/resample/reads.ts',
    'fs',
    {
      'tiling/resample/reads.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    },
  ],
  [
    'pure-stages-no-io',
    'tiling/resample/opens.ts',
    'tiling/source/s.ts',
    { 'tiling/resample/opens.ts': "import { s } from '../source/s';\nexport const o = s;\n" },
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
});
