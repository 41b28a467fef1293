/**
 * The twin's 3D tiles in two engines: CesiumJS (the viewer, folder and .3tz through the server)
 * and three.js with 3d-tiles-renderer (a bare page). The tilesets are the real pipeline's output
 * (fixtures-3d.ts, written by global-setup.ts).
 */
import { readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { CATALOG_3D, TITLES_3D } from './fixtures-3d';
import { canvasStdDev, saveScreenshot, waitForGlobe } from './helpers';

/** Waits until Cesium reports that the shown tilesets (`shown` of them) have every tile they need. */
async function waitForTilesets(page: import('@playwright/test').Page, shown: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      window.__twin?.requestRender();
      const s = window.__twin?.tilesetsLoaded();
      return s !== undefined && s.shown === n && s.loaded === n;
    },
    shown,
    { timeout: 120_000, polling: 500 },
  );
}

test('CesiumJS loads the 3D tiles of the folder and of the .3tz archive, each toggled from the layer panel', async ({
  page,
}, testInfo) => {
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  const folder: number[] = [];
  const archive: number[] = [];
  page.on('response', (r) => {
    // Cesium appends ?v=<asset.tilesetVersion> to content URLs.
    const u = new URL(r.url()).pathname;
    if (u.startsWith('/twin/2021/3d/') && u.endsWith('.glb')) folder.push(r.status());
    if (u.startsWith('/twin/2021/3d.3tz/') && u.endsWith('.glb')) archive.push(r.status());
  });

  await page.goto(`/?catalog=/twin/${CATALOG_3D}`);
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  const folderBox = panel.getByRole('checkbox', { name: TITLES_3D.folder.fr });
  const archiveBox = panel.getByRole('checkbox', { name: TITLES_3D.archive.fr });
  await expect(folderBox).toBeChecked();
  await expect(archiveBox).not.toBeChecked();

  // The orthophoto off: what is drawn over the plain base layer is the 3D tiles' texture.
  await panel.getByRole('checkbox', { name: 'Orthophoto PCRS 2021 (échantillon)' }).uncheck();
  await waitForGlobe(page);
  await expect
    .poll(() => folder.length, { message: 'GLB tiles requested from the folder' })
    .toBeGreaterThan(0);
  await waitForTilesets(page, 1);
  expect(
    folder.every((s) => s === 200 || s === 304),
    `statuses ${folder.join(',')}`,
  ).toBe(true);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  const with3d = await canvasStdDev(page);
  expect(with3d).toBeGreaterThan(8);
  await saveScreenshot(page, testInfo, 'cesium-3d-folder');

  // Off: no tileset shown, the textured tiles go (the plain base layer remains); then the
  // archive's: served from inside the .3tz by the server.
  await folderBox.uncheck();
  await waitForTilesets(page, 0);
  await expect.poll(() => canvasStdDev(page), { timeout: 30_000 }).toBeLessThan(with3d / 2);
  await archiveBox.check();
  await expect
    .poll(() => archive.length, { message: 'GLB tiles requested from the .3tz' })
    .toBeGreaterThan(0);
  await waitForTilesets(page, 1);
  expect(
    archive.every((s) => s === 200 || s === 304),
    `statuses ${archive.join(',')}`,
  ).toBe(true);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'cesium-3d-archive');
  expect(uncaught).toEqual([]);
});

const THREE_ROOT = resolve('test/browser/three');
const LIBS: Record<string, string> = {
  three: resolve('node_modules/three'),
  '3d-tiles-renderer': resolve('node_modules/3d-tiles-renderer'),
};
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

test('three.js (3d-tiles-renderer) renders the same tileset', async ({ page, baseURL }, testInfo) => {
  // The page and its modules are served from disk on the app's origin; the tileset by the server.
  await page.route(`${baseURL}/three-test/**`, (route) => {
    const path = new URL(route.request().url()).pathname.replace('/three-test/', '');
    const lib = /^lib\/([^/]+)\/(.*)$/.exec(path);
    const file = lib
      ? join(LIBS[lib[1] as string] ?? '/nonexistent', lib[2] as string)
      : join(THREE_ROOT, path);
    try {
      return route.fulfill({
        body: readFileSync(file),
        contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      });
    } catch {
      return route.fulfill({ status: 404, body: 'Not found' });
    }
  });
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.goto('/three-test/index.html?tileset=/twin/2021/3d/tileset.json');
  await page.waitForFunction(
    () => {
      const s = (window as unknown as { __three?: { ready: boolean; models: number; loadEnds: number } })
        .__three;
      return s?.ready && s.models > 0 && s.loadEnds > 0;
    },
    null,
    { timeout: 120_000, polling: 500 },
  );
  const state = await page.evaluate(
    () => (window as unknown as { __three: { errors: string[]; models: number } }).__three,
  );
  expect(state.errors).toEqual([]);
  expect(state.models).toBeGreaterThan(0);
  await page.waitForTimeout(1000);
  const png = await page.locator('canvas').screenshot();
  const { channels } = await sharp(png).removeAlpha().stats();
  expect(Math.max(...channels.map((c) => c.stdev))).toBeGreaterThan(8);
  await saveScreenshot(page, testInfo, 'three-3d-folder');
  expect(uncaught).toEqual([]);
});
