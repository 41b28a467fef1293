/**
 * The buildings series on the demo pipeline's twin (`tiling buildings` per vintage): drawn when
 * the view is tilted, coloured by the legend's choice, a click reads a building's attributes in
 * the card (a permalink of it, opened in a new page, shows the same card), and compare 2021 | 2024
 * shows the houses built in 2023 on the 2024 side only. A planned building (scenario) stands on
 * the right of the compare divider only; the territory lens clips the buildings tilesets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { lambert93ToWgs84, wgs84ToLambert93 } from '../../../format/crs';
import type {} from '../../../src/cesium/scenario-volumes';
import {
  changedShare,
  globePicture,
  journeyTwin,
  loadScenarioBox,
  type Part,
  settleTwin,
} from './journey-helpers';

test.use({ viewport: { width: 640, height: 400 } });

interface Footprint {
  readonly id: string;
  readonly height: number;
  readonly lonLat: [number, number];
}

/** The sample's footprints of a vintage: id, height and centroid (WGS 84). */
function footprints(dir: string, year: number): Footprint[] {
  const fc = JSON.parse(
    readFileSync(join(dir, 'sample', 'buildings', `batiment-${year}.geojson`), 'utf8'),
  ) as {
    features: {
      properties: { cleabs: string; hauteur: number };
      geometry: { type: string; coordinates: unknown };
    }[];
  };
  return fc.features.map((f) => {
    const ring = (
      f.geometry.type === 'Polygon'
        ? (f.geometry.coordinates as number[][][])[0]
        : (f.geometry.coordinates as number[][][][])[0]?.[0]
    ) as number[][];
    const pts = ring.slice(0, -1);
    const x = pts.reduce((a, p) => a + (p[0] as number), 0) / pts.length;
    const y = pts.reduce((a, p) => a + (p[1] as number), 0) / pts.length;
    return { id: f.properties.cleabs, height: f.properties.hauteur, lonLat: lambert93ToWgs84(x, y) };
  });
}

/** Canvas point of the roof at a building's centroid (null: nothing drawn there). */
const roofPoint = (page: Page, [lon, lat]: [number, number]) =>
  page.evaluate(
    ([a, b]) => window.__twinBuildings?.roofPointOf(a as number, b as number) ?? null,
    [lon, lat],
  );

/** A 10 × 10 px square around a canvas point, as a part of the picture. */
function around([x, y]: [number, number], width: number, height: number): Part {
  return { x0: (x - 5) / width, y0: (y - 5) / height, x1: (x + 5) / width, y1: (y + 5) / height };
}

