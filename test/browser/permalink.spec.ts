/**
 * Permalinks against the synthetic twin: a link reproduces the view; fuzzed and hostile links
 * fall back to defaults with a notice, never a blank page nor a script run.
 */

import { expect, type Page, test } from '@playwright/test';
import fc from 'fast-check';
import sharp from 'sharp';
import type {} from '../../src/cesium/pick-outline';
import type {} from '../../src/cesium/scenario-volumes';
import { COMPARE_CATALOG, writeE2eCompare } from './fixtures';
import { SCENARIO_PATH } from './fixtures-scenario';
import { quadrantCentre } from './fixtures-vector';
import { saveScreenshot, waitForGlobe } from './helpers';

declare global {
  interface Window {
    __pwned?: number;
  }
}

test.beforeAll(async () => {
  await writeE2eCompare();
});

const START = `/?catalog=/twin/${COMPARE_CATALOG}`;

async function canvasPixels(page: Page) {
  await page.evaluate(() => window.__twin?.requestRender());
  await waitForGlobe(page);
  const png = await page.locator('.cesium-widget canvas').screenshot();
  return sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

/** The URL once the permalink stopped changing (the writer waits for the view to settle). */
async function settledUrl(page: Page): Promise<string> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = page.url();
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBe(true);
  return last;
}

test('a permalink reproduces the view: camera, layers, compare vintages and divider', async ({
  page,
  context,
}, testInfo) => {
  await page.goto(START);
  await waitForGlobe(page);
  await page.getByRole('checkbox', { name: 'Comparer deux millésimes' }).check();
  const slider = page.getByRole('slider', { name: 'Séparateur avant/après' });
  await slider.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '30');
  // Move the camera: zoom in over the globe.
  const globe = await page.locator('.cesium-widget canvas').boundingBox();
  if (!globe) throw new Error('no globe on the page');
  await page.mouse.move(globe.x + globe.width / 2, globe.y + globe.height / 2);
  await page.mouse.wheel(0, -300);
  await waitForGlobe(page);
  const url = await settledUrl(page);
  expect(url).toContain('cmp=2021,2024,0.3');
  expect(url).toMatch(/cam=3\.1\d+,50\.6\d+,/);
  expect(url).toContain('l=ortho-2024,1,100~ortho-2021,1,100');
  // Overlays that only the source page has: the divider's focus ring and the cursor readout.
  await page.mouse.move(5, 5);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const before = await canvasPixels(page);
  await saveScreenshot(page, testInfo, 'permalink-source');

  const other = await context.newPage();
  await other.goto(url);
  await waitForGlobe(other);
  await expect(other.getByRole('slider', { name: 'Séparateur avant/après' })).toHaveAttribute(
    'aria-valuenow',
    '30',
  );
  await expect(other.getByRole('checkbox', { name: 'Comparer deux millésimes' })).toBeChecked();
  const after = await canvasPixels(other);
  await saveScreenshot(other, testInfo, 'permalink-opened');
  expect(after.info.width).toBe(before.info.width);
  expect(after.info.height).toBe(before.info.height);
  let differing = 0;
  for (let i = 0; i < before.data.length; i += 3) {
    const d =
      Math.abs((before.data[i] ?? 0) - (after.data[i] ?? 0)) +
      Math.abs((before.data[i + 1] ?? 0) - (after.data[i + 1] ?? 0)) +
      Math.abs((before.data[i + 2] ?? 0) - (after.data[i + 2] ?? 0));
    if (d > 48) differing++;
  }
  const share = differing / (before.data.length / 3);
  console.log(`permalink round trip: ${(share * 100).toFixed(2)} % of pixels differ`);
  expect(share).toBeLessThan(0.02);
});

const HOSTILE = [
  '#nom=<img src=x onerror="window.__pwned=1">',
  '#l=<script>window.__pwned=1</script>,1,100',
  '#cam=javascript:window.__pwned=1',
  '#cam=1e999,50,1,0,0,0&v=99999&cmp=NaN,Infinity,-1',
  `#l=${'a,1,1~'.repeat(900)}`,
  '#%E0%A4%A',
  '#cmp=2021,2024,0.5&cmp=<b>x</b>',
  '#__proto__=1&constructor=2&l=__proto__,1,100',
];

