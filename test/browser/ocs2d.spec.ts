/**
 * OCS2D and change layers painted from vector tiles (fixtures-vector.ts, made by the real
 * `tiling vector` code): toggling and restyling change the picture, a click shows the feature's
 * classes in words, filters apply to what is picked, and attribute values stay text.
 */
import { expect, type Page, test } from '@playwright/test';
import type {} from '../../src/cesium/vector-layers';
import { quadrantCentre, VECTOR_TITLES, XSS_ID } from './fixtures-vector';
import {
  canvasPixels,
  changedShare,
  saveScreenshot,
  settle,
  trackForeignRequests,
  waitForGlobe,
} from './helpers';

declare global {
  interface Window {
    __xss?: unknown;
  }
}

/** Clicks the globe where a point (degrees) is drawn. */
async function clickAt(page: Page, lonLat: readonly [number, number]): Promise<void> {
  const point = await page.evaluate(
    ([lon, lat]) => window.__twinVector?.canvasPointOf(lon, lat) ?? null,
    lonLat,
  );
  expect(point, 'the point is on screen').not.toBeNull();
  const box = await page.locator('.cesium-widget canvas').boundingBox();
  if (!box || !point) throw new Error('no canvas');
  await page.mouse.click(box.x + point[0], box.y + point[1]);
}

test('OCS2D tiles are draped, restyled, toggled and picked; attributes stay text', async ({
  page,
  baseURL,
}, testInfo) => {
  const foreign = trackForeignRequests(page, new URL(baseURL ?? '').origin);
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.goto('/?catalog=/twin/ocs2d-catalog.json');
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  const ocs2dBox = panel.getByRole('checkbox', { name: VECTOR_TITLES.ocs2d });
  await expect(ocs2dBox).toBeChecked();
  await expect(ocs2dBox).toBeEnabled();
  // Legend of the CS nomenclature: the classes present, with codes, labels and areas.
  const legend = panel.getByRole('list', { name: 'Légende : Couverture du sol (CS)' });
  await expect(legend.getByRole('listitem')).toHaveCount(4);
  await expect(legend).toContainText('CS1.1.1 Surfaces bâties');
  await expect(legend).toContainText('24 ha');
  await expect(panel.getByText('geo2france/ocs2d (GPL-3.0)')).toBeVisible();

  await waitForGlobe(page);
  await settle(page);
  const withOcs2d = await canvasPixels(page);
  await saveScreenshot(page, testInfo, 'ocs2d-cs');

  // Hiding the layer changes the picture; showing it again brings it back.
  await ocs2dBox.uncheck();
  await settle(page);
  const without = await canvasPixels(page);
  await saveScreenshot(page, testInfo, 'ocs2d-hidden');
  expect(changedShare(withOcs2d, without), 'share of pixels changed by hiding OCS2D').toBeGreaterThan(0.05);
  await ocs2dBox.check();
  // The change layer is listed first, so it is drawn over OCS2D: hiding it changes the picture.
  const changesBox = panel.getByRole('checkbox', { name: VECTOR_TITLES.changes, exact: true });
  await changesBox.uncheck();
  await settle(page);
  expect(
    changedShare(withOcs2d, await canvasPixels(page)),
    'pixels of the changes over OCS2D',
  ).toBeGreaterThan(0.003);
  await changesBox.check();
  // The heat grid (hectares per 100 m cell) adds its cells over the area of the changes.
  const heatBox = panel.getByRole('checkbox', { name: VECTOR_TITLES.heat });
  await heatBox.check();
  await settle(page);
  await saveScreenshot(page, testInfo, 'heat');
  expect(changedShare(withOcs2d, await canvasPixels(page)), 'pixels of the heat grid').toBeGreaterThan(0.003);
  await heatBox.uncheck();

  // Another nomenclature: other colours, another legend.
  await panel.getByLabel('Nomenclature').selectOption('p4');
  await expect(panel.getByRole('list', { name: 'Légende : 4 postes' })).toContainText('Espaces Urbanisés');
  await settle(page);
  const p4 = await canvasPixels(page);
  await panel.getByRole('list', { name: 'Légende : 4 postes' }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'ocs2d-p4');
  expect(changedShare(withOcs2d, p4), 'share of pixels changed by the 4-class colours').toBeGreaterThan(0.02);

  // A click on the NW quadrant: its classes in words, its Lambert-93 area, on a card over the map.
  const feature = page.getByRole('dialog', { name: 'Objet sélectionné' });
  await clickAt(page, quadrantCentre(-1, 1));
  await expect(feature).toContainText('CS1.1.1 — Surfaces bâties');
  await expect(feature).toContainText('US5.2.2');
  await expect(feature).toContainText('1 — Espaces Urbanisés');
  await expect(feature).toContainText('Uh — ');
  await expect(feature).toContainText('2021');
  await expect(feature).toContainText('24 ha');
  await expect(feature).toContainText('bati-nw');

  // The change over the NE quadrant's corner answers first; filtered out, OCS2D answers. The card
  // sits on the half of the map away from the NW feature, so it is closed before clicking there.
  await page.keyboard.press('Escape');
  await expect(feature).toBeHidden();
  const ne = quadrantCentre(1, 1);
  await clickAt(page, ne);
  await expect(feature).toContainText('Vers bâti');
  await expect(feature).toContainText('90 %');
  await expect(feature).toContainText('du 2021-05-12 au 2024-06-06');
  await feature.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'change-picked');
  await panel.getByRole('slider', { name: 'Confiance minimale' }).fill('95');
  await page.keyboard.press('Escape');
  await clickAt(page, ne);
  await expect(feature).toContainText('CS6.3.0');
  await expect(feature).not.toContainText('Vers bâti');

  // The SE feature's id is an HTML payload: shown as text, never run.
  await clickAt(page, quadrantCentre(1, -1));
  await expect(feature).toContainText(XSS_ID);
  await expect(feature.locator('img')).toHaveCount(0);
  await feature.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'xss-as-text');
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(foreign).toEqual([]);
  expect(uncaught).toEqual([]);
});

test('OCS2D is draped on the 3D tiles too', async ({ page }, testInfo) => {
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.goto('/?catalog=/twin/ocs2d-3d-catalog.json');
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  await page.waitForFunction(() => window.__twin?.tilesetCount() === 1, null, { timeout: 60_000 });
  // One layer on the globe and one in the tileset's own imagery collection.
  await page.waitForFunction(() => (window.__twinVector?.vectorLayerCount() ?? 0) >= 2, null, {
    timeout: 60_000,
  });
  await waitForGlobe(page);
  await settle(page);
  const draped = await canvasPixels(page);
  await saveScreenshot(page, testInfo, 'ocs2d-on-3d-tiles');

  // The tileset hides the globe where it stands, so a change there can only come from the tileset.
  const tilesetBox = panel.getByRole('checkbox', { name: VECTOR_TITLES.tiles3d });
  await panel.getByRole('checkbox', { name: VECTOR_TITLES.ocs2d }).uncheck();
  await settle(page);
  const bare = await canvasPixels(page);
  await saveScreenshot(page, testInfo, '3d-tiles-without-ocs2d');
  expect(changedShare(draped, bare), 'pixels changed by hiding the draped OCS2D').toBeGreaterThan(0.05);
  await expect(tilesetBox).toBeChecked();
  expect(uncaught).toEqual([]);
});