test('buildings: tilted view, colour legend, a click in words, compare shows the new ones on the 2024 side only', async ({
  page,
}, testInfo) => {
  const { dir } = journeyTwin();
  const old = footprints(dir, 2021);
  const now = footprints(dir, 2024);
  const before = new Set(old.map((b) => b.id));
  const built = now.filter((b) => !before.has(b.id));
  expect(built.length, 'houses new in 2024').toBeGreaterThan(0);
  const house = built[0] as Footprint;
  // A building standing in both vintages, near the new house.
  const dist = (b: Footprint) => Math.hypot(b.lonLat[0] - house.lonLat[0], b.lonLat[1] - house.lonLat[1]);
  const kept = now.filter((b) => before.has(b.id)).sort((a, b) => dist(a) - dist(b))[0] as Footprint;

  // Tilted (35° down) from about 230 m south of the new houses, 200 m up.
  const [lon, lat] = house.lonLat;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`/#cam=${lon.toFixed(6)},${(lat - 0.0021).toFixed(6)},200,0,-35,0`);
  await page.waitForFunction(() => window.__twinBuildings !== undefined, null, { timeout: 60_000 });
  await settleTwin(page);
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  const series = panel.getByRole('checkbox', { name: 'Bâtiments 3D (LoD1, BD TOPO + MNS)' });
  await expect(series).toBeChecked();
  // The orthophoto off: behind the buildings, only the plain base layer (its 2021 and 2024
  // pictures differ where the houses were built, which would blur the compare check).
  await panel.getByRole('checkbox', { name: /Orthophoto/ }).uncheck();
  await settleTwin(page);

  // The legend: colour by height, five classes.
  const colourBy = panel.getByRole('combobox', { name: 'Couleur selon' });
  await expect(colourBy).toHaveValue('height');
  const legend = panel.getByRole('list', { name: /Légende des bâtiments/ });
  await expect(legend.getByRole('listitem')).toHaveCount(5);
  await page.screenshot({ path: testInfo.outputPath('buildings-height.png') });
  const withBuildings = await globePicture(page);

  // Off: the buildings go.
  await series.uncheck();
  await settleTwin(page);
  const without = await globePicture(page);
  await page.screenshot({ path: testInfo.outputPath('buildings-off.png') });
  const all: Part = { x0: 0, y0: 0, x1: 1, y1: 1 };
  expect(changedShare(withBuildings, without, all), 'share of the view the buildings cover').toBeGreaterThan(
    0.01,
  );
  await series.check();
  await settleTwin(page);

  // Colour by use: the picture changes (residential orange instead of the height ramp).
  await colourBy.selectOption('usage');
  await expect(legend.getByRole('listitem').first()).toHaveText('Résidentiel');
  await settleTwin(page);
  const byUse = await globePicture(page);
  await page.screenshot({ path: testInfo.outputPath('buildings-usage.png') });
  expect(changedShare(withBuildings, byUse, all)).toBeGreaterThan(0.005);
  await colourBy.selectOption('height');
  await settleTwin(page);

  // A click on the new house: its attributes in words.
  const at = await roofPoint(page, house.lonLat);
  expect(at, 'the new house is drawn').not.toBeNull();
  const [x, y] = at as [number, number];
  const canvas = page.locator('.cesium-widget canvas');
  await canvas.click({ position: { x, y } });
  const card = page.getByRole('dialog', { name: 'Objet sélectionné' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Bâtiments 3D 2024');
  await expect(card).toContainText(house.id);
  await expect(card).toContainText(/Hauteur\s*\d+,\d\s*m \(MNS, qualité ±\d/);
  await expect(card).toContainText('Résidentiel');
  await expect(card).toContainText('Construit en2023');
  await settleTwin(page);
  await page.screenshot({ path: testInfo.outputPath('buildings-picked.png') });

  // The permalink names the building: opened in a new page, the card shows it again.
  await expect.poll(() => page.url()).toContain(`sel=buildings-2024,`);
  const link = page.url();
  expect(link).toContain(`,${house.id}`);
  const again = await page.context().newPage();
  again.on('pageerror', (e) => errors.push(e.message));
  await again.goto(link);
  const cardAgain = again.getByRole('dialog', { name: 'Objet sélectionné' });
  await expect(cardAgain).toContainText(house.id, { timeout: 150_000 });
  await expect(cardAgain).toContainText('Bâtiments 3D 2024');
  await expect(cardAgain).toContainText('Construit en2023');
  // No notice of a link part not found.
  await expect(again.locator('.permalink-notice')).toHaveCount(0);
  await settleTwin(again);
  await again.screenshot({ path: testInfo.outputPath('buildings-permalink.png') });
  await again.close();
  await card.getByRole('button', { name: /Fermer/ }).click();

  const keptAt = await roofPoint(page, kept.lonLat);
  expect(keptAt, 'the older building is drawn').not.toBeNull();

  // Compare 2021 | 2024: the whole view on the 2024 side, then on the 2021 side.
  await page.getByRole('checkbox', { name: 'Comparer deux millésimes' }).check();
  const divider = page.getByRole('slider', { name: 'Séparateur avant/après' });
  await divider.focus();
  await page.keyboard.press('Home');
  await settleTwin(page);
  const right = await globePicture(page);
  await page.screenshot({ path: testInfo.outputPath('buildings-compare-2024.png') });
  await page.keyboard.press('End');
  await settleTwin(page);
  const left = await globePicture(page);
  await page.screenshot({ path: testInfo.outputPath('buildings-compare-2021.png') });
  const { width, height } = right;
  // The new house: drawn on the 2024 side only; the older building on both.
  expect(
    changedShare(right, left, around([x, y], width, height)),
    'new house, 2024 vs 2021 side',
  ).toBeGreaterThan(0.5);
  expect(
    changedShare(right, left, around(keptAt as [number, number], width, height)),
    'kept building',
  ).toBeLessThan(0.2);
  expect(errors).toEqual([]);
});

test('buildings: a planned building stands right of the compare divider only; the lens clips the buildings', async ({
  page,
}, testInfo) => {
  const { dir } = journeyTwin();
  const house = footprints(dir, 2024)[0] as Footprint;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const [lon, lat] = house.lonLat;
  await page.goto(`/#cam=${lon.toFixed(6)},${(lat - 0.0021).toFixed(6)},200,0,-35,0`);
  await page.waitForFunction(() => window.__twinBuildings !== undefined, null, { timeout: 60_000 });
  await settleTwin(page);
  const all: Part = { x0: 0, y0: 0, x1: 1, y1: 1 };

  // A planned building, 40 × 40 m and 30 m high, 80 m east of a sample building (the view frames it).
  const [cx, cy] = wgs84ToLambert93(lon, lat);
  await loadScenarioBox(page, { x0: cx + 60, y0: cy - 20, x1: cx + 100, y1: cy + 20 }, 'Projet', 30);

  // Compare on: the volume on the right (2024, the "after") side only.
  await page.getByRole('checkbox', { name: 'Comparer deux millésimes' }).check();
  expect(await page.evaluate(() => window.__twinScenario?.side?.())).toBe('right');
  const divider = page.getByRole('slider', { name: 'Séparateur avant/après' });
  await divider.focus();
  await page.keyboard.press('Home');
  await settleTwin(page);
  const rightWith = await globePicture(page);
  // The planned building's roof on the canvas (drawn here, right of the divider).
  const roof = await roofPoint(page, lambert93ToWgs84(cx + 80, cy));
  expect(roof, 'the planned building is drawn').not.toBeNull();
  await page.screenshot({ path: testInfo.outputPath('scenario-compare-right.png') });
  await page.keyboard.press('End');
  await settleTwin(page);
  const leftWith = await globePicture(page);
  await page.screenshot({ path: testInfo.outputPath('scenario-compare-left.png') });
  await page.getByRole('button', { name: 'Retirer le scénario' }).click();
  await expect.poll(() => page.evaluate(() => window.__twinScenario?.volumes())).toBe(0);
  await settleTwin(page);
  const leftWithout = await globePicture(page);
  await divider.focus();
  await page.keyboard.press('Home');
  await settleTwin(page);
  const rightWithout = await globePicture(page);
  // Its roof: changed where it stands on the right side, not on the left (where the rest of the
  // view may differ a little as tiles are refined).
  const { width, height } = rightWith;
  const onRoof = around(roof as [number, number], width, height);
  const onRight = changedShare(rightWith, rightWithout, onRoof);
  const onLeft = changedShare(leftWith, leftWithout, onRoof);
  console.log(
    `planned building's roof: ${(onRight * 100).toFixed(0)} % changed right of the divider, ${(onLeft * 100).toFixed(0)} % left`,
  );
  expect(onRight, 'planned building, right of the divider').toBeGreaterThan(0.5);
  expect(onLeft, 'planned building, left of the divider').toBeLessThan(0.2);
  expect(changedShare(rightWith, rightWithout, all), 'share of the view it covers').toBeGreaterThan(0.005);
  await page.getByRole('checkbox', { name: 'Comparer deux millésimes' }).uncheck();

  // The lens on the sample's commune: both vintages' buildings tilesets clipped; « Masquer
  // l’extérieur » off: none.
  expect(await page.evaluate(() => window.__twinBuildings?.clippedBuildings())).toBe(0);
  const territory = page.getByRole('region', { name: 'Territoire' });
  const filter = territory.getByLabel('Filtrer les communes (nom ou code INSEE)');
  await filter.scrollIntoViewIfNeeded();
  await filter.fill('Lezennes');
  await territory.getByLabel('Commune', { exact: true }).selectOption({ label: 'Lezennes (59346)' });
  await expect(territory.getByText('Territoire choisi : Lezennes')).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.__twinBuildings?.clippedBuildings())).toBe(2);
  // (Choosing the commune frames it, from too high for the buildings to be drawn: the clip is
  // read on the tilesets, the picture kept for a look.)
  await settleTwin(page);
  await page.screenshot({ path: testInfo.outputPath('buildings-lens.png') });
  await territory.getByLabel('Masquer l’extérieur du territoire').uncheck();
  await expect.poll(() => page.evaluate(() => window.__twinBuildings?.clippedBuildings())).toBe(0);
  expect(errors).toEqual([]);
});
