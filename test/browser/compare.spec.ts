/**
 * Vintage control, compare swipe and PNG export against the synthetic twin: ortho 2021
 * (orange/teal/purple checkerboard) and ortho 2024 (plain green), see fixtures.ts.
 * Few tests, each loading the page once: software WebGL renders a few frames per second.
 */
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { sheetLayout } from '../../src/features/export/compose-export';
import { COMPARE_CATALOG, writeE2eCompare } from './fixtures';
import { e2eStats } from './fixtures-stats';
import { saveScreenshot, waitForGlobe } from './helpers';

test.beforeAll(async () => {
  await writeE2eCompare();
});

type Rgb = [number, number, number];
/** Tiles of the side that just appeared may take a few frames (software WebGL). */
const POLL = { timeout: 30_000, intervals: [500, 1000, 2000] };
/** The 2024 tiles' green; none of the 2021 colours (nor Natural Earth) comes close. */
const isGreen = ([r, g, b]: Rgb) => g > r + 60 && g > b + 60;

/** Mean colour of a 16 px square centred at (fx, fy), fractions of the image's size. */
async function meanAt(
  png: Buffer,
  fx: number,
  fy: number,
  box?: { x: number; y: number; w: number; h: number },
) {
  const meta = await sharp(png).metadata();
  const b = box ?? { x: 0, y: 0, w: meta.width ?? 0, h: meta.height ?? 0 };
  const left = Math.round(b.x + b.w * fx) - 8;
  const top = Math.round(b.y + b.h * fy) - 8;
  // stats() reads the input image, not the pipeline's output: crop to a buffer first.
  const square = await sharp(png).extract({ left, top, width: 16, height: 16 }).removeAlpha().toBuffer();
  const { channels } = await sharp(square).stats();
  return channels.map((c) => c.mean) as Rgb;
}

/** Whether the globe shows green (2024) at 35 % and at 65 % of its width. */
async function greenSides(page: Page): Promise<[boolean, boolean]> {
  await page.evaluate(() => window.__twin?.requestRender());
  await waitForGlobe(page);
  const png = await page.locator('.cesium-widget canvas').screenshot();
  return [isGreen(await meanAt(png, 0.35, 0.5)), isGreen(await meanAt(png, 0.65, 0.5))];
}

async function openCompare(page: Page) {
  await page.goto(`/?catalog=/twin/${COMPARE_CATALOG}`);
  await waitForGlobe(page);
  await page.getByRole('checkbox', { name: 'Comparer deux millésimes' }).check();
  await expect(page.getByRole('slider', { name: 'Séparateur avant/après' })).toBeVisible();
}

test('one vintage control shows each series at the nearest vintage and says what stands in', async ({
  page,
}, testInfo) => {
  await page.goto(`/?catalog=/twin/${COMPARE_CATALOG}`);
  await waitForGlobe(page);
  const select = page.getByRole('combobox', { name: 'Millésime affiché' });
  await select.selectOption('2021');
  await expect.poll(() => greenSides(page), POLL).toEqual([false, false]);
  await select.selectOption('2024');
  await expect.poll(() => greenSides(page), POLL).toEqual([true, true]);
  // The OCS2D has no 2024: the honest label, and the availability grid.
  await expect(page.getByText('Occupation du sol (OCS2D)\u00a0: 2021 affiché pour 2024')).toBeVisible();
  const grid = page.getByRole('table', { name: 'Données disponibles par couche et millésime' });
  await expect(grid.getByRole('row', { name: /Orthophotographie/ })).toContainText('disponible');
  await saveScreenshot(page, testInfo, 'vintage-2024');
});

