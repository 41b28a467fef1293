import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { journeyTwinDir } from './scripts/journey-twin.mjs';
import {
  E2E_CHANGES_FILE,
  E2E_REVIEW_DIR,
  E2E_REVIEWERS,
  E2E_TMP,
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

// The journeys (test/browser/journeys/) run on a twin made by the real demo pipeline
// (scripts/journey-twin.mjs, which `npm run test:browser` runs first), served by a second server
// with the demo's reviewer token. Without that twin, no second server: the journeys then fail,
// saying how to make it.
const journeyPort = Number(process.env.JOURNEY_PORT ?? port + 500);
const journeyTwin = journeyTwinDir();
const journeyDb = join(E2E_TMP, 'journey-review', 'review.sqlite');
const journeySample = join(journeyTwin, 'sample', 'sample.json');
const journeyServer = existsSync(join(journeyTwin, 'catalog.json')) && existsSync(journeySample);
if (journeyServer) mkdirSync(join(E2E_TMP, 'journey-review'), { recursive: true });
const journeyChanges = journeyServer
  ? (JSON.parse(readFileSync(journeySample, 'utf8')).files?.changes ?? []).map(
      (f: string) => `--changes ${join(journeyTwin, 'sample', f)}`,
    )
  : [];

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
  projects: [
    // The features, each on the synthetic twin of global-setup.ts (640 × 400).
    { name: 'features', testIgnore: /journeys\// },
    // A user's journeys from the default state, on the demo pipeline's twin (own viewports).
    {
      name: 'journeys',
      testDir: 'test/browser/journeys',
      // Whole journeys at 1280 × 800 in software WebGL: minutes each on a loaded 2-core machine.
      timeout: 300_000,
      use: { baseURL: `http://127.0.0.1:${journeyPort}` },
    },
  ],
  webServer: [
    {
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
    ...(journeyServer
      ? [
          {
            command: [
              `rm -f ${journeyDb} ${journeyDb}-wal ${journeyDb}-shm &&`,
              `exec node --import tsx server/bin.ts --port ${journeyPort} --host 127.0.0.1`,
              `--twin ${journeyTwin} --dist ${dist} --db ${journeyDb}`,
              ...journeyChanges,
            ].join(' '),
            url: `http://127.0.0.1:${journeyPort}/`,
            reuseExistingServer: false,
            timeout: 60_000,
            // The demo's reviewer token (scripts/demo.mjs), as a user of `npm run demo` has it.
            env: { REVIEW_TOKENS: 'demo=demo-token-hdf' },
          },
        ]
      : []),
  ],
});
