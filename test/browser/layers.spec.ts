/**
 * Layer panel, navigation and WFS against the synthetic twin (global-setup.ts) and a loopback
 * OGC server serving the real Hauts-de-France communes (test/ogc/ogc-test-server.ts).
 * Few tests, each loading the page once: software WebGL renders a few frames per second.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { COMMUNES_TYPE, type OgcTestServer, startOgcTestServer } from '../ogc/ogc-test-server';
import { E2E_TWIN_DIR, SAMPLE_BOUNDS, SAMPLE_MAX_ZOOM, SAMPLE_MIN_ZOOM, TITLES } from './fixtures';
import { CATALOG_3D, TITLES_3D } from './fixtures-3d';
import { canvasPixels, changedShare, saveScreenshot, settle, waitForGlobe } from './helpers';

const BROKEN_WMTS = 'WMTS introuvable';
const WFS_TITLE = 'Communes (WFS)';

let ogc: OgcTestServer;

test.beforeAll(async () => {
  ogc = await startOgcTestServer();
  const ortho = {
    id: 'ortho-2021',
    kind: 'orthoimagery',
    title: TITLES.ortho,
    vintage: 2021,
    source: {
      type: 'xyz',
      url: '2021/ortho/{z}/{x}/{y}.jpg',
      minZoom: SAMPLE_MIN_ZOOM,
      maxZoom: SAMPLE_MAX_ZOOM,
      bounds: SAMPLE_BOUNDS,
    },
  };
  await mkdir(E2E_TWIN_DIR, { recursive: true });
  // A WMTS whose endpoint does not exist (every GetTile is a 404) above the working pyramid.
  await writeFile(
    join(E2E_TWIN_DIR, 'layers-catalog.json'),
    JSON.stringify({
      version: 1,
      title: 'Couches (tests)',
      home: [3.125, 50.605, 3.155, 50.625],
      layers: [
        {
          id: 'wmts-absent',
          kind: 'orthoimagery',
          title: BROKEN_WMTS,
          vintage: 2024,
          source: {
            type: 'wmts',
            url: 'absent-wmts/wmts',
            layer: 'ORTHOIMAGERY.ORTHOPHOTOS',
            tileMatrixSet: 'PM',
            minZoom: SAMPLE_MIN_ZOOM,
            maxZoom: SAMPLE_MAX_ZOOM,
            bounds: SAMPLE_BOUNDS,
          },
        },
        ortho,
      ],
    }),
  );
  await writeFile(
    join(E2E_TWIN_DIR, 'wfs-catalog.json'),
    JSON.stringify({
      version: 1,
      home: [3.125, 50.605, 3.155, 50.625],
      layers: [
        {
          id: 'communes-wfs',
          kind: 'territories',
          title: WFS_TITLE,
          source: {
            type: 'wfs',
            url: `${ogc.baseUrl}/geoserver/hdf/wfs`,
            typeName: COMMUNES_TYPE,
            pageSize: 2,
            minZoom: 9,
          },
        },
        ortho,
      ],
    }),
  );
});

test.afterAll(async () => {
  await ogc.close();
});

/** PNG of the globe's canvas after one more frame. */
async function canvasPng(page: Page): Promise<Buffer> {
  await page.evaluate(() => window.__twin?.requestRender());
  await page.waitForTimeout(500);
  return page.locator('.cesium-widget canvas').screenshot();
}

/** Mean absolute difference of two same-size images, 0..255. */
async function meanDiff(a: Buffer, b: Buffer): Promise<number> {
  const [ra, rb] = await Promise.all([a, b].map((x) => sharp(x).removeAlpha().raw().toBuffer()));
  if (!ra || !rb || ra.length !== rb.length) throw new Error('screenshots differ in size');
  let sum = 0;
  for (let i = 0; i < ra.length; i++) sum += Math.abs((ra[i] ?? 0) - (rb[i] ?? 0));
  return sum / ra.length;
}