test('dragging the divider (mouse, touch, keys) changes which vintage shows on each side', async ({
  page,
}, testInfo) => {
  await openCompare(page);
  await expect(page.getByText('Millésime 2021', { exact: true })).toBeVisible();
  await expect(page.getByText('Millésime 2024', { exact: true })).toBeVisible();
  // Before (2021) left, after (2024) right of the divider in the middle.
  await expect.poll(() => greenSides(page), POLL).toEqual([false, true]);
  await saveScreenshot(page, testInfo, 'compare-middle');

  // Mouse: drag the divider to 80 % of the globe's width; 65 % is now left of it (2021).
  const slider = page.getByRole('slider', { name: 'Séparateur avant/après' });
  const globe = await page.locator('.cesium-widget canvas').boundingBox();
  const handle = await slider.boundingBox();
  if (!globe || !handle) throw new Error('no globe or divider on the page');
  const y = handle.y + handle.height / 2;
  await page.mouse.move(handle.x + handle.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(globe.x + globe.width * 0.6, y, { steps: 4 });
  await page.mouse.move(globe.x + globe.width * 0.8, y, { steps: 4 });
  await page.mouse.up();
  await expect(slider).toHaveAttribute('aria-valuenow', '80');
  await expect.poll(() => greenSides(page), POLL).toEqual([false, false]);
  await saveScreenshot(page, testInfo, 'compare-dragged-80');

  // Touch: a finger's pointer events move it to 20 %; both samples are now right of it (2024).
  const to = globe.x + globe.width * 0.2;
  const now = (await slider.boundingBox()) ?? handle;
  const from = now.x + now.width / 2;
  await slider.dispatchEvent('pointerdown', {
    pointerId: 7,
    pointerType: 'touch',
    clientX: from,
    clientY: y,
  });
  await slider.dispatchEvent('pointermove', { pointerId: 7, pointerType: 'touch', clientX: to, clientY: y });
  await slider.dispatchEvent('pointerup', { pointerId: 7, pointerType: 'touch', clientX: to, clientY: y });
  await expect(slider).toHaveAttribute('aria-valuenow', '20');
  await expect.poll(() => greenSides(page), POLL).toEqual([true, true]);

  // Keyboard: End puts everything on the left (2021); arrows step 2 %.
  await slider.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuenow', '98');
  await expect.poll(() => greenSides(page), POLL).toEqual([false, false]);
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute(
    'aria-valuetext',
    '2021 à gauche, 2024 à droite, séparateur à 0\u00a0%',
  );
  await expect.poll(() => greenSides(page), POLL).toEqual([true, true]);
});

test('the exported PNG has the asked size and shows both sides of the comparison', async ({
  page,
}, testInfo) => {
  await openCompare(page);
  const globe = await page.locator('.cesium-widget canvas').boundingBox();
  if (!globe) throw new Error('no globe on the page');
  const exports: Record<string, Buffer> = {};
  for (const [button, name] of [
    ['Écran', 'screen'],
    ['A4', 'a4'],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: button, exact: true }).click();
    const file = await download;
    const path = testInfo.outputPath(`export-${name}.png`);
    await file.saveAs(path);
    await testInfo.attach(`export-${name}`, { path, contentType: 'image/png' });
    exports[name] = await sharp(path).png().toBuffer();
    await expect(page.getByRole('status').filter({ hasText: 'enregistrée' })).toBeVisible();
  }
  const expected = {
    screen: { width: Math.round(globe.width), height: Math.round(globe.height) },
    a4: { width: 1754, height: 1240 },
  };
  for (const [name, png] of Object.entries(exports)) {
    const meta = await sharp(png).metadata();
    const size = expected[name as keyof typeof expected];
    expect({ width: meta.width, height: meta.height }).toEqual(size);
    // The picture sits contain-fit in the map area: sample the map's middle row on each side.
    const { map } = sheetLayout(size.width, size.height);
    const k = Math.min(map.width / globe.width, map.height / globe.height);
    const w = globe.width * k;
    const h = globe.height * k;
    const box = { x: map.x + (map.width - w) / 2, y: map.y + (map.height - h) / 2, w, h };
    expect([isGreen(await meanAt(png, 0.35, 0.5, box)), isGreen(await meanAt(png, 0.65, 0.5, box))]).toEqual([
      false,
      true,
    ]);
  }
});

test('the figures follow the compared vintages, and council mode shows them large until Esc', async ({
  page,
}, testInfo) => {
  // Expected hectares straight from the stats file the fixtures wrote (real computeStats).
  const stats = await e2eStats();
  let naf2021 = 0;
  let naf2024 = 0;
  let consumed = 0;
  for (const c of Object.values(stats.communes)) {
    for (const code of ['A', 'F', 'N']) {
      naf2021 += c.surfaces['2021']?.enaf?.[code] ?? 0;
      naf2024 += c.surfaces['2024']?.enaf?.[code] ?? 0;
    }
    for (const v of Object.values(c.consumption['2021-2024'] ?? {})) consumed += v;
  }
  const ha = (v: number) => `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00a0ha`;
  expect(consumed).toBeGreaterThan(0);

  await page.goto('/?catalog=/twin/territory-catalog.json');
  await waitForGlobe(page);
  await page.getByRole('checkbox', { name: 'Comparer deux millésimes' }).check();
  const figures = page.getByRole('region', { name: 'Chiffres de la comparaison' }).first();
  await expect(figures.getByRole('definition').nth(0)).toHaveText(ha(Math.round(naf2021 * 100) / 100));
  await expect(figures.getByRole('definition').nth(1)).toHaveText(ha(Math.round(naf2024 * 100) / 100));
  await expect(figures.getByRole('definition').nth(2)).toHaveText(ha(Math.round(consumed * 100) / 100));
  // Swapping the sides swaps the NAF figures (they follow the comparison).
  await page.getByRole('combobox', { name: 'Avant (à gauche)' }).selectOption('2024');
  await page.getByRole('combobox', { name: 'Après (à droite)' }).selectOption('2021');
  await expect(figures.getByRole('term').nth(0)).toHaveText('Espaces NAF en 2024');
  await expect(figures.getByRole('definition').nth(0)).toHaveText(ha(Math.round(naf2024 * 100) / 100));

  await page.getByRole('button', { name: 'Mode conseil (plein écran)' }).click();
  const council = page.getByRole('region', { name: 'Mode conseil' });
  await expect(council).toBeVisible();
  await expect(council).toContainText('2024 → 2021');
  await expect(page.getByRole('complementary')).toBeHidden();
  await saveScreenshot(page, testInfo, 'council-mode');
  await page.keyboard.press('Escape');
  await expect(council).toBeHidden();
  await expect(page.getByRole('complementary')).toBeVisible();
});
