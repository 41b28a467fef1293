/**
 * Scenarios (issue 7): a planned project loaded with the file picker is drawn as volumes (the
 * picture changes) and its ENAF impact is shown, hand-computed on the OCS2D fixture's quadrants
 * (fixtures-vector.ts: NW built-up, NE arable, SW wood, SE meadow). A bad file is refused in
 * words naming the feature and the field, and nothing is drawn.
 */
import { expect, test } from '@playwright/test';
import type {} from '../../src/cesium/scenario-volumes';
import { SCENARIO } from './fixtures-scenario';
import { canvasPixels, changedShare, saveScreenshot, settle, waitForGlobe } from './helpers';

test('a scenario file becomes volumes with its ENAF impact; a bad one is refused in words', async ({
  page,
}, testInfo) => {
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.goto('/?catalog=/twin/ocs2d-catalog.json');
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  const picker = panel.getByLabel('Charger un projet (GeoJSON)…');
  await waitForGlobe(page);

  // A bad file: the second feature has no height; nothing is drawn.
  const bad = structuredClone(SCENARIO) as typeof SCENARIO & { features: unknown[] };
  bad.features.push({ ...SCENARIO.features[0], properties: { name: 'Sans hauteur' } });
  await picker.setInputFiles({
    name: 'bad.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = panel.getByRole('alert').filter({ hasText: 'bad.geojson' });
  await expect(alert).toContainText(
    'Objet 2 (« Sans hauteur »), champ « height » : ni « height » (m) ni « storeys »',
  );
  expect(await page.evaluate(() => window.__twinScenario?.volumes())).toBe(0);

  await picker.setInputFiles({
    name: 'projet.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify(SCENARIO)),
  });
  await expect(panel.getByTestId('scenario-loaded')).toHaveText(
    'projet.geojson : 1 bâtiment en volume (état « après »)',
  );
  await expect(alert).toHaveCount(0);
  // One model (built in the browser) once it is read.
  await expect.poll(() => page.evaluate(() => window.__twinScenario?.volumes())).toBe(1);
  // No compare: on both sides of the divider.
  expect(await page.evaluate(() => window.__twinScenario?.side?.())).toBe('both');
  // Hand-computed: 4 ha, of which NE arable (A) 1 ha, SW wood (F) 1 ha, SE meadow (A) 1 ha.
  const impact = panel.getByTestId('scenario-impact');
  await expect(panel.getByTestId('scenario-footprint')).toHaveText('4,00 ha');
  await expect(panel.getByTestId('scenario-naf')).toHaveText('3,00 ha');
  const byClass = impact.getByRole('table', { name: 'Par classe ENAF' });
  const row = (code: string) =>
    byClass.locator('tr', { has: page.getByRole('rowheader', { name: code, exact: true }) });
  // Classes in words, not bare codes.
  await expect(row('Agricole (A)')).toContainText('2,00 ha');
  await expect(row('Forêt (F)')).toContainText('1,00 ha');
  await expect(byClass.getByRole('rowheader', { name: 'A', exact: true })).toHaveCount(0);
  const byP21 = impact.getByRole('table', { name: 'NAF par poste (21 classes)' });
  await expect(byP21.getByRole('rowheader', { name: 'Espaces boisés' })).toBeVisible();
  await expect(byP21.getByRole('rowheader', { name: /^\d+$/ })).toHaveCount(0);
  // The volume is what a click at its middle meets (in front of whatever lies beneath).
  await expect.poll(() => page.evaluate(() => window.__twinScenario?.pickedAtCentre?.())).toBe(true);
  await settle(page);
  const withVolumes = await canvasPixels(page);
  await saveScreenshot(page, testInfo, 'scenario-volumes');
  await panel.locator('.scenario').screenshot({ path: testInfo.outputPath('scenario-panel.png') });

  await panel.getByRole('button', { name: 'Retirer le scénario' }).click();
  await settle(page);
  expect(await page.evaluate(() => window.__twinScenario?.volumes())).toBe(0);
  const share = changedShare(withVolumes, await canvasPixels(page));
  expect(share, 'share of pixels the volumes cover').toBeGreaterThan(0.02);
  expect(uncaught).toEqual([]);
});