test('fuzzed and hostile links never break the page and never run script', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // Opened directly: a notice names the bad parameters, the globe still draws.
  await page.goto(`${START}#cam=abc&nom=<img src=x onerror="window.__pwned=1">&cmp=2021,2024,0.25`);
  await waitForGlobe(page);
  await expect(page.getByRole('alert').filter({ hasText: 'valeurs invalides (cam, nom)' })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Séparateur avant/après' })).toHaveAttribute(
    'aria-valuenow',
    '25',
  );
  await saveScreenshot(page, testInfo, 'permalink-hostile');
  // The notice sits over the globe (a click reaches it) and can be dismissed.
  await page.getByRole('button', { name: 'Fermer' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'valeurs invalides' })).toBeHidden();

  // Then many more, through the fragment (hashchange): random text, hostile strings, mutated links.
  const valid =
    'cam=3.14,50.615,1500,0,-90,0&l=ortho-2024,1,80~ortho-2021,1,100&v=2021&cmp=2021,2024,0.4&nom=p4';
  const mutated = fc
    .tuple(fc.nat(valid.length - 1), fc.string({ minLength: 1, maxLength: 4 }))
    .map(([at, s]) => `#${valid.slice(0, at)}${s}${valid.slice(at + 1)}`);
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ maxLength: 200 }).map((s) => `#${s}`),
        fc.constantFrom(...HOSTILE),
        mutated,
      ),
      async (hash) => {
        await page.evaluate((h) => {
          window.location.hash = h;
        }, hash);
        await expect(
          page.getByRole('heading', { name: 'Jumeau numérique des Hauts-de-France' }),
        ).toBeVisible();
      },
    ),
    { numRuns: 40, seed: 7 },
  );
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
  expect(await page.locator('img[src="x"], script:not([src]):not([type])').count()).toBe(0);
  await page.evaluate(() => window.__twin?.requestRender());
  await waitForGlobe(page);
  expect(await page.evaluate(() => window.__twin?.imageryLayerCount() ?? 0)).toBeGreaterThan(1);
});

test('a permalink restores the territory, the picked feature and a served scenario', async ({
  page,
}, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const [lon, lat] = quadrantCentre(-1, 1).map((v) => v.toFixed(6));
  await page.goto(
    `/?catalog=/twin/ocs2d-catalog.json#cam=3.14,50.608,900,0,-45,0&terr=commune:59009&sel=ocs2d-2021,${lon},${lat}&scn=${SCENARIO_PATH}`,
  );
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  await expect(panel.getByText("Territoire choisi : Villeneuve-d'Ascq")).toBeVisible();
  // The re-picked feature's card, over the map, and its outline.
  await expect(page.getByRole('dialog', { name: 'Objet sélectionné' })).toContainText('bati-nw');
  await page.waitForFunction(() => (window.__twinPickOutline?.lineCount() ?? 0) > 0, null, {
    timeout: 60_000,
  });
  await expect(panel.getByTestId('scenario-loaded')).toContainText('projet-test.geojson : 1 bâtiment');
  await expect(panel.getByTestId('scenario-naf')).toHaveText('3,00 ha');
  // 3 ha of the region's 7,410 ha envelope (the commune has none of its own): 0.04 %.
  await expect(panel.getByTestId('scenario-sraddet')).toContainText(
    /0,04 % de l’enveloppe SRADDET de 7\s410,00 ha \(Hauts-de-France, territoire parent\)/,
  );
  expect(await page.evaluate(() => window.__twinScenario?.volumes())).toBe(1);
  await expect(page.getByRole('alert').filter({ hasText: 'lien' })).toHaveCount(0);
  // The link written back carries the three (the camera stayed the link's: no framing flight).
  const url = decodeURIComponent(await settledUrl(page));
  expect(url).toContain('terr=commune:59009');
  expect(url).toContain(`sel=ocs2d-2021,${Number(lon)},${Number(lat)}`);
  expect(url).toContain(`scn=${SCENARIO_PATH}`);
  expect(url).toContain('cam=3.14,50.608,');
  await saveScreenshot(page, testInfo, 'permalink-territory-scenario');
  expect(errors).toEqual([]);
});
