/**
 * The planner's journey on the demo pipeline's twin, from the default state (issue 13): search a
 * commune by name → the camera arrives; choose it in the territory panel → outline, clip and
 * figures in hectares; switch OCS2D on and click a polygon → a card in view and the polygon
 * outlined on the map. At 1280 × 800 and 390 × 844.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  changedShare,
  expectNoRawErrors,
  expectNothingCut,
  globeBox,
  globePicture,
  hectaresIn,
  intersect,
  inViewport,
  journeyTwin,
  mapPart,
  numbersIn,
  openTwin,
  pixelsOf,
  pointAt,
  reach,
  SCREENS,
  screenUse,
  settleTwin,
  shot,
  viewRectangle,
} from './journey-helpers';

/**
 * The commune the demo sample lies in: its north-west corner (x 708 000, y 7 058 000) is in
 * Lezennes (INSEE 59346); the journeys' 400 m square is 15 of its 16 ha in Lezennes, 1 ha in
 * Lille (the 1 km demo sample: 82 ha Lezennes, 15 ha Villeneuve-d'Ascq). Extent from the real
 * boundaries (../shared/data, read by the test only).
 */
const COMMUNE = { code: '59346', name: 'Lezennes' };
function communeBbox(code: string): [number, number, number, number] {
  const fc = JSON.parse(
    readFileSync('../shared/data/admin-epci-derived/communes-hauts-de-france-cog-current.geojson', 'utf8'),
  ) as { features: { properties: { code: string }; geometry: { coordinates: unknown } }[] };
  const f = fc.features.find((x) => x.properties.code === code);
  if (!f) throw new Error(`commune ${code} not in the test data`);
  const b = [180, 90, -180, -90];
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as [number, number];
      b[0] = Math.min(b[0] as number, x);
      b[1] = Math.min(b[1] as number, y);
      b[2] = Math.max(b[2] as number, x);
      b[3] = Math.max(b[3] as number, y);
    } else for (const d of c as unknown[]) walk(d);
  };
  walk(f.geometry.coordinates);
  return b as [number, number, number, number];
}

/** The territory outline's red (#d7191c, src/cesium/territory-lens.tsx). */
const OUTLINE_RED = [215, 25, 28] as const;

