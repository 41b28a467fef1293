/**
 * Figures in front of officials, the export sheet, and English (issue 13, items 2 and 8): council
 * mode's big numbers match the stats file, the A4 sheet carries the figures, a swatch for every
 * class drawn (21 classes, both years) and no black edge, and the English switch changes catalog
 * titles, legend labels, statuses already shown, and is kept in the link.
 * At 1280 × 800 and 390 × 844; screenshots saved.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { PRINT_SIZES, sheetLayout } from '../../src/features/export/compose-export';
import { E2E_TWIN_DIR } from './fixtures';
import { e2eStats } from './fixtures-stats';
import { saveScreenshot, waitForGlobe } from './helpers';

const SCREENS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const haFr = (v: number) =>
  `${(Math.round(v * 100) / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}\u00a0ha`;

/** Hectares consumed (NAF → non-NAF) 2021 → 2024 over every commune of the stats file. */
async function consumedHa(): Promise<number> {
  const stats = await e2eStats();
  let consumed = 0;
  for (const c of Object.values(stats.communes))
    for (const v of Object.values(c.consumption['2021-2024'] ?? {})) consumed += v;
  return consumed;
}

/** Classes of a vector layer's legend group, as the pipeline wrote them (code -> colour). */
async function legendOf(path: string, group: string): Promise<Map<string, string>> {
  const meta = JSON.parse(await readFile(join(E2E_TWIN_DIR, path, 'metadata.json'), 'utf8')) as {
    legend: Record<string, { code: string; colour: string }[]>;
  };
  return new Map((meta.legend[group] ?? []).map((c) => [c.code, c.colour]));
}

/** Pixels of `hex` (± 3 per channel) in a rectangle of raw RGB pixels. */
function countColour(
  img: { data: Buffer; width: number },
  hex: string,
  r: { x: number; y: number; width: number; height: number },
): number {
  const [cr, cg, cb] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  let n = 0;
  for (let y = Math.round(r.y); y < Math.round(r.y + r.height); y++)
    for (let x = Math.round(r.x); x < Math.round(r.x + r.width); x++) {
      const i = (y * img.width + x) * 3;
      if (
        Math.abs((img.data[i] as number) - cr) <= 3 &&
        Math.abs((img.data[i + 1] as number) - cg) <= 3 &&
        Math.abs((img.data[i + 2] as number) - cb) <= 3
      )
        n++;
    }
  return n;
}

/** Share of near-black pixels in a strip. */
function blackShare(
  img: { data: Buffer; width: number },
  r: { x: number; y: number; width: number; height: number },
): number {
  let black = 0;
  let all = 0;
  for (let y = Math.round(r.y); y < Math.round(r.y + r.height); y++)
    for (let x = Math.round(r.x); x < Math.round(r.x + r.width); x++) {
      const i = (y * img.width + x) * 3;
      all++;
      if (
        (img.data[i] as number) < 16 &&
        (img.data[i + 1] as number) < 16 &&
        (img.data[i + 2] as number) < 16
      )
        black++;
    }
  return black / Math.max(1, all);
}

/** Scrolls the side panel to a control (the phone's panel may be a sheet) and returns it. */
async function reach<T extends ReturnType<Page['getByRole']>>(control: T): Promise<T> {
  await control.scrollIntoViewIfNeeded();
  return control;
}

