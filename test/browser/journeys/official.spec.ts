/**
 * The elected official's journey on the demo pipeline's twin, from the default state (issue 13):
 * look at each year, compare 2021 | 2024 (each half shows its own year's imagery), council mode's
 * big numbers, then a PNG export (A4) with a complete legend and no black bars.
 * At 1280 × 800 and 390 × 844.
 */
import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { PRINT_SIZES, sheetLayout } from '../../../src/features/export/compose-export';
import {
  difference,
  expectNoRawErrors,
  expectNothingCut,
  globePicture,
  hectaresIn,
  hexRgb,
  intersect,
  journeyTwin,
  mapPart,
  openTwin,
  type Part,
  type Picture,
  reach,
  SCREENS,
  screenUse,
  settleTwin,
  shot,
  texture,
  twinLegend,
} from './journey-helpers';

/** Parts of the globe left and right of a divider in the middle (labels and divider left out). */
const HALF_LEFT: Part = { x0: 0.05, y0: 0.25, x1: 0.42, y1: 0.9 };
const HALF_RIGHT: Part = { x0: 0.58, y0: 0.25, x1: 0.95, y1: 0.9 };
/** Below this, a part of the globe is a flat colour: no imagery drawn there. */
const MIN_TEXTURE = 8;

async function showYear(page: Page, year: number): Promise<Picture> {
  const select = page.getByRole('combobox', { name: 'Millésime affiché' });
  await reach(page, select);
  await select.selectOption(String(year));
  await page.getByRole('main').scrollIntoViewIfNeeded();
  await settleTwin(page);
  return globePicture(page);
}

/** The share of near-black pixels of the worst row and of the worst column of an image. */
async function blackBars(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const rows = new Float64Array(height);
  const cols = new Float64Array(width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if ((data[i] as number) < 12 && (data[i + 1] as number) < 12 && (data[i + 2] as number) < 12) {
        rows[y] = (rows[y] as number) + 1 / width;
        cols[x] = (cols[x] as number) + 1 / height;
      }
    }
  return { row: Math.max(...rows), column: Math.max(...cols) };
}

