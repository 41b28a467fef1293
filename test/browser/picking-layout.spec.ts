/**
 * Picking you can see, and the layout on a desktop and a phone, on the OCS2D fixture twin
 * (fixtures-vector.ts, made by the real `tiling vector` code): a click outlines the polygon on
 * the map (pixels change along it) and opens a card over the map, away from the polygon, that
 * takes focus and closes with Esc; the side panel collapses (the canvas takes the page); on a
 * 390×844 phone the map has at least half the screen and the bottom sheet opens, grows, shrinks
 * and collapses with its buttons, the arrow keys and a drag.
 */
import { expect, type Locator, type Page, type TestInfo, test } from '@playwright/test';
import type {} from '../../src/cesium/pick-outline';
import type {} from '../../src/cesium/vector-layers';
import { quadrantCentre, VECTOR_TITLES } from './fixtures-vector';
import { canvasPixels, saveScreenshot, settle, waitForGlobe } from './helpers';

type Box = { x: number; y: number; width: number; height: number };

/** The canvas position (CSS px from the page's top-left) where a point is drawn. */
async function pagePointOf(page: Page, lonLat: readonly [number, number]): Promise<[number, number]> {
  const p = await page.evaluate(([lon, lat]) => window.__twinVector?.canvasPointOf(lon, lat) ?? null, lonLat);
  const box = await page.locator('.cesium-widget canvas').boundingBox();
  if (!p || !box) throw new Error('the point is not on the canvas');
  return [box.x + p[0], box.y + p[1]];
}

/** Share of canvas pixels that changed by more than 24 levels, leaving out `skip` (page px). */
function changedOutside(a: Buffer, b: Buffer, canvas: Box, skip: Box | null): number {
  const w = Math.round(canvas.width);
  const h = a.length / 3 / w;
  let changed = 0;
  let counted = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const px = canvas.x + x;
      const py = canvas.y + y;
      if (skip && px >= skip.x && px <= skip.x + skip.width && py >= skip.y && py <= skip.y + skip.height)
        continue;
      const i = (y * w + x) * 3;
      counted++;
      const d = Math.max(
        Math.abs((a[i] as number) - (b[i] as number)),
        Math.abs((a[i + 1] as number) - (b[i + 1] as number)),
        Math.abs((a[i + 2] as number) - (b[i + 2] as number)),
      );
      if (d > 24) changed++;
    }
  return changed / counted;
}

/** `b` grown by `px` on every side (the card's focus ring and shadow). */
const around = (b: Box, px: number): Box => ({
  x: b.x - px,
  y: b.y - px,
  width: b.width + 2 * px,
  height: b.height + 2 * px,
});

const inside = (outer: Box, inner: Box) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;

/**
 * Clicks the NW polygon and checks what a user sees: the card over the map, clear of the click,
 * focused; the outline drawn; Esc closes both. Returns the card.
 */
