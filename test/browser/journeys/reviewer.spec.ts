/**
 * The reviewer's journey on the demo pipeline's twin, from the default state (issue 13): open the
 * first detection of the review queue → the view flies to it and compares its two dates, the
 * « before » on the left and the « after » on the right, both drawn (imagery, not a blank side).
 * At 1280 × 800 and 390 × 844.
 */
import { expect, test } from '@playwright/test';
import {
  expectNoRawErrors,
  expectNothingCut,
  globePicture,
  intersect,
  journeyTwin,
  mapPart,
  openTwin,
  type Part,
  reach,
  SCREENS,
  screenUse,
  settleTwin,
  shot,
  texture,
  viewRectangle,
} from './journey-helpers';

/** Around the detection (the view's centre), each side of the divider. */
const BEFORE: Part = { x0: 0.15, y0: 0.3, x1: 0.45, y1: 0.8 };
const AFTER: Part = { x0: 0.55, y0: 0.3, x1: 0.85, y1: 0.8 };
const MIN_TEXTURE = 8;

for (const screen of SCREENS) {
  test.describe(`${screen.name} ${screen.viewport.width}×${screen.viewport.height}`, () => {
    test.use(screenUse(screen));

    test(`reviewer (${screen.name}): a detection opens with its before and after both drawn`, async ({
      page,
    }) => {
      const { sample } = journeyTwin();
      const [a, b] = [sample.vintages[0] as number, sample.vintages[sample.vintages.length - 1] as number];
      await openTwin(page);
      const review = page.getByRole('region', { name: 'Revue des détections' });
      const queue = review.getByRole('list', { name: 'File de revue' });
      await reach(page, queue);
      const first = queue.getByRole('listitem').first().getByRole('button');
      await expect(first).toBeVisible();
      const id = ((await first.textContent()) ?? '').match(/chg-\d+/)?.[0];
      expect(id, 'the queue names its detections').toBeTruthy();
      const before = await viewRectangle(page);
      await first.click();
      await expect(review.getByRole('region', { name: new RegExp(id as string) })).toBeVisible();
      // Flown to the detection, compare on with its two dates.
      await expect
        .poll(async () => JSON.stringify(await viewRectangle(page)) !== JSON.stringify(before))
        .toBe(true);
      await expect(page.getByText(`Millésime ${a}`, { exact: true })).toBeVisible();
      await expect(page.getByText(`Millésime ${b}`, { exact: true })).toBeVisible();
      await page.getByRole('main').scrollIntoViewIfNeeded();
      await settleTwin(page);
      await shot(page, screen, 'reviewer-1-detection');
      const split = await globePicture(page);
      // Only where the map is in sight (a phone's bottom sheet may lie over the globe's box).
      const seen = await mapPart(page);
      const tb = texture(split, intersect(BEFORE, seen));
      const ta = texture(split, intersect(AFTER, seen));
      console.log(`reviewer ${screen.name}: texture before ${tb.toFixed(1)}, after ${ta.toFixed(1)}`);
      expect(tb, `the « before » (${a}) side shows imagery`).toBeGreaterThan(MIN_TEXTURE);
      expect(ta, `the « after » (${b}) side shows imagery`).toBeGreaterThan(MIN_TEXTURE);
      await review.scrollIntoViewIfNeeded();
      await shot(page, screen, 'reviewer-2-panel');
      if (screen.phone) await expectNothingCut(page);
      await expectNoRawErrors(page);
    });
  });
}