test('a bad WMTS URL fails on its own row; toggling and ordering layers change the picture', async ({
  page,
}, testInfo) => {
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.goto('/?catalog=/twin/layers-catalog.json');
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  // One row per series: the WMTS (2024) and the pyramid (2021) are two products, two rows.
  const rows = panel.getByRole('region', { name: 'Couches' }).getByRole('listitem');
  await expect(rows).toHaveCount(2);
  const broken = rows.filter({ hasText: BROKEN_WMTS });
  const ortho = rows.filter({ hasText: TITLES.ortho.fr });
  await expect(broken.getByRole('status')).toContainText('Échec');
  await expect(broken).toContainText('millésime 2024');
  // The other row is not in error and its tiles draw.
  await expect(ortho.getByRole('status')).toHaveCount(0);
  await waitForGlobe(page);
  const withOrtho = await canvasPng(page);
  await saveScreenshot(page, testInfo, 'layers-broken-wmts');

  // Hiding the pyramid changes the picture; showing it again brings it back.
  await panel.getByRole('checkbox', { name: TITLES.ortho.fr }).uncheck();
  await waitForGlobe(page);
  const withoutOrtho = await canvasPng(page);
  await saveScreenshot(page, testInfo, 'layers-ortho-hidden');
  expect(await meanDiff(withOrtho, withoutOrtho), 'hiding the orthophoto changes the globe').toBeGreaterThan(
    5,
  );
  await panel.getByRole('checkbox', { name: TITLES.ortho.fr }).check();
  await waitForGlobe(page);
  expect(await meanDiff(withOrtho, await canvasPng(page)), 'showing it again restores it').toBeLessThan(2);

  // Order: keyboard only. The broken WMTS is first (on top); move the ortho up with Enter.
  await expect(rows.first()).toContainText(BROKEN_WMTS);
  const up = page.getByRole('button', { name: `Monter « ${TITLES.ortho.fr} » (dessinée au-dessus)` });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(rows.first()).toContainText(TITLES.ortho.fr);
  await expect(panel.getByRole('status').filter({ hasText: 'position 1 sur 2' })).toHaveCount(1);
  // At the top its "up" button is disabled and the focus went to "down".
  await expect(up).toBeDisabled();
  await expect(
    page.getByRole('button', { name: `Descendre « ${TITLES.ortho.fr} » (dessinée en dessous)` }),
  ).toBeFocused();
  await saveScreenshot(page, testInfo, 'layers-reordered');
  expect(uncaught).toEqual([]);
});