for (const screen of SCREENS) {
  test.describe(`${screen.name} ${screen.viewport.width}×${screen.viewport.height}`, () => {
    test.use(screenUse(screen));

    test(`planner (${screen.name}): search → arrive, territory → outline, clip, hectares; click → card and outline`, async ({
      page,
    }) => {
      const { sample } = journeyTwin();
      const bbox = communeBbox(COMMUNE.code);
      await openTwin(page);
      await shot(page, screen, 'planner-1-default');
      if (screen.phone) {
        // The map, not the panel, is what a phone shows first: at least half of the screen
        // (the part of the globe's box on screen and not under the bottom sheet).
        const box = await globeBox(page);
        const part = await mapPart(page);
        const vp = screen.viewport;
        const x0 = Math.max(0, box.x + part.x0 * box.width);
        const x1 = Math.min(vp.width, box.x + part.x1 * box.width);
        const y0 = Math.max(0, box.y + part.y0 * box.height);
        const y1 = Math.min(vp.height, box.y + part.y1 * box.height);
        const visible = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        expect(
          visible / (vp.width * vp.height),
          'share of the phone screen showing the map',
        ).toBeGreaterThanOrEqual(0.5);
      }

      // 1. Search by name: the camera flies to the commune and frames it.
      const before = await viewRectangle(page);
      const search = page.getByRole('combobox', { name: 'Rechercher une commune ou un EPCI' });
      await reach(page, search);
      await search.fill(COMMUNE.name);
      await page
        .getByRole('listbox', { name: 'Rechercher une commune ou un EPCI' })
        .getByRole('option', { name: new RegExp(COMMUNE.name) })
        .first()
        .click();
      await expect(page.getByText(`Vol vers ${COMMUNE.name}.`)).toBeVisible();
      await expect
        .poll(
          async () => {
            const v = await viewRectangle(page);
            if (!v || !before) return 'no view rectangle';
            const moved = Math.abs(v[0] - before[0]) + Math.abs(v[2] - before[2]) > 1e-4;
            const tol = 0.005;
            const contains =
              v[0] <= bbox[0] + tol &&
              v[1] <= bbox[1] + tol &&
              v[2] >= bbox[2] - tol &&
              v[3] >= bbox[3] - tol;
            // Framed: the commune fills a good part of the view, not a dot on the region.
            const framed = v[2] - v[0] < 4 * (bbox[2] - bbox[0]);
            return moved && contains && framed ? 'arrived' : `view ${v.map((x) => x.toFixed(4)).join(', ')}`;
          },
          { timeout: 30_000, intervals: [500, 1000] },
        )
        .toBe('arrived');
      await settleTwin(page);
      await shot(page, screen, 'planner-2-search');
      const searched = await globePicture(page);
      const seenSearched = await mapPart(page);

      // 2. The same commune in the territory panel: outlined (red), clipped, figures in hectares.
      const territory = page.getByRole('region', { name: 'Territoire' });
      const filter = territory.getByLabel('Filtrer les communes (nom ou code INSEE)');
      await reach(page, filter);
      await filter.fill(COMMUNE.name);
      await territory
        .getByLabel('Commune', { exact: true })
        .selectOption({ label: `${COMMUNE.name} (${COMMUNE.code})` });
      await expect(territory.getByText(`Territoire choisi : ${COMMUNE.name}`)).toBeVisible();
      await expect(territory.getByRole('alert')).toHaveCount(0);
      await expectNoRawErrors(page);
      if (screen.phone) await expectNothingCut(page);
      await settleTwin(page);
      // The outline: red pixels appear where there were none (a line around the commune), within
      // seconds (ground primitives are built asynchronously). Only where the map is in sight (a
      // phone's bottom sheet may lie over the globe's box).
      const seen = intersect(seenSearched, await mapPart(page));
      const redBefore = pixelsOf(searched, OUTLINE_RED, 40, seen);
      let chosen = await globePicture(page);
      await expect
        .poll(
          async () => {
            chosen = await globePicture(page);
            return pixelsOf(chosen, OUTLINE_RED, 40, seen) - redBefore;
          },
          { message: 'pixels of the red territory outline', timeout: 30_000, intervals: [1000, 2000] },
        )
        .toBeGreaterThan(200);
      console.log(
        `planner ${screen.name}: red outline pixels ${redBefore} → ${pixelsOf(chosen, OUTLINE_RED, 40, seen)}`,
      );
      await shot(page, screen, 'planner-3-territory');
      // The clip: unticking « Masquer l’extérieur » brings back what lay outside the commune.
      const clip = territory.getByLabel('Masquer l’extérieur du territoire');
      await expect(clip).toBeChecked();
      await reach(page, clip);
      await clip.uncheck();
      await settleTwin(page);
      const unclipped = await globePicture(page);
      const seenClip = intersect(seen, await mapPart(page));
      const hidden = changedShare(chosen, unclipped, seenClip);
      console.log(`planner ${screen.name}: share of the view the clip hides ${(hidden * 100).toFixed(1)} %`);
      expect(hidden, 'share of the view hidden by the clip').toBeGreaterThan(0.03);
      await clip.check();
      // Figures: the indicators of the commune, in hectares, not all zero.
      const indicators = page.getByRole('region', { name: 'Indicateurs' });
      await reach(page, indicators);
      await expect(
        indicators.getByText(new RegExp(`${COMMUNE.name}, ${sample.vintages[0]} → `)),
      ).toBeVisible();
      // The commune's own surfaces (not the SRADDET envelope, a constant): some are above zero.
      const surfaces = indicators.getByRole('table', { name: /Surfaces par classe/ });
      const consumption = indicators.getByRole('table', { name: /Consommation/ });
      await expect
        .poll(async () => hectaresIn((await consumption.textContent()) ?? '').some((v) => v > 0))
        .toBe(true);
      await expect
        .poll(async () => numbersIn((await surfaces.textContent()) ?? '').some((v) => v > 0))
        .toBe(true);
      await indicators.screenshot({ path: `${test.info().outputPath('indicators.png')}` });

      // 3. Back over the sample, OCS2D on from the layer panel, a click on a polygon.
      const home = page.getByRole('button', { name: 'Vue d’ensemble', exact: true });
      await reach(page, home);
      await home.click();
      const ocs2d = page.getByRole('checkbox', { name: /OCS2D/ }).first();
      await reach(page, ocs2d);
      await ocs2d.check();
      await settleTwin(page);
      await shot(page, screen, 'planner-4-ocs2d');
      // The globe in sight again (on a phone the panel may have covered it).
      const picked = page.getByRole('dialog', { name: 'Objet sélectionné' });
      const globe = page.getByRole('main');
      await globe.scrollIntoViewIfNeeded();
      const beforeClick = await globePicture(page);
      // In the middle of the map the user sees (over the sample, framed by « Vue d’ensemble »).
      const map = await mapPart(page);
      const at = await pointAt(page, screen, (map.x0 + map.x1) / 2, map.y0 + (map.y1 - map.y0) * 0.55);
      await expect(picked.getByText(/OCS2D/).first()).toBeVisible({ timeout: 30_000 });
      await expect(picked.getByText(/CS\d/).first()).toBeVisible();
      expect(await inViewport(page, picked), 'the card is on screen without scrolling').toBe(true);
      // Where the eye is: over the map the user sees, not down the side panel.
      const cardBox = await picked.boundingBox();
      const mapBox = await globeBox(page);
      const cardCentre = cardBox
        ? {
            x: (cardBox.x + cardBox.width / 2 - mapBox.x) / mapBox.width,
            y: (cardBox.y + cardBox.height / 2 - mapBox.y) / mapBox.height,
          }
        : null;
      expect(
        cardCentre !== null &&
          cardCentre.x > map.x0 &&
          cardCentre.x < map.x1 &&
          cardCentre.y > map.y0 &&
          cardCentre.y < map.y1,
        'the card lies over the map in sight',
      ).toBe(true);
      await settleTwin(page);
      await shot(page, screen, 'planner-5-picked');
      const afterClick = await globePicture(page);
      // The outline: pixels change around the click (the card's own box left out).
      const box = await globeBox(page);
      const card = await picked.boundingBox();
      const cx = at.x - box.x;
      const cy = at.y - box.y;
      const r = Math.min(150, box.width / 3);
      const around = intersect(
        {
          x0: Math.max(0, (cx - r) / box.width),
          y0: Math.max(0, (cy - r) / box.height),
          x1: Math.min(1, (cx + r) / box.width),
          y1: Math.min(1, (cy + r) / box.height),
        },
        intersect(map, await mapPart(page)),
      );
      const underCard = (x: number, y: number) =>
        card !== null &&
        x + box.x >= card.x &&
        x + box.x <= card.x + card.width &&
        y + box.y >= card.y &&
        y + box.y <= card.y + card.height;
      const outlined = changedShare(beforeClick, afterClick, around, underCard);
      console.log(
        `planner ${screen.name}: share of pixels changed around the click ${(outlined * 100).toFixed(1)} %`,
      );
      expect(outlined, 'share of pixels around the click changed by the outline').toBeGreaterThan(0.01);
      await expectNoRawErrors(page);
    });
  });
}
