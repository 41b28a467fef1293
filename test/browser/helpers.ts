import { expect, type Page, type TestInfo } from '@playwright/test';
import sharp from 'sharp';
import type { TwinTestHook } from '../../src/cesium/test-hook';

declare global {
  interface Window {
    __twin?: TwinTestHook;
  }
}

/**
 * Records every request whose origin is not the page's; data: URLs are local. Call before
 * `goto`. The returned array fills as the page runs.
 */
export function trackForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) return;
    const checked = url.startsWith('blob:') ? url.slice('blob:'.length) : url;
    if (new URL(checked).origin !== origin) foreign.push(url);
  });
  return foreign;
}

/** Waits until the globe has no tile left to load (software WebGL: tens of seconds). */
export async function waitForGlobe(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__twin?.tilesLoaded() === true, null, {
    timeout: 120_000,
    polling: 500,
  });
}

/** Standard deviation of the pixel values of the globe's canvas (0 for a blank canvas). */
export async function canvasStdDev(page: Page): Promise<number> {
  const png = await page.locator('.cesium-widget canvas').screenshot();
  const { channels } = await sharp(png).removeAlpha().stats();
  return Math.max(...channels.map((c) => c.stdev));
}

/** Saves a screenshot of the whole page as a test artifact (under test-results/). */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Asserts that a rectangle contains another, with a tolerance in degrees. */
export function expectBboxWithin(
  outer: readonly number[],
  inner: readonly number[],
  toleranceDegrees: number,
) {
  const [w, s, e, n] = outer as [number, number, number, number];
  const [iw, is, ie, inn] = inner as [number, number, number, number];
  expect(w).toBeLessThanOrEqual(iw + toleranceDegrees);
  expect(s).toBeLessThanOrEqual(is + toleranceDegrees);
  expect(e).toBeGreaterThanOrEqual(ie - toleranceDegrees);
  expect(n).toBeGreaterThanOrEqual(inn - toleranceDegrees);
}

/** The globe's canvas as raw RGB pixels. */
export async function canvasPixels(page: Page): Promise<Buffer> {
  const png = await page.locator('.cesium-widget canvas').screenshot();
  return sharp(png).removeAlpha().raw().toBuffer();
}

/** Share of pixels whose colour differs by more than 24 levels on some channel. */
export function changedShare(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`canvas sizes differ: ${a.length} vs ${b.length} bytes`);
  let changed = 0;
  for (let i = 0; i < a.length; i += 3) {
    const d = Math.max(
      Math.abs((a[i] as number) - (b[i] as number)),
      Math.abs((a[i + 1] as number) - (b[i + 1] as number)),
      Math.abs((a[i + 2] as number) - (b[i + 2] as number)),
    );
    if (d > 24) changed++;
  }
  return changed / (a.length / 3);
}

/** Renders after a change and waits until no tile is left to load. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => window.__twin?.requestRender());
  await page.waitForTimeout(500);
  await waitForGlobe(page);
  await page.evaluate(() => window.__twin?.requestRender());
  await page.waitForTimeout(500);
}
