/**
 * Vintage control, compare swipe and PNG export against the synthetic twin: ortho 2021
 * (orange/teal/purple checkerboard) and ortho 2024 (plain green), see fixtures.ts.
 * Few tests, each loading the page once: software WebGL renders a few frames per second.
 */
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { placePicture, sheetLayout } from '../../src/features/export/compose-export';
import { COMPARE_CATALOG, writeE2eCompare } from './fixtures';
import { e2eStats } from './fixtures-stats';
import { canvasPixels, changedShare, saveScreenshot, waitForGlobe } from './helpers';

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

/** Share of green (2024) pixels in the left and right halves of a PNG (4 px off the divider). */
async function halvesGreenShare(png: Buffer): Promise<{ left: number; right: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const count = { left: [0, 0], right: [0, 0] };
  for (let y = 0; y < info.height; y += 2)
    for (let x = 0; x < info.width; x += 2) {
      if (Math.abs(x - info.width / 2) < 4) continue;
      const i = (y * info.width + x) * 3;
      const side = x < info.width / 2 ? count.left : count.right;
      side[1] = (side[1] ?? 0) + 1;
      if (isGreen([data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0])) side[0] = (side[0] ?? 0) + 1;
    }
  const share = ([g, n]: number[]) => (g ?? 0) / Math.max(1, n ?? 0);
  return { left: share(count.left), right: share(count.right) };
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
  // The catalog says ortho 2024 visible and ortho 2021 not (as the demo's did): the orthophoto
  // is one series, visible, drawn at the latest vintage by default.
  await page.goto(`/?catalog=/twin/${COMPARE_CATALOG}`);
  await waitForGlobe(page);
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  const orthoRow = panel.getByRole('listitem').filter({ hasText: 'Millésimes : 2021, 2024' });
  await expect(orthoRow).toHaveCount(1);
  await expect(orthoRow.getByRole('checkbox', { name: 'Orthophotographie' })).toBeChecked();
  await expect(orthoRow).toContainText('2024 affiché');
  const select = page.getByRole('combobox', { name: 'Millésime affiché' });
  await expect(select).toHaveValue('2024');
  await expect.poll(() => greenSides(page), POLL).toEqual([true, true]);
  const at2024 = await canvasPixels(page);

  // Choosing 2021 draws the 2021 orthophoto (it was unticked in the catalog): the picture changes.
  await select.selectOption('2021');
  await expect.poll(() => greenSides(page), POLL).toEqual([false, false]);
  await expect(orthoRow).toContainText('2021 affiché');
  const at2021 = await canvasPixels(page);
  expect(changedShare(at2024, at2021), 'share of pixels changed by choosing 2021').toBeGreaterThan(0.3);
  await saveScreenshot(page, testInfo, 'vintage-2021');
  await select.selectOption('2024');
  await expect.poll(() => greenSides(page), POLL).toEqual([true, true]);
  // The OCS2D has no 2024: said once, and the availability grid has one row per series.
  await expect(
    page.getByText('Occupation du sol 2021\u00a0: pas de 2024, 2021 affiché à la place'),
  ).toHaveCount(1);
  const grid = page.getByRole('table', { name: 'Données disponibles par couche et millésime' });
  await expect(grid.getByRole('row')).toHaveCount(3);
  await expect(grid.getByRole('row', { name: /Orthophotographie/ })).toContainText('disponible');
  // Unticking the series hides it whatever the vintage.
  await orthoRow.getByRole('checkbox', { name: 'Orthophotographie' }).uncheck();
  await expect.poll(() => greenSides(page), POLL).toEqual([false, false]);
  await saveScreenshot(page, testInfo, 'vintage-2024');
});

