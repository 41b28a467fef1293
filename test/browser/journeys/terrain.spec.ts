/**
 * The globe on the demo pipeline's quantized-mesh terrain (issue 15, docs/terrain.md "In the
 * viewer"): the terrain loads with no failure, the ground stands at the DEM's height (+ the 45 m
 * geoid), picking finds that ground, at a low pitch the orthophoto is draped on the relief (its
 * vintage changes the ground's pixels: no floating copy hides it), the compare swipe still splits
 * the draped imagery, unticking « Relief » puts the globe back on the ellipsoid, and the 2D map
 * still draws and picks. 640 × 400 (software WebGL); screenshots under test-results/journeys/.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { wgs84ToLambert93 } from '../../../format/crs';
import { readDemRaster, sampleDem } from '../../../tiling/dem';
import {
  changedShare,
  difference,
  expectNoRawErrors,
  globePicture,
  intersect,
  journeyTwin,
  loadScenarioBox,
  mapPart,
  type Part,
  SHOTS_DIR,
  settleTwin,
  texture,
} from './journey-helpers';

const VIEWPORT = { width: 640, height: 400 };
/** NGF-IGN69 → WGS 84 ellipsoid: the demo's constant geoid (tiling terrain, docs/terrain.md). */
const GEOID_M = 45;
/** The ground's part of a low-pitch view (the sky and the horizon above it left out). */
const GROUND: Part = { x0: 0.02, y0: 0.5, x1: 0.98, y1: 0.96 };

test.use({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: VIEWPORT, deviceScaleFactor: 1 });

/** Saves the page as `terrain-<step>.png` under the journeys' screenshots, and attaches it. */
async function shot(page: Page, step: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `terrain-${step}.png`);
  await page.screenshot({ path });
  await test.info().attach(step, { path, contentType: 'image/png' });
}

const terrainKind = (page: Page) => page.evaluate(() => window.__twinTerrain?.provider().kind ?? null);