test('search flies to a commune, coordinates read in WGS 84 and Lambert-93, 2D switch, WFS by view', async ({
  page,
}, testInfo) => {
  ogc.requests.length = 0;
  await page.goto('/?catalog=/twin/wfs-catalog.json');
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  const wfsRow = panel.getByRole('listitem').filter({ hasText: WFS_TITLE });
  // Loaded for the home view only, page by page: Villeneuve-d'Ascq and its neighbours.
  await expect(wfsRow).toContainText(/\d+\sobjets dans la vue/, { timeout: 60_000 });
  const getFeature = ogc.requests.filter((r) => r.searchParams.get('REQUEST') === 'GetFeature');
  // Pages of 2: the view took several requests, start indexes 0, 2, … (a load restarted by a
  // camera move begins again at 0).
  const starts = getFeature.map((r) => Number(r.searchParams.get('STARTINDEX')));
  expect(starts).toContain(2);
  expect(starts.every((n) => n % 2 === 0)).toBe(true);
  for (const r of getFeature) {
    expect(r.searchParams.get('COUNT')).toBe('2');
    expect(r.searchParams.get('BBOX')).toMatch(
      /^50\.6\d*,3\.1\d*,50\.6\d*,3\.1\d*,urn:ogc:def:crs:EPSG::4326$/,
    );
  }
  await waitForGlobe(page);
  await saveScreenshot(page, testInfo, 'wfs-communes');

  // Coordinates under the cursor: the centre of the home view is Villeneuve-d'Ascq.
  const canvas = page.locator('.cesium-widget canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // PROJ gives (3.14° E, 50.615° N) → X 709 925 m, Y 7 057 562 m; the view centre is near it.
  await expect(page.getByTestId('coordinates-wgs84')).toHaveText(/^WGS\s84\s:\s50,6\d+\sN,\s3,1\d+\sE$/);
  await expect(page.getByTestId('coordinates-lambert93')).toHaveText(
    /^Lambert-93\s:\sX\s7[01]\d\s\d{3}\sm,\sY\s7\s05\d\s\d{3}\sm$/,
  );

  // Search by name, choose with the keyboard: the camera flies to Amiens.
  const search = page.getByRole('combobox', { name: 'Rechercher une commune ou un EPCI' });
  // The search box's own list (the territory panel has lists of options too).
  const results = page.getByRole('listbox', { name: 'Rechercher une commune ou un EPCI' });
  await search.fill('amiens');
  await expect(results.getByRole('option').first()).toContainText('Amiens');
  await saveScreenshot(page, testInfo, 'search-amiens');
  await search.press('Enter');
  await expect(page.getByText('Vol vers Amiens.')).toBeVisible();
  await expect
    .poll(
      async () => {
        const v = await page.evaluate(() => window.__twin?.viewRectangle() ?? null);
        return v ? (v[0] + v[2]) / 2 : 0;
      },
      { timeout: 30_000 },
    )
    .toBeLessThan(2.4);
  const v = await page.evaluate(() => window.__twin?.viewRectangle() ?? null);
  expect(v?.[0]).toBeLessThan(2.3);
  expect(v?.[2]).toBeGreaterThan(2.3);
  expect(v?.[1]).toBeLessThan(49.894);
  expect(v?.[3]).toBeGreaterThan(49.894);

  // By SIREN: the Métropole Européenne de Lille.
  await search.fill('200093201');
  await expect(results.getByRole('option')).toHaveText(/Métropole Européenne de Lille/);
  await results.getByRole('option').click();
  await expect
    .poll(
      async () => {
        const r = await page.evaluate(() => window.__twin?.viewRectangle() ?? null);
        return r ? (r[0] + r[2]) / 2 : 0;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(2.9);

  // 2D map and back.
  await page.getByRole('button', { name: 'Carte 2D' }).click();
  await expect(page.getByRole('button', { name: 'Carte 2D' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => page.evaluate(() => window.__twin?.sceneMode() ?? null)).toBe('2d');
  await waitForGlobe(page);
  // The map keeps the extent being looked at (the MEL), not the whole world.
  const map = await page.evaluate(() => window.__twin?.viewRectangle() ?? null);
  expect((map?.[2] ?? 180) - (map?.[0] ?? -180), '2D view width, degrees').toBeLessThan(3);
  expect(((map?.[0] ?? 0) + (map?.[2] ?? 0)) / 2).toBeCloseTo(3.03, 0);
  await saveScreenshot(page, testInfo, 'mode-2d');
  await page.getByRole('button', { name: 'Globe 3D' }).click();
  await expect.poll(async () => page.evaluate(() => window.__twin?.sceneMode() ?? null)).toBe('3d');

  // Home: back to the catalog's home extent.
  await page.getByRole('button', { name: 'Vue d’ensemble', exact: true }).click();
  await expect
    .poll(
      async () => {
        const r = await page.evaluate(() => window.__twin?.viewRectangle() ?? null);
        return r ? (r[0] + r[2]) / 2 : 0;
      },
      { timeout: 30_000 },
    )
    .toBeCloseTo(3.14, 1);
});

test('the 2D map shows the orthophoto once, where the 3D globe shows it; 3D tiles wait for the globe', async ({
  page,
}, testInfo) => {
  // The 3D tiles (textured with the same orthophoto) are on: drawn flat on a 2D map they made a
  // second, shifted copy of the ground over the imagery.
  await page.goto(`/?catalog=/twin/${CATALOG_3D}`);
  const panel = page.getByRole('complementary', { name: 'Panneau des couches' });
  const tilesBox = panel.getByRole('checkbox', { name: TITLES_3D.folder.fr });
  await expect(tilesBox).toBeChecked();
  // The 3D tiles float above the globe: the straight-down 3D view of the orthophoto alone.
  await tilesBox.uncheck();
  await settle(page);
  const globe3d = await canvasPixels(page);
  await saveScreenshot(page, testInfo, 'ortho-3d-top');
  await tilesBox.check();

  await page.getByRole('button', { name: 'Carte 2D' }).click();
  await expect.poll(async () => page.evaluate(() => window.__twin?.sceneMode() ?? null)).toBe('2d');
  await settle(page);
  const tilesRow = panel
    .getByRole('listitem')
    .filter({ has: page.getByRole('checkbox', { name: TITLES_3D.folder.fr }) });
  await expect(tilesRow).toContainText('Non affichée sur la carte 2D (revenez au globe 3D).');
  const map2d = await canvasPixels(page);
  await saveScreenshot(page, testInfo, 'ortho-2d');
  // Nothing of the tiles is drawn on the map: unticking them changes no pixel.
  await tilesBox.uncheck();
  await settle(page);
  expect(
    changedShare(map2d, await canvasPixels(page)),
    'pixels the 3D tiles change on the 2D map',
  ).toBeLessThan(0.005);
  // The map (Web Mercator, like the tiles) looks like the straight-down 3D view: same place,
  // same shape; a duplicated or squeezed mosaic changes most pixels.
  const share = changedShare(globe3d, map2d);
  console.log(`2D map vs 3D top view: ${(share * 100).toFixed(1)} % of pixels differ`);
  expect(share, 'share of pixels that differ between the 2D map and the 3D top view').toBeLessThan(0.25);
  // Back on the globe, the tiles draw again.
  await tilesBox.check();
  await page.getByRole('button', { name: 'Globe 3D' }).click();
  await expect.poll(async () => page.evaluate(() => window.__twin?.sceneMode() ?? null)).toBe('3d');
  await expect(tilesRow).not.toContainText('Non affichée sur la carte 2D');
});