test('dragging the divider (mouse, touch, keys) changes which vintage shows on each side', async ({
  page,
}, testInfo) => {
  await openCompare(page);
  await expect(page.getByText('Millésime 2021', { exact: true })).toBeVisible();
  await expect(page.getByText('Millésime 2024', { exact: true })).toBeVisible();
  // Before (2021) left, after (2024) right of the divider in the middle, though only ortho 2024
  // was ticked in the catalog: each half draws the series at its own vintage.
  await expect.poll(() => greenSides(page), POLL).toEqual([false, true]);
  await expect(page.getByRole('listitem').filter({ hasText: '2021 à gauche, 2024 à droite' })).toHaveCount(1);
  // Each half as a whole: the left one differs from the 2024 picture, the right one does not.
  const png = await page.locator('.cesium-widget canvas').screenshot();
  const halves = await halvesGreenShare(png);
  console.log(`green share: left ${halves.left.toFixed(3)}, right ${halves.right.toFixed(3)}`);
  expect(halves.left, 'green share of the left (2021) half').toBeLessThan(0.02);
  expect(halves.right, 'green share of the right (2024) half').toBeGreaterThan(0.2);
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

test('opening a detection in the review shows its before picture left and its after picture right', async ({
  page,
}, testInfo) => {
  await page.goto(`/?catalog=/twin/${COMPARE_CATALOG}`);
  await waitForGlobe(page);
  // Even with the orthophoto unticked: the review's before/after is the orthophoto's.
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  await panel.getByRole('checkbox', { name: 'Orthophotographie' }).uncheck();
  const review = page.getByRole('region', { name: 'Revue des détections' });
  await review.getByRole('button', { name: 'Commencer la revue (J)' }).click();
  await expect(review).toContainText('Détection chg-e2e-1');
  // The detection's dates (2021-05-12 → 2024-06-06) choose the sides.
  await expect(page.getByText('Millésime 2021', { exact: true })).toBeVisible();
  await expect(page.getByText('Millésime 2024', { exact: true })).toBeVisible();
  await expect(panel.getByRole('checkbox', { name: 'Orthophotographie' })).toBeChecked();
  await expect.poll(() => greenSides(page), POLL).toEqual([false, true]);
  const halves = await halvesGreenShare(await page.locator('.cesium-widget canvas').screenshot());
  expect(halves.left, 'green share of the before (2021) half').toBeLessThan(0.02);
  expect(halves.right, 'green share of the after (2024) half').toBeGreaterThan(0.5);
  await saveScreenshot(page, testInfo, 'review-before-after');
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
    // The picture fills its frame (cropped a little) or is fitted whole: sample its middle row
    // on each side of the divider.
    // This catalog has no stats and no vector layer: no column, the picture takes the body.
    const { map } = sheetLayout(size.width, size.height, { column: false });
    const { dest } = placePicture(globe.width, globe.height, map);
    const box = { x: dest.x, y: dest.y, w: dest.width, h: dest.height };
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
  const ha = (v: number) =>
    `${(Math.round(v * 100) / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}\u00a0ha`;
  expect(consumed).toBeGreaterThan(0);

  await page.goto('/?catalog=/twin/territory-catalog.json');
  await waitForGlobe(page);
  await page.getByRole('checkbox', { name: 'Comparer deux millésimes' }).check();
  const figures = page.getByTestId('compare-figures');
  await expect(figures.getByTestId('figure-consumed')).toContainText(ha(consumed));
  await expect(figures.getByTestId('figure-consumed')).toContainText('Espaces NAF consommés 2021 → 2024');
  // The share of the region's envelope (7,410 ha), the only target of this catalog.
  const pct = ((100 * consumed) / 7410).toLocaleString('fr-FR', { maximumSignificantDigits: 2 });
  await expect(figures.getByTestId('figure-sraddet')).toContainText(`${pct}\u00a0%`);
  await expect(figures.getByTestId('figure-sraddet')).toContainText('territoire parent');
  await expect(figures.getByRole('term').nth(2)).toHaveText('Espaces NAF en 2021');
  await expect(figures.getByRole('definition').nth(2)).toHaveText(ha(naf2021));
  await expect(figures.getByRole('definition').nth(3)).toHaveText(ha(naf2024));
  // No territory chosen: the figures say which area they are for.
  await expect(figures).toContainText('Aucun territoire choisi');
  // Swapping the sides swaps the NAF figures (they follow the comparison), not the consumption.
  await page.getByRole('combobox', { name: 'Avant (à gauche)' }).selectOption('2024');
  await page.getByRole('combobox', { name: 'Après (à droite)' }).selectOption('2021');
  await expect(figures.getByRole('term').nth(2)).toHaveText('Espaces NAF en 2024');
  await expect(figures.getByRole('definition').nth(2)).toHaveText(ha(naf2024));
  await expect(figures.getByTestId('figure-consumed')).toContainText(ha(consumed));

  await page.getByRole('button', { name: 'Mode conseil (plein écran)' }).click();
  const council = page.getByRole('region', { name: 'Mode conseil' });
  await expect(council).toBeVisible();
  await expect(council).toContainText('2024 → 2021');
  // The big numbers: consumption and the envelope's share, in large type, and the 4 classes.
  const big = council.getByTestId('figure-consumed').locator('.key-figures__number');
  await expect(big).toHaveText(ha(consumed));
  expect(await big.evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(
    26,
  );
  await expect(council.getByTestId('figure-sraddet')).toContainText(`${pct}\u00a0%`);
  await expect(
    council.getByRole('table', { name: 'Surfaces par grande classe (4 postes)' }).getByRole('row'),
  ).toHaveCount(5);
  await expect(page.getByRole('complementary')).toBeHidden();
  await saveScreenshot(page, testInfo, 'council-mode');
  await page.keyboard.press('Escape');
  await expect(council).toBeHidden();
  await expect(page.getByRole('complementary')).toBeVisible();
});