test('terrain: the globe stands on the DEM, the ortho drapes on it at a low pitch, 2D and compare still work', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const { dir, sample } = journeyTwin();
  const [west, south, east, north] = sample.extent.wgs84;
  const [a, b] = [sample.vintages[0] as number, sample.vintages[sample.vintages.length - 1] as number];
  const demDir = join(dir, 'sample', 'dem');
  const dems = await Promise.all(
    readdirSync(demDir)
      .filter((f) => /\.tif$/i.test(f))
      .map((f) => readDemRaster(join(demDir, f))),
  );
  const demAt = (lon: number, lat: number) => {
    const [x, y] = wgs84ToLambert93(lon, lat);
    return sampleDem(dems, x, y) + GEOID_M;
  };
  // A low, oblique view from the sample's south edge looking north, 30 m above its highest ground.
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < 10; i++)
    for (let j = 1; j < 10; j++)
      top = Math.max(top, demAt(west + ((east - west) * i) / 10, south + ((north - south) * j) / 10));
  expect(Number.isFinite(top), 'the DEM covers the sample').toBe(true);
  const camLon = (west + east) / 2;
  const camLat = south + (north - south) * 0.08;
  const cam = `${camLon.toFixed(6)},${camLat.toFixed(6)},${(top + 30).toFixed(1)},0,-15,0`;

  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`/#cam=${cam}&v=${a}`);
  await page.waitForFunction(() => window.__twinTerrain?.provider().kind === 'quantized-mesh', null, {
    timeout: 90_000,
  });
  await settleTwin(page);
  await shot(page, '1-low-pitch');
  await expect(page.getByText(/valeurs invalides/), 'the link camera is taken').toHaveCount(0);

  // The terrain row: loaded (no failure said), no opacity slider nor vintage of its own; the
  // textured 3D mesh (an export) off by default.
  const row = page.locator('li.layer', { has: page.getByRole('checkbox', { name: 'Relief (MNT 1 m)' }) });
  await expect(row.getByRole('checkbox')).toBeChecked();
  await expect(row.locator('.layer__failure')).toHaveCount(0);
  await expect(row.getByRole('slider')).toHaveCount(0);
  await expect(row.locator('.layer__meta')).not.toContainText(/\b20\d\d\b/);
  await expect(page.getByRole('checkbox', { name: 'Terrain 3D texturé (PCRS + MNT)' })).not.toBeChecked();
  expect(await page.evaluate(() => window.__twinTerrain?.failedTiles())).toBe(0);

  // Heights: the terrain's finest tiles and the globe as loaded for this view are the DEM's + 45 m.
  const lon = west + (east - west) * 0.4;
  const lat = south + (north - south) * 0.55;
  const want = demAt(lon, lat);
  const sampled = await page.evaluate(([x, y]) => window.__twinTerrain?.sampleHeight(x, y), [
    lon,
    lat,
  ] as const);
  const loaded = await page.evaluate(([x, y]) => window.__twinTerrain?.globeHeight(x, y), [
    lon,
    lat,
  ] as const);
  console.log(`terrain: DEM + geoid ${want.toFixed(2)} m, sampled ${sampled}, loaded ${loaded}`);
  expect(Math.abs((sampled ?? 0) - want), 'finest terrain height vs DEM + geoid').toBeLessThan(1);
  expect(Math.abs((loaded ?? 0) - want), 'globe height in view vs DEM + geoid').toBeLessThan(2);

  // Picking a point of the ground in view finds the ground, at its height (not the ellipsoid's 0).
  const seen = await mapPart(page);
  const ground = intersect(GROUND, seen);
  const px = (ground.x0 + ground.x1) / 2;
  const py = (ground.y0 + ground.y1) / 2;
  const picked = await page.evaluate(([x, y]) => window.__twinTerrain?.pick(x, y) ?? null, [px, py] as const);
  expect(picked, 'a ground point under the view').not.toBeNull();
  if (picked) {
    expect(picked.lon).toBeGreaterThan(west);
    expect(picked.lon).toBeLessThan(east);
    expect(
      Math.abs(picked.height - demAt(picked.lon, picked.lat)),
      'picked height vs DEM + geoid',
    ).toBeLessThan(2);
  }

  // At this low pitch the ground is the draped ortho: its vintage changes the ground's pixels.
  const yearA = await globePicture(page);
  expect(texture(yearA, ground), `${a}: imagery on the ground, not a flat colour`).toBeGreaterThan(8);
  const select = page.getByRole('combobox', { name: 'Millésime affiché' });
  await select.scrollIntoViewIfNeeded();
  await select.selectOption(String(b));
  await settleTwin(page);
  await shot(page, `2-low-pitch-${b}`);
  const yearB = await globePicture(page);
  const changed = changedShare(yearA, yearB, ground);
  console.log(`terrain: ${a} → ${b} changes ${(changed * 100).toFixed(1)} % of the ground's pixels`);
  expect(changed, `switching the ortho ${a} → ${b} changes the ground at a low pitch`).toBeGreaterThan(0.05);

  // The compare swipe splits the draped imagery: each half shows its own year.
  const toggle = page.getByRole('checkbox', { name: 'Comparer deux millésimes' });
  await toggle.scrollIntoViewIfNeeded();
  await toggle.check();
  await settleTwin(page);
  await shot(page, '3-compare');
  const split = await globePicture(page);
  const mid = (seen.x0 + seen.x1) / 2;
  const left = intersect(ground, { ...ground, x1: mid - 0.04 });
  const right = intersect(ground, { ...ground, x0: mid + 0.04 });
  const l = { own: difference(split, yearA, left), other: difference(split, yearB, left) };
  const r = { own: difference(split, yearB, right), other: difference(split, yearA, right) };
  console.log(
    `terrain compare: left ${l.own.toFixed(1)} vs ${l.other.toFixed(1)}, right ${r.own.toFixed(1)} vs ${r.other.toFixed(1)}`,
  );
  expect(l.own, `left half shows ${a}`).toBeLessThan(l.other * 0.6);
  expect(r.own, `right half shows ${b}`).toBeLessThan(r.other * 0.6);
  await toggle.uncheck();

  // Unticking « Relief » puts the globe back on the ellipsoid (heights 0); ticking it brings it back.
  const relief = row.getByRole('checkbox');
  await relief.scrollIntoViewIfNeeded();
  await relief.uncheck();
  await expect.poll(() => terrainKind(page)).toBe('ellipsoid');
  await settleTwin(page);
  await shot(page, '4-ellipsoid');
  const flat = await page.evaluate(([x, y]) => window.__twinTerrain?.globeHeight(x, y), [lon, lat] as const);
  expect(Math.abs(flat ?? 99), 'the ellipsoid: height 0').toBeLessThan(0.5);
  const onEllipsoid = await globePicture(page);
  expect(changedShare(yearB, onEllipsoid, ground), 'the ground moved down to the ellipsoid').toBeGreaterThan(
    0.05,
  );
  await relief.check();
  await expect.poll(() => terrainKind(page)).toBe('quantized-mesh');
  await settleTwin(page);
  await expect(row.locator('.layer__failure')).toHaveCount(0);

  // A scenario's volume stands on the terrain (not at the ellipsoid 66 m below) and shows.
  const [cx, cy] = wgs84ToLambert93((west + east) / 2, (south + north) / 2);
  await loadScenarioBox(page, { x0: cx - 30, y0: cy - 30, x1: cx + 30, y1: cy + 30 }, 'Halle', 12);
  const base = demAt((west + east) / 2, (south + north) / 2);
  await expect
    .poll(() => page.evaluate(() => window.__twinScenario?.ground?.() ?? null), {
      message: 'the volume stands on the ground (terrain, or a 3D tile over it)',
    })
    .toBeGreaterThan(base - 1);
  await expect.poll(() => page.evaluate(() => window.__twinScenario?.pickedAtCentre?.())).toBe(true);
  await shot(page, '5-scenario');
  await page.getByRole('button', { name: 'Retirer le scénario' }).click();

  // The 2D map: drawn (imagery, not a flat colour) and picking still finds the sample's ground.
  await page.getByRole('button', { name: 'Carte 2D' }).click();
  await page.waitForFunction(() => window.__twin?.sceneMode() === '2d', null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Vue d’ensemble', exact: true }).click();
  await settleTwin(page);
  await shot(page, '6-2d');
  const map = await globePicture(page);
  const seen2d = await mapPart(page);
  expect(texture(map, seen2d), '2D map: imagery').toBeGreaterThan(8);
  const at2d = await page.evaluate(([x, y]) => window.__twinTerrain?.pick(x, y) ?? null, [
    (seen2d.x0 + seen2d.x1) / 2,
    (seen2d.y0 + seen2d.y1) / 2,
  ] as const);
  expect(at2d, '2D: a point under the map centre').not.toBeNull();

  expect(await page.evaluate(() => window.__twinTerrain?.failedTiles())).toBe(0);
  expect(problems, 'no uncaught error').toEqual([]);
  await expectNoRawErrors(page);
});
