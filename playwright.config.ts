import { defineConfig } from '@playwright/test';

/** Browser tests drive Debian's Chromium (no browser download) against `vite preview` of the built app. */
const port = Number(process.env.TEST_PORT ?? 4173);

export default defineConfig({
  testDir: 'test/browser',
  // Writes the synthetic twin (tiles + catalogs) into .tmp/e2e-twin, served as /twin below.
  globalSetup: './test/browser/global-setup.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
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
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    // The synthetic twin of global-setup.ts (test/browser/fixtures.ts), served under /twin.
    env: { TWIN_DIR: '.tmp/e2e-twin' },
  },
});
