#!/usr/bin/env node
// Installs the npm dependencies when they are missing or older than package-lock.json, and
// checks the system programs the given task needs. Plain Node (no dependency) because it runs
// before `npm ci`. Usage: node scripts/ensure-deps.mjs [test|demo]
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const task = process.argv[2] ?? 'demo';
const stamp = 'node_modules/.package-lock.json';
const stale = !existsSync(stamp) || statSync(stamp).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('hdf-twin: installing npm dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('hdf-twin: "npm ci" failed; see the messages above.');
    process.exit(r.status ?? 1);
  }
}

if (task === 'test') {
  const missing = [
    ['/usr/bin/chromium', 'chromium'],
    ['/usr/bin/gdalinfo', 'gdal-bin'],
    ['/usr/bin/gdal2tiles.py', 'python3-gdal'],
    ['/usr/bin/redis-server', 'redis-server'],
    ['/usr/bin/grk_decompress', 'grokj2k-tools'],
  ].filter(
    ([path]) =>
      !existsSync(process.env.CHROMIUM_PATH && path.endsWith('chromium') ? process.env.CHROMIUM_PATH : path),
  );
  if (missing.length > 0) {
    const pkgs = missing.map(([, pkg]) => pkg).join(' ');
    console.error(
      `hdf-twin: the tests need Debian packages that are not installed: ${pkgs}.\n` +
        `Run .ci/run (installs them, then runs the tests) or: sudo apt-get install -y ${pkgs}`,
    );
    process.exit(1);
  }
}
