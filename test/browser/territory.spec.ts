/**
 * The territory hierarchy, lens and indicators (issue 8) on the e2e twin: indicators computed by
 * the real `computeStats` on the OCS2D fixtures and real commune boundaries (fixtures-stats.ts).
 * Département 59 → MEL → Villeneuve-d'Ascq narrows each list, frames the commune, clips the
 * globe outside it and shows its figures; a matrix cell highlights; the exports download.
 * A département and the whole région frame, outline and clip too (boundaries from the committed
 * data/territories/ file, issue 13); a missing boundary file is said in words.
 */
import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { buildTerritoryIndex } from '../../scripts/build-territory-index.mjs';
import type {} from '../../src/cesium/territory-highlight';
import type {} from '../../src/cesium/territory-lens';
import { saveScreenshot, waitForGlobe } from './helpers';

const MEL = '200093201';
const VDA = '59009';
const index = buildTerritoryIndex();
const vdaBbox = index.communes.find((c) => c[0] === VDA)?.slice(4) as number[];

const optionCount = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).locator('option').count();

test('Département 59 → MEL → Villeneuve-d’Ascq: lists narrow, the lens frames and clips, the figures show', async ({
  page,
}, testInfo) => {
  await page.goto('/?catalog=/twin/territory-catalog.json');
  const panel = page.getByRole('region', { name: 'Territoire' });
  await expect(panel.getByLabel('EPCI', { exact: true })).toBeVisible();
  await expect(panel.getByText(/Aucun périmètre de SCoT configuré/)).toBeVisible();
  const indicators = page.getByRole('region', { name: 'Indicateurs' });
  await expect(indicators.getByText('Choisissez un territoire pour voir ses indicateurs.')).toBeVisible();

  const epciAll = await optionCount(page, 'EPCI');
  const communesAll = await optionCount(page, 'Commune');
  expect(epciAll).toBe(93); // 92 EPCI + "all"
  expect(communesAll).toBe(3783);

  await panel.getByLabel('Département', { exact: true }).selectOption('59');
  const epci59 = await optionCount(page, 'EPCI');
  const communes59 = await optionCount(page, 'Commune');
  expect(epci59).toBeLessThan(epciAll);
  expect(communes59).toBe(648);
  await expect(indicators.getByText('Nord, 2021 → 2024')).toBeVisible();

  // Type-ahead on the EPCI, then the choice.
  await panel.getByLabel('Filtrer les EPCI (nom ou SIREN)').fill('europeenne lille');
  expect(await optionCount(page, 'EPCI')).toBe(2);
  await panel.getByLabel('EPCI', { exact: true }).selectOption(MEL);
  const communesMel = await optionCount(page, 'Commune');
  expect(communesMel).toBeGreaterThan(80);
  expect(communesMel).toBeLessThan(communes59);
  await expect(indicators.getByText(/Métropole Européenne de Lille, 2021 → 2024/)).toBeVisible();

  await panel.getByLabel('Filtrer les communes (nom ou code INSEE)').fill('5900');
  expect(await optionCount(page, 'Commune')).toBeLessThan(communesMel);
  await panel.getByLabel('Commune', { exact: true }).selectOption(VDA);
  await expect(panel.getByText("Territoire choisi : Villeneuve-d'Ascq")).toBeVisible();

  // Figures: 8 ha of the NE field turned to housing (computeStats on the fixtures).
  await expect(indicators.getByText("Villeneuve-d'Ascq, 2021 → 2024")).toBeVisible();
  await expect(indicators.getByText('Communes couvertes par les données : 1 sur 1')).toBeVisible();
  const consumption = indicators.getByRole('table', { name: 'Consommation d’ENAF (NAF → non NAF)' });
  await expect(consumption.getByRole('row', { name: /Habitat/ })).toContainText('8,00 ha');
  await expect(consumption.getByRole('row', { name: /Total/ })).toContainText('8,00 ha');
  const sraddet = indicators.getByRole('region', { name: 'Comparaison au SRADDET' });
  await expect(sraddet).toContainText('Objectif de Hauts-de-France (territoire parent)');
  await expect(sraddet).toContainText('Enveloppe 2021-2030 : 7 410,00 ha');
  await expect(sraddet).toContainText('Part de l’enveloppe consommée : 0,1 %');
  const surfaces = indicators.getByRole('table', { name: 'Surfaces par classe' });
  await expect(surfaces.getByRole('row', { name: /Agricole/ })).toContainText('48,00');
  await expect(surfaces.getByRole('row', { name: /Agricole/ })).toContainText('40,00');
  await expect(indicators.getByRole('img', { name: 'Graphique des surfaces par classe' })).toBeVisible();
  await indicators.getByText("Villeneuve-d'Ascq, 2021 → 2024").scrollIntoViewIfNeeded();
  await page.screenshot({ path: '.tmp/territory-figures.png' });
  const ms = Number(await indicators.locator('.indicators__timing').getAttribute('data-ms'));
  console.log(`territory: figures of Villeneuve-d'Ascq shown ${ms.toFixed(1)} ms after the choice`);
  expect(ms).toBeGreaterThan(0);
  expect(ms).toBeLessThan(100);

  // Framing: the view is on the commune.
  await expect
    .poll(async () => page.evaluate(() => window.__twin?.viewRectangle() ?? null), { timeout: 30_000 })
    .not.toBeNull();
  await expect
    .poll(
      async () => {
        const v = await page.evaluate(() => window.__twin?.viewRectangle() ?? null);
        if (!v) return false;
        const [w, s, e, n] = vdaBbox as [number, number, number, number];
        const cx = (v[0] + v[2]) / 2;
        const cy = (v[1] + v[3]) / 2;
        return cx > w && cx < e && cy > s && cy < n && v[2] - v[0] < 0.5;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  // Lens: the globe is clipped outside the commune's outline.
  await expect.poll(() => page.evaluate(() => window.__twinLens?.clipsOutside() ?? false)).toBe(true);
  expect(await page.evaluate(() => window.__twinLens?.globeClippingPolygons() ?? 0)).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__twinLens?.outlineRings() ?? 0)).toBeGreaterThan(0);

  // A cell of the matrix highlights its polygons.
  const matrix = indicators.getByRole('table', { name: 'Matrice de transition (ha)' });
  await matrix.getByRole('button', { name: /^Agricole → Habitat : 8,00 ha$/ }).click();
  await expect.poll(() => page.evaluate(() => window.__twinHighlight?.shown() ?? null)).toBe('A>Uh');
  await expect(indicators.getByText('Mis en évidence : Agricole → Habitat')).toBeVisible();
  await page.evaluate(() => window.__twin?.requestRender());
  await waitForGlobe(page);
  await page.evaluate(() => window.__twin?.requestRender());
  await page.waitForTimeout(1000);
  await saveScreenshot(page, testInfo, 'territory-commune');
  await indicators.screenshot({ path: testInfo.outputPath('territory-indicators.png') });
  // Kept outside test-results/ too (other runs empty it): looked at by hand.
  await page.screenshot({ path: '.tmp/territory-commune.png' });
  await indicators.screenshot({ path: '.tmp/territory-indicators.png' });

  // Exports: CSV in French format, GeoJSON with the outline, named after the territory.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    indicators.getByRole('button', { name: 'Exporter les chiffres (CSV)' }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe('indicateurs_villeneuve-d-ascq_59009_2021-2024.csv');
  const csvText = await readFile((await csv.path()) as string, 'utf8');
  expect(csvText.split('\r\n')[0]).toBe(
    'territoire;code;section;nomenclature;classe;classe_arrivee;millesime;hectares',
  );
  expect(csvText).toContain("Villeneuve-d'Ascq;59009;consommation_enaf;enaf;NAF;habitat;2021-2024;8\r\n");
  const [geo] = await Promise.all([
    page.waitForEvent('download'),
    indicators.getByRole('button', { name: 'Exporter le territoire (GeoJSON)' }).click(),
  ]);
  expect(geo.suggestedFilename()).toBe('indicateurs_villeneuve-d-ascq_59009_2021-2024.geojson');
  const fc = JSON.parse(await readFile((await geo.path()) as string, 'utf8'));
  expect(fc.features[0].geometry.type).toBe('MultiPolygon');
  expect(fc.features[0].properties).toMatchObject({ code: VDA, consumption_habitat: 8 });

  // Unclipping keeps the outline.
  await panel.getByLabel('Masquer l’extérieur du territoire').uncheck();
  await expect.poll(() => page.evaluate(() => window.__twinLens?.clipsOutside() ?? true)).toBe(false);
});

