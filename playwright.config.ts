import { mkdirSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import {
  E2E_CHANGES_FILE,
  E2E_REVIEW_DIR,
  E2E_REVIEWERS,
  E2E_TWIN_DIR,
  writeE2eChanges,
} from './test/browser/fixtures';

/**
 * Browser tests drive Debian's Chromium (no browser download) against the real server
 * (server/bin.ts: the built app, the twin under /twin, the review API with a fresh SQLite file).
 */
const port = Number(process.env.TEST_PORT ?? 4173);
const reviewDb = `${E2E_REVIEW_DIR}/review.sqlite`;
// The built viewer (E2E_DIST lets a run use its own build, e.g. `vite build --outDir .tmp/dist-a`).
const dist = process.env.E2E_DIST ?? 'dist';
// Playwright starts the web server before globalSetup: the detections it imports, and the twin
// folder it serves (filled by globalSetup, read lazily), must exist before. Idempotent.
writeE2eChanges();
mkdirSync(E2E_TWIN_DIR, { recursive: true });

export default defineConfig({
  testDir: 'test/browser',
  // Writes the synthetic twin (tiles + catalogs) into .tmp/e2e-twin, served as /twin below.
  globalSetup: './test/browser/global-setup.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: process.env.E2E_TMP ? `${process.env.E2E_TMP}/test-results` : 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 640, height: 400 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // A fresh review database each run; the synthetic twin of global-setup.ts under /twin.
    command: [
      `rm -f ${reviewDb} ${reviewDb}-wal ${reviewDb}-shm &&`,
      `exec node --import tsx server/bin.ts --port ${port} --host 127.0.0.1`,
      `--twin ${E2E_TWIN_DIR} --dist ${dist} --db ${reviewDb} --changes ${E2E_CHANGES_FILE}`,
    ].join(' '),
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      REVIEW_TOKENS: Object.entries(E2E_REVIEWERS)
        .map(([name, token]) => `${name}=${token}`)
        .join(','),
    },
  },
});