for (const screen of SCREENS) {
  test.describe(`${screen.name} ${screen.width}×${screen.height}`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } });

    test('council mode shows the territory’s big numbers, legible, from the stats file', async ({
      page,
    }, testInfo) => {
      const consumed = await consumedHa();
      expect(consumed).toBeGreaterThan(0);
      await page.goto('/?catalog=/twin/territory-catalog.json');
      await waitForGlobe(page);
      const open = await reach(page.getByRole('button', { name: 'Mode conseil (plein écran)' }));
      await open.click();
      const council = page.getByRole('region', { name: 'Mode conseil' });
      await expect(council).toBeVisible();
      await expect(council.getByTestId('council-scope')).toContainText('Zone couverte par les données');
      await expect(council.getByTestId('council-scope')).toContainText('2021 → 2024');
      const big = council.getByTestId('figure-consumed').locator('.key-figures__number');
      await expect(big).toHaveText(haFr(consumed));
      await expect(big).toBeInViewport();
      const px = await big.evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
      expect(px, 'the consumed hectares in large type').toBeGreaterThanOrEqual(
        screen.name === 'phone' ? 24 : 40,
      );
      const pct = ((100 * consumed) / 7410).toLocaleString('fr-FR', { maximumSignificantDigits: 2 });
      await expect(council.getByTestId('figure-sraddet')).toContainText(`${pct}\u00a0%`);
      const classes = council.getByRole('table', { name: 'Surfaces par grande classe (4 postes)' });
      await expect(classes.getByRole('row')).toHaveCount(5);
      await expect(classes).toContainText('Espaces Agricoles');
      // The globe keeps most of the screen: the band covers at most ~70 % of it.
      const band = await council.boundingBox();
      expect(band?.height ?? 0).toBeLessThanOrEqual(screen.height * 0.72);
      await saveScreenshot(page, testInfo, `council-${screen.name}`);
      await page.keyboard.press('Escape');
      await expect(council).toBeHidden();
    });

    test('the A4 sheet carries the figures, a swatch for every class drawn, and no black edge', async ({
      page,
    }, testInfo) => {
      await page.goto('/?catalog=/twin/territory-catalog.json');
      await waitForGlobe(page);
      // 21 classes, both years compared: the legend merges the two layers' classes.
      const nomenclature = await reach(page.getByRole('combobox', { name: 'Nomenclature' }).first());
      await nomenclature.selectOption('p21');
      const compare = await reach(page.getByRole('checkbox', { name: 'Comparer deux millésimes' }));
      await compare.check();
      await waitForGlobe(page);
      const exportBox = await reach(page.getByRole('group', { name: 'Exporter la vue (PNG)' }));
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 150_000 }),
        exportBox.getByRole('button', { name: 'A4' }).click({ noWaitAfter: true }),
      ]);
      const path = testInfo.outputPath(`export-a4-${screen.name}.png`);
      await download.saveAs(path);
      await testInfo.attach(`export-a4-${screen.name}`, { path, contentType: 'image/png' });
      await expect(exportBox.getByRole('status')).toContainText('1754\u00a0×\u00a01240');
      const raw = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([raw.info.width, raw.info.height]).toEqual([PRINT_SIZES.a4.width, PRINT_SIZES.a4.height]);
      const img = { data: raw.data, width: raw.info.width };
      const { map, side, header } = sheetLayout(PRINT_SIZES.a4.width, PRINT_SIZES.a4.height);
      // Edges of the sheet and of the picture's frame: never a black bar.
      const strips = {
        sheetLeft: { x: 0, y: 0, width: 8, height: raw.info.height },
        sheetRight: { x: raw.info.width - 8, y: 0, width: 8, height: raw.info.height },
        sheetTop: { x: 0, y: 0, width: raw.info.width, height: 8 },
        sheetBottom: { x: 0, y: raw.info.height - 8, width: raw.info.width, height: 8 },
        frameLeft: { x: map.x + 2, y: map.y, width: 8, height: map.height },
        frameRight: { x: map.x + map.width - 10, y: map.y, width: 8, height: map.height },
        frameTop: { x: map.x, y: map.y + 2, width: map.width, height: 8 },
        frameBottom: { x: map.x, y: map.y + map.height - 10, width: map.width, height: 8 },
      };
      for (const [name, r] of Object.entries(strips))
        expect(blackShare(img, r), `black pixels along ${name}`).toBeLessThan(0.2);
      // Every 21-class class of both OCS2D layers shown has its swatch in the column.
      const classes = new Map([
        ...(await legendOf('2021/ocs2d', 'p21')),
        ...(await legendOf('territory/ocs2d-2024', 'p21')),
      ]);
      // The fixtures have 4 (the demo twin's 9 CS classes are the official journey's check).
      expect(classes.size).toBeGreaterThanOrEqual(4);
      const missing = [...classes].filter(([, c]) => countColour(img, c, side) < 30).map(([code]) => code);
      expect(missing, `legend swatches missing (of ${classes.size} classes)`).toEqual([]);
      // The 4 classes of the figures have theirs too, and the header is not blank.
      for (const c of ['#da9694', '#ffffcc', '#c4d79b', '#bfbfbf'])
        expect(countColour(img, c, side), `4-class swatch ${c}`).toBeGreaterThan(30);
      const title = await sharp(path)
        .extract({ left: 0, top: 0, width: raw.info.width, height: Math.round(header) })
        .stats();
      expect(Math.max(...title.channels.map((ch) => ch.stdev))).toBeGreaterThan(10);
    });
  });
}

test('English: catalog titles, legend labels and statuses already shown switch, and the link keeps it', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?catalog=/twin/ocs2d-catalog.json');
  await waitForGlobe(page);
  const legend = page.getByRole('list', { name: /Légende/ });
  await expect(legend).toContainText('Terres arables');
  // The change class absent from the data still has its colour, not a black square.
  const swatch = page
    .locator('.ocs2d__class')
    .filter({ hasText: 'Zones artificialisées' })
    .locator('.legend__swatch');
  await expect(swatch).toHaveCSS('background-color', 'rgb(231, 41, 138)');
  // A status shown in French…
  const exportBox = page.getByRole('group', { name: 'Exporter la vue (PNG)' });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    exportBox.getByRole('button', { name: 'Écran', exact: true }).click({ noWaitAfter: true }),
  ]);
  await download.path();
  await expect(exportBox.getByRole('status')).toContainText('enregistrée');

  await page.getByRole('button', { name: 'English' }).click();
  // …is reworded in English, with the legend (CS labels) and the layer titles.
  await expect(page.getByRole('group', { name: 'Export the view (PNG)' }).getByRole('status')).toContainText(
    'pixel image saved',
  );
  await expect(page.getByRole('list', { name: /Legend/ })).toContainText('Arable land');
  await expect(page.getByRole('list', { name: /Legend/ })).not.toContainText('Terres arables');
  await expect(page.locator('.ocs2d__class').filter({ hasText: 'Artificialised areas' })).toHaveCount(1);
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('lang=en');
  await saveScreenshot(page, testInfo, 'english-legend');

  // The link reopens in English, with the catalog's English titles.
  await page.goto('/?catalog=/twin/catalog.json');
  await waitForGlobe(page);
  await expect(page.getByText('Échantillon Villeneuve-d’Ascq (tests)')).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('Villeneuve-d’Ascq sample (tests)')).toBeVisible();
  await expect(page.getByText('Échantillon Villeneuve-d’Ascq (tests)')).toHaveCount(0);
  await expect(page.getByText(/PCRS orthophoto/).first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('lang=en');
  const link = await page.evaluate(() => window.location.href);
  await page.goto('about:blank');
  await page.goto(link);
  await waitForGlobe(page);
  await expect(page.getByText('Villeneuve-d’Ascq sample (tests)')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Back to French: the link drops the language (French is the default), and stays French.
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByText('Échantillon Villeneuve-d’Ascq (tests)')).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('lang=');
});