for (const screen of SCREENS) {
  test.describe(`${screen.name} ${screen.viewport.width}×${screen.viewport.height}`, () => {
    test.use(screenUse(screen));

    test(`official (${screen.name}): compare 2021 | 2024, council figures, A4 export with its legend`, async ({
      page,
    }) => {
      const { sample } = journeyTwin();
      const [a, b] = [sample.vintages[0] as number, sample.vintages[sample.vintages.length - 1] as number];
      await openTwin(page);
      await shot(page, screen, 'official-1-default');

      // Each year alone, as the vintage control shows it: the references of the halves below.
      const yearA = await showYear(page, a);
      await shot(page, screen, `official-2-${a}`);
      const yearB = await showYear(page, b);
      await shot(page, screen, `official-3-${b}`);
      const seenRefs = await mapPart(page);
      const refLeft = intersect(HALF_LEFT, seenRefs);
      const refRight = intersect(HALF_RIGHT, seenRefs);
      for (const [name, p] of [
        [a, yearA],
        [b, yearB],
      ] as const) {
        expect(texture(p, refLeft), `${name} left: imagery, not a flat colour`).toBeGreaterThan(MIN_TEXTURE);
        expect(texture(p, refRight), `${name} right: imagery, not a flat colour`).toBeGreaterThan(
          MIN_TEXTURE,
        );
      }
      // The two flights differ (crops, light, new buildings): otherwise nothing below would tell.
      expect(difference(yearA, yearB, refLeft), `${a} and ${b} differ on the left`).toBeGreaterThan(4);
      expect(difference(yearA, yearB, refRight), `${a} and ${b} differ on the right`).toBeGreaterThan(4);

      // The availability grid: one row per series, each named once.
      const grid = page.getByRole('table', { name: 'Données disponibles par couche et millésime' });
      const rows = await grid.locator('tbody th[scope="row"]').allTextContents();
      expect(rows.length, 'series in the availability grid').toBeGreaterThan(0);
      expect(
        rows.filter((r, i) => rows.indexOf(r) !== i),
        'series listed twice in the grid',
      ).toEqual([]);

      // Compare: A on the left, B on the right, whatever was shown before.
      const toggle = page.getByRole('checkbox', { name: 'Comparer deux millésimes' });
      await reach(page, toggle);
      await toggle.check();
      await expect(page.getByRole('combobox', { name: 'Avant (à gauche)' })).toHaveValue(String(a));
      await expect(page.getByRole('combobox', { name: 'Après (à droite)' })).toHaveValue(String(b));
      await page.getByRole('main').scrollIntoViewIfNeeded();
      await settleTwin(page);
      await shot(page, screen, 'official-4-compare');
      const split = await globePicture(page);
      // Only where the map is in sight (a phone's bottom sheet may lie over the globe's box).
      const seen = await mapPart(page);
      const [sideA, sideB] = [intersect(refLeft, seen), intersect(refRight, seen)];
      const leftLabel = page.getByText(`Millésime ${a}`, { exact: true });
      const rightLabel = page.getByText(`Millésime ${b}`, { exact: true });
      await expect(leftLabel).toBeVisible();
      await expect(rightLabel).toBeVisible();
      const lb = await leftLabel.boundingBox();
      const rb = await rightLabel.boundingBox();
      expect(lb && rb && lb.x + lb.width <= rb.x, 'the two side labels do not overlap').toBe(true);
      expect(texture(split, sideA), 'left half: imagery').toBeGreaterThan(MIN_TEXTURE);
      expect(texture(split, sideB), 'right half: imagery').toBeGreaterThan(MIN_TEXTURE);
      const left = { own: difference(split, yearA, sideA), other: difference(split, yearB, sideA) };
      const right = { own: difference(split, yearB, sideB), other: difference(split, yearA, sideB) };
      console.log(
        `official ${screen.name}: left half vs ${a} ${left.own.toFixed(1)}, vs ${b} ${left.other.toFixed(1)}; right half vs ${b} ${right.own.toFixed(1)}, vs ${a} ${right.other.toFixed(1)}`,
      );
      expect(left.own, `left half shows ${a}, not ${b}`).toBeLessThan(left.other * 0.6);
      expect(right.own, `right half shows ${b}, not ${a}`).toBeLessThan(right.other * 0.6);

      // Council mode: the key figures, large.
      const councilButton = page.getByRole('button', { name: 'Mode conseil (plein écran)' });
      await reach(page, councilButton);
      await councilButton.click();
      const council = page.getByRole('region', { name: 'Mode conseil' });
      await expect(council).toBeVisible();
      await expect(council).toContainText(/consomm/i);
      await expect(council).toContainText(/enveloppe/i);
      await expect
        .poll(async () => hectaresIn((await council.textContent()) ?? '').some((v) => v > 0))
        .toBe(true);
      await expect(council).toContainText(/\d\s?%/);
      const number = council.getByText(/^\s*\d[\d\s\u00a0\u202f]*(,\d+)?\s?ha\s*$/).first();
      await expect(number).toBeVisible();
      const px = await number.evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
      expect(px, 'council figures in large type').toBeGreaterThanOrEqual(screen.phone ? 24 : 32);
      if (screen.phone) await expectNothingCut(page);
      await shot(page, screen, 'official-5-council');
      await page.keyboard.press('Escape');
      await expect(council).toBeHidden();

      // Export A4 with OCS2D on: the legend lists every class drawn, and no black bar.
      const ocs2d = page.getByRole('checkbox', { name: /OCS2D/ }).first();
      await reach(page, ocs2d);
      await ocs2d.check();
      await page.getByRole('main').scrollIntoViewIfNeeded();
      await settleTwin(page);
      await shot(page, screen, 'official-6-ocs2d');
      const exportBox = page.getByRole('group', { name: 'Exporter la vue (PNG)' });
      await reach(page, exportBox);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        exportBox.getByRole('button', { name: 'A4' }).click(),
      ]);
      const png = await readFile((await download.path()) as string);
      await download.saveAs(test.info().outputPath('export-a4.png'));
      const { width, height } = await sharp(png).metadata();
      expect([width, height]).toEqual([PRINT_SIZES.a4.width, PRINT_SIZES.a4.height]);
      const bars = await blackBars(png);
      expect(bars.row, 'no black band across the sheet').toBeLessThan(0.5);
      expect(bars.column, 'no black band down the sheet').toBeLessThan(0.5);
      // Legend swatches: outside the picture, a patch of each class colour of the OCS2D shown
      // (both years in compare, CS nomenclature by default).
      const { map } = sheetLayout(PRINT_SIZES.a4.width, PRINT_SIZES.a4.height);
      const sheet = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const outside: Picture = {
        data: Buffer.from(sheet.data),
        width: sheet.info.width,
        height: sheet.info.height,
      };
      const [mx, my] = [Math.round(map.x), Math.round(map.y)];
      const [mw, mh] = [Math.round(map.width), Math.round(map.height)];
      for (let y = my; y < my + mh; y++)
        outside.data.fill(0, (y * outside.width + mx) * 3, (y * outside.width + mx + mw) * 3);
      const nomenclature = await page.getByRole('combobox', { name: 'Nomenclature' }).inputValue();
      const classes = new Map<string, string>();
      for (const year of [a, b])
        for (const c of twinLegend(`${year}/ocs2d`, nomenclature)) classes.set(c.code, c.colour);
      const missing = [...classes]
        .filter(([, colour]) => countColour(outside, colour) < 40)
        .map(([code]) => code);
      expect(missing, `legend swatches missing from the A4 sheet (of ${classes.size} classes)`).toEqual([]);
      await expectNoRawErrors(page);
    });
  });
}

function countColour(p: Picture, hex: string): number {
  const [r, g, b] = hexRgb(hex);
  let n = 0;
  for (let i = 0; i < p.data.length; i += 3)
    if (
      Math.abs((p.data[i] as number) - r) <= 3 &&
      Math.abs((p.data[i + 1] as number) - g) <= 3 &&
      Math.abs((p.data[i + 2] as number) - b) <= 3
    )
      n++;
  return n;
}
