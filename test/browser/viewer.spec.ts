/**
 * The offline viewer against the synthetic twin written by global-setup.ts. Few tests, each
 * loading the page once: software WebGL renders a few frames per second.
 */
import { expect, test } from '@playwright/test';
import { HAUTS_DE_FRANCE_BBOX } from '../../format/grid';
import { SAMPLE_MIN_ZOOM, TITLES } from './fixtures';
import {
  canvasStdDev,
  expectBboxWithin,
  saveScreenshot,
  trackForeignRequests,
  waitForGlobe,
} from './helpers';

/** A blank canvas has 0; a drawn globe with imagery has tens. */
const MIN_CANVAS_STDDEV = 8;

test('a valid catalog: layers listed, pyramid drawn, no request leaves the origin', async ({
  page,
  baseURL,
}, testInfo) => {
  const origin = new URL(baseURL ?? '').origin;
  const foreign = trackForeignRequests(page, origin);
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  const tiles: number[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/twin/2021/ortho/')) tiles.push(r.status());
  });

  await page.goto('/');
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  await expect(panel.getByRole('heading', { name: 'Couches' })).toBeVisible();
  await expect(panel.getByRole('checkbox', { name: TITLES.ortho.fr })).toBeChecked();
  await expect(panel.getByRole('slider', { name: `Opacité de « ${TITLES.ortho.fr} »` })).toHaveValue('100');
  // A kind not drawn yet is listed with a note, its controls disabled.
  await expect(panel.getByRole('checkbox', { name: TITLES.ocs2d })).toBeDisabled();
  await expect(panel.getByText('Affichage à venir')).toBeVisible();
  await expect(panel.getByText('Source : Géo2France / PCRS (échantillon synthétique)')).toBeVisible();
  await expect(panel.getByRole('alert')).toHaveCount(0);

  await waitForGlobe(page);
  expect(tiles.length, 'tiles of the pyramid were requested').toBeGreaterThan(0);
  expect(
    tiles.every((s) => s === 200 || s === 304),
    `tile statuses ${tiles.join(',')}`,
  ).toBe(true);
  const stdDev = await canvasStdDev(page);
  expect(stdDev).toBeGreaterThan(MIN_CANVAS_STDDEV);
  await saveScreenshot(page, testInfo, 'valid-catalog');
  expect(foreign).toEqual([]);
  expect(uncaught).toEqual([]);
});

test('a catalog with a wrong entry names it, keeps the others and still draws the region', async ({
  page,
  baseURL,
}, testInfo) => {
  const foreign = trackForeignRequests(page, new URL(baseURL ?? '').origin);
  const absentLevels = new Set<number>();
  page.on('request', (r) => {
    const m = /\/twin\/absent\/(\d+)\//.exec(r.url());
    if (m) absentLevels.add(Number(m[1]));
  });
  await page.goto('/?catalog=/twin/bad-catalog.json');
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });

  await expect(panel.getByRole('alert')).toContainText(
    'couche « ortho-cassee » (n° 2) : source.url doit contenir {z}, {x} et {y}, reçu 42',
  );
  await expect(panel.getByRole('checkbox', { name: TITLES.ortho.fr })).toBeVisible();
  await expect(panel.getByRole('checkbox', { name: TITLES.ocs2d })).toBeVisible();
  await expect(panel.getByRole('checkbox', { name: 'Orthophoto cassée' })).toHaveCount(0);
  // Valid entry, missing tiles: marked failed in words, the rest goes on.
  const broken = panel.getByRole('listitem').filter({ hasText: TITLES.broken });
  await expect(broken.getByRole('status')).toContainText('Échec');
  await broken.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'bad-catalog-failed-layer');

  // No home in this catalog: the view frames Hauts-de-France.
  await waitForGlobe(page);
  const view = await page.evaluate(() => window.__twin?.viewRectangle() ?? null);
  expect(view).not.toBeNull();
  expectBboxWithin(view ?? [], HAUTS_DE_FRANCE_BBOX, 0.05);
  expect((view?.[2] ?? 0) - (view?.[0] ?? 0), 'view width, degrees').toBeLessThan(8);
  expect(await canvasStdDev(page)).toBeGreaterThan(MIN_CANVAS_STDDEV);
  await saveScreenshot(page, testInfo, 'bad-catalog');
  // After a failure Cesium looks for parent tiles; none below the pyramid's minZoom is asked for.
  expect(
    [...absentLevels].every((z) => z >= SAMPLE_MIN_ZOOM),
    `levels ${[...absentLevels]}`,
  ).toBe(true);

  // Zoom in, then the home button flies back to the region.
  await page.locator('.cesium-widget canvas').hover();
  await page.mouse.wheel(0, -2000);
  await expect
    .poll(async () => page.evaluate(() => window.__twin?.viewRectangle()?.[2] ?? 0), { timeout: 30_000 })
    .toBeLessThan(HAUTS_DE_FRANCE_BBOX[2] - 0.1);
  await page.getByRole('button', { name: 'Revenir à la vue d’ensemble' }).click();
  await expect
    .poll(async () => page.evaluate(() => window.__twin?.viewRectangle()?.[2] ?? 0), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(HAUTS_DE_FRANCE_BBOX[2] - 0.05);
  expect(foreign).toEqual([]);
});

test('the English switch translates the panel; a missing catalog is said in words', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  const switchButton = page.getByRole('button', { name: 'English' });
  await expect(page.getByRole('checkbox', { name: TITLES.ortho.fr })).toBeVisible();
  await switchButton.click();
  const panel = page.getByRole('complementary', { name: 'Layer panel' });
  await expect(panel.getByRole('heading', { name: 'Layers' })).toBeVisible();
  await expect(panel.getByRole('checkbox', { name: TITLES.ortho.en })).toBeVisible();
  await expect(panel.getByText('Orthoimagery · vintage 2021')).toBeVisible();
  await expect(panel.getByText('Display coming soon')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await saveScreenshot(page, testInfo, 'english');
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { name: 'Couches' })).toBeVisible();

  await page.goto('/?catalog=/twin/absent.json');
  await expect(page.getByRole('alert')).toContainText('Aucun catalogue trouvé à /twin/absent.json');
  await expect(page.getByRole('alert')).toContainText('Le globe reste utilisable.');
  await expect(page.locator('.cesium-widget canvas')).toBeVisible();
});