async function pickAndClose(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  const canvas = page.locator('.cesium-widget canvas');
  await waitForGlobe(page);
  await settle(page);
  const canvasBox = (await canvas.boundingBox()) as Box;
  // The pointer over the click point first: the coordinates box shows that point throughout.
  const click = await pagePointOf(page, quadrantCentre(-1, 1));
  await page.mouse.move(click[0], click[1]);
  await settle(page);
  const before = await canvasPixels(page);

  await page.mouse.click(click[0], click[1]);
  const card: Locator = page.getByRole('dialog', { name: 'Objet sélectionné' });
  await expect(card).toContainText('CS1.1.1 — Surfaces bâties');
  await expect(card).toBeFocused();
  // Over the map, inside the window, and not over the point that was clicked.
  const cardBox = (await card.boundingBox()) as Box;
  expect(inside(canvasBox, cardBox), 'the card lies over the map').toBe(true);
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  expect(inside({ x: 0, y: 0, ...viewport }, cardBox), 'the card is in the window').toBe(true);
  const overClick =
    click[0] >= cardBox.x &&
    click[0] <= cardBox.x + cardBox.width &&
    click[1] >= cardBox.y &&
    click[1] <= cardBox.y + cardBox.height;
  expect(overClick, 'the card leaves the clicked polygon in sight').toBe(false);

  // The outline: pixels along the polygon's edges change (the card's own pixels left out).
  await page.waitForFunction(() => (window.__twinPickOutline?.lineCount() ?? 0) > 0, null, {
    timeout: 60_000,
  });
  // Ground polylines are built in a worker: the outline appears within a few frames.
  await expect
    .poll(
      async () => {
        await settle(page);
        return changedOutside(before, await canvasPixels(page), canvasBox, around(cardBox, 8));
      },
      { message: 'pixels of the outline' },
    )
    .toBeGreaterThan(0.002);
  await saveScreenshot(page, testInfo, `${name}-picked`);

  // Tab stays in the card (its close button), Esc closes it and takes the outline away.
  await page.keyboard.press('Tab');
  await expect(card.getByRole('button', { name: 'Fermer la fiche' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(card).toBeHidden();
  await expect.poll(() => page.evaluate(() => window.__twinPickOutline?.lineCount())).toBe(0);
  await settle(page);
  expect(changedOutside(before, await canvasPixels(page), canvasBox, null), 'outline gone').toBeLessThan(
    0.001,
  );
}

test.describe('desktop 1280×800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });
  test('a click outlines the polygon and opens a card over the map; the panel collapses', async ({
    page,
  }, testInfo) => {
    const uncaught: string[] = [];
    page.on('pageerror', (e) => uncaught.push(e.message));
    await page.goto('/?catalog=/twin/ocs2d-catalog.json');
    const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
    await expect(panel.getByRole('checkbox', { name: VECTOR_TITLES.ocs2d })).toBeEnabled();
    await pickAndClose(page, 'desktop', testInfo);

    // Hiding the panel gives its width to the map; the canvas follows.
    const canvas = page.locator('.cesium-widget canvas');
    const narrow = (await canvas.boundingBox())?.width ?? 0;
    await page.getByRole('button', { name: 'Masquer le panneau' }).click();
    await expect(panel).toBeHidden();
    await expect.poll(async () => (await canvas.boundingBox())?.width).toBe(1280);
    await expect
      .poll(() =>
        page.evaluate(() => document.querySelector<HTMLCanvasElement>('.cesium-widget canvas')?.width),
      )
      .toBeGreaterThanOrEqual(1280);
    await saveScreenshot(page, testInfo, 'desktop-collapsed');
    await page.getByRole('button', { name: 'Afficher le panneau' }).click();
    await expect(panel).toBeVisible();
    await expect.poll(async () => (await canvas.boundingBox())?.width).toBe(narrow);
    expect(uncaught).toEqual([]);
  });
});

test.describe('phone 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('the map has half the screen, the sheet opens and closes, picking works', async ({
    page,
  }, testInfo) => {
    const uncaught: string[] = [];
    page.on('pageerror', (e) => uncaught.push(e.message));
    await page.goto('/?catalog=/twin/ocs2d-catalog.json');
    const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
    const canvas = page.locator('.cesium-widget canvas');
    const height = async () => (await canvas.boundingBox())?.height ?? 0;
    await expect(panel.getByRole('checkbox', { name: VECTOR_TITLES.ocs2d })).toBeEnabled();
    expect(await height(), 'map height by default').toBeGreaterThanOrEqual(844 / 2);
    expect((await canvas.boundingBox())?.width).toBe(390);
    await saveScreenshot(page, testInfo, 'phone-default');

    // Collapse: the map takes the screen but the handle; what the sheet held is out of reach.
    await panel.getByRole('button', { name: 'Réduire le panneau' }).click();
    await expect(panel.getByRole('checkbox', { name: VECTOR_TITLES.ocs2d })).toBeHidden();
    await expect.poll(height).toBeGreaterThan(844 - 80);
    const open = panel.getByRole('button', { name: 'Ouvrir le panneau' });
    await expect(open).toHaveAttribute('aria-expanded', 'false');
    // The arrow keys on the handle: up opens, up again enlarges, down shrinks.
    await open.focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(height).toBeGreaterThanOrEqual(844 / 2);
    await page.keyboard.press('ArrowUp');
    await expect.poll(height).toBeLessThan(844 / 4);
    await expect(panel.getByRole('button', { name: 'Rétrécir le panneau' })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect.poll(height).toBeGreaterThanOrEqual(844 / 2);
    // A finger dragging the handle upwards enlarges the sheet, downwards shrinks it (real touch
    // events, beside the handle's buttons).
    const grip = (await panel.locator('.sheet-handle').boundingBox()) as Box;
    const [gx, gy] = [grip.x + 16, grip.y + grip.height / 2];
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y = 0) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: gx, y }] });
    await touch('touchStart', gy);
    for (let k = 1; k <= 10; k++) await touch('touchMove', gy - k * 35);
    await touch('touchEnd');
    await expect.poll(height).toBeLessThan(844 / 4);
    const top = (await panel.locator('.sheet-handle').boundingBox()) as Box;
    await touch('touchStart', top.y + top.height / 2);
    for (let k = 1; k <= 10; k++) await touch('touchMove', top.y + top.height / 2 + k * 33);
    await touch('touchEnd');
    await expect.poll(height).toBeGreaterThanOrEqual(844 / 2);
    await expect(panel.getByRole('button', { name: 'Agrandir le panneau' })).toBeVisible();

    await pickAndClose(page, 'phone', testInfo);
    expect(uncaught).toEqual([]);
  });
});