/** The view's centre and width, degrees. */
const viewOf = (page: Page) => page.evaluate(() => window.__twin?.viewRectangle() ?? null);
const unionOf = (rows: readonly (readonly unknown[])[]) => {
  const b = [180, 90, -180, -90];
  for (const r of rows) {
    const [w, s, e, n] = r.slice(4) as number[];
    b[0] = Math.min(b[0] as number, w as number);
    b[1] = Math.min(b[1] as number, s as number);
    b[2] = Math.max(b[2] as number, e as number);
    b[3] = Math.max(b[3] as number, n as number);
  }
  return b as [number, number, number, number];
};
/** Whether the view is centred in `b` and about its size (between a third and three times its width). */
const frames = (v: readonly number[] | null, b: readonly number[]) => {
  if (!v) return false;
  const [w, s, e, n] = b as [number, number, number, number];
  const cx = ((v[0] as number) + (v[2] as number)) / 2;
  const cy = ((v[1] as number) + (v[3] as number)) / 2;
  const width = (v[2] as number) - (v[0] as number);
  return cx > w && cx < e && cy > s && cy < n && width > (e - w) / 3 && width < (e - w) * 3;
};

test('Nord, then « Toute la région »: the camera flies to each, outlines it and hides what lies outside', async ({
  page,
}, testInfo) => {
  await page.goto('/?catalog=/twin/territory-catalog.json');
  const panel = page.getByRole('region', { name: 'Territoire' });
  await expect(panel.getByLabel('Département', { exact: true })).toBeVisible();
  await expect.poll(() => viewOf(page), { timeout: 30_000 }).not.toBeNull();
  const before = await viewOf(page);
  const nord = unionOf(index.communes.filter((c) => c[2] === '59'));
  expect(frames(before, nord)).toBe(false);

  await panel.getByLabel('Département', { exact: true }).selectOption('59');
  await expect.poll(async () => frames(await viewOf(page), nord), { timeout: 30_000 }).toBe(true);
  // Nord's own boundary (merged from its communes' arcs): a couple of rings, clipped outside.
  await expect.poll(() => page.evaluate(() => window.__twinLens?.clipsOutside() ?? false)).toBe(true);
  const nordRings = await page.evaluate(() => window.__twinLens?.outlineRings() ?? 0);
  expect(nordRings).toBeGreaterThan(0);
  expect(nordRings).toBeLessThanOrEqual(3);
  expect(await page.evaluate(() => window.__twinLens?.globeClippingPolygons() ?? 0)).toBeLessThanOrEqual(3);
  await page.evaluate(() => window.__twin?.requestRender());
  await saveScreenshot(page, testInfo, 'territory-nord');

  const region = unionOf(index.communes);
  await panel.getByRole('button', { name: 'Toute la région' }).click();
  await expect(panel.getByText('Territoire choisi : Hauts-de-France')).toBeVisible();
  await expect.poll(async () => frames(await viewOf(page), region), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => page.evaluate(() => window.__twinLens?.outlineRings() ?? 0)).toBe(1);
  expect(await page.evaluate(() => window.__twinLens?.clipsOutside() ?? false)).toBe(true);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await page.evaluate(() => window.__twin?.requestRender());
  await saveScreenshot(page, testInfo, 'territory-region');
});

test('without the boundary file, the panel says so in words and still frames the commune', async ({
  page,
}) => {
  await page.route('**/generated/hdf-territories.topo.json.gz', (route) =>
    route.fulfill({ status: 404, body: 'Not found' }),
  );
  await page.goto('/?catalog=/twin/territory-catalog.json');
  const panel = page.getByRole('region', { name: 'Territoire' });
  await panel.getByLabel('Département', { exact: true }).selectOption('59');
  await panel.getByLabel('Commune', { exact: true }).selectOption(VDA);
  const alert = panel.getByRole('alert');
  await expect(alert).toHaveText(
    'Limites du territoire indisponibles, cadrage sans contour ni masque : le serveur ne fournit pas ce fichier (visualiseur construit sans lui : relancez « npm run build »).',
  );
  await expect(panel).not.toContainText('/generated');
  await expect(panel).not.toContainText('HTTP');
  await expect.poll(async () => frames(await viewOf(page), vdaBbox), { timeout: 30_000 }).toBe(true);
  expect(await page.evaluate(() => window.__twinLens?.outlineRings() ?? -1)).toBe(0);
});
