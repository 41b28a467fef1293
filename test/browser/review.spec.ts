/**
 * The review queue against the real server (playwright.config.ts: server/bin.ts, a fresh SQLite
 * file, the detections of fixtures.ts). Keyboard only for the decisions; the stored state is
 * read back through the API.
 */
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { E2E_REVIEWERS } from './fixtures';
import { expectBboxWithin, saveScreenshot, waitForGlobe } from './helpers';

interface ApiItem {
  id: string;
  status: string;
  version: number;
  reviewer: string | null;
  classNew: string | null;
  comment: string | null;
  bbox: [number, number, number, number];
}

/** Pixels of the outline's yellow (#ffd400) on the globe's canvas. */
async function outlinePixels(page: Page): Promise<number> {
  const png = await page.locator('.cesium-widget canvas').screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
    if (r > 200 && g > 180 && b < 90) n++;
  }
  return n;
}

/** The panel's spoken status line (decisions saved). */
const said = (review: ReturnType<Page['getByRole']>) => review.locator('p[role="status"]');

async function openPanel(page: Page) {
  await page.goto('/');
  const review = page.getByRole('region', { name: 'Revue des détections' });
  await expect(
    review.getByRole('list', { name: 'File de revue' }).getByRole('listitem').first(),
  ).toBeVisible();
  return review;
}

/** Types the reviewer's token with the keyboard (the field is focused, not clicked). */
async function typeToken(page: Page, review: ReturnType<Page['getByRole']>, token: string) {
  await review.getByLabel('Jeton de relecteur').focus();
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await expect(review.getByText('Jeton enregistré pour cet onglet')).toBeVisible();
}

test('three detections reviewed with the keyboard only: stored, counted and exported', async ({
  page,
  request,
}, testInfo) => {
  const uncaught: string[] = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  const review = await openPanel(page);
  const queue = review.getByRole('list', { name: 'File de revue' });
  // Confidence × area: the fixture's order.
  await expect(queue.getByRole('listitem')).toHaveCount(5);
  await expect(queue.getByRole('listitem').first()).toContainText('chg-e2e-1 · vers bâti · 95');
  await expect(review.getByRole('list', { name: 'Précision par classe' })).toContainText(
    'vers bâti : pas encore de décision (0/2 revues)',
  );
  await typeToken(page, review, E2E_REVIEWERS.testeur);
  // Kept for the tab, never in the address.
  expect(await page.evaluate(() => sessionStorage.getItem('hdf-twin.review-token'))).toBe(
    E2E_REVIEWERS.testeur,
  );
  expect(await page.evaluate(() => window.location.href)).not.toContain(E2E_REVIEWERS.testeur);

  // J opens the first detection: the camera flies to it and its outline is drawn.
  await page.keyboard.press('j');
  const current = review.getByRole('region', { name: 'Détection chg-e2e-1' });
  await expect(current).toContainText('1 / 5');
  await expect(current).toContainText('comparaison des millésimes 2021 et 2024');
  const item1 = (await (await request.get('/api/review/items/chg-e2e-1')).json()).item as ApiItem;
  await expect
    .poll(() => page.evaluate(() => window.__twin?.viewRectangle()), { timeout: 30_000 })
    .toBeTruthy();
  await expect
    .poll(
      async () => {
        const v = await page.evaluate(() => window.__twin?.viewRectangle());
        return v ? v[2] - v[0] < 0.05 : false;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  expectBboxWithin((await page.evaluate(() => window.__twin?.viewRectangle())) ?? [], item1.bbox, 1e-4);
  await waitForGlobe(page);
  await expect.poll(() => outlinePixels(page), { timeout: 30_000 }).toBeGreaterThan(40);
  await current.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'review-item-open');

  // A accepts; the next one opens.
  await page.keyboard.press('a');
  await expect(said(review)).toContainText('chg-e2e-1 : acceptée (testeur), enregistrée.');
  await expect(review.getByRole('region', { name: 'Détection chg-e2e-2' })).toBeVisible();
  // C writes a comment (Escape leaves the field), 3 reclassifies "vers terrassement".
  await page.keyboard.press('c');
  await page.keyboard.type('Chantier <b>en cours</b>');
  // Shift+Tab twice: the corrected land cover; typing its code chooses it.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('CS1.1.1');
  await expect(review.getByLabel('Couverture corrigée (CS)')).toHaveValue('CS1.1.1');
  await page.keyboard.press('Escape');
  await page.keyboard.press('3');
  await expect(said(review)).toContainText('chg-e2e-2 : reclassée (testeur)');
  // R rejects the third.
  await expect(review.getByRole('region', { name: 'Détection chg-e2e-3' })).toBeVisible();
  await page.keyboard.press('r');
  await expect(said(review)).toContainText('chg-e2e-3 : rejetée (testeur)');
  await expect(review.getByRole('list', { name: 'Précision par classe' })).toContainText(
    'vers bâti : précision 100 % (1/2 revues)',
  );
  // K goes back: the comment is shown as text, with its history.
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  const second = review.getByRole('region', { name: 'Détection chg-e2e-2' });
  await expect(second).toContainText('Chantier <b>en cours</b>');
  await expect(second.getByRole('list', { name: 'Historique' })).toContainText('testeur : reclassée');
  await saveScreenshot(page, testInfo, 'review-three-decided');

  const stored = async (id: string) =>
    (await (await request.get(`/api/review/items/${id}`)).json()).item as ApiItem;
  expect(await stored('chg-e2e-1')).toMatchObject({ status: 'accepted', version: 1, reviewer: 'testeur' });
  expect(await stored('chg-e2e-2')).toMatchObject({
    status: 'reclassified',
    classNew: 'vers_terrassement',
    comment: 'Chantier <b>en cours</b>',
    csNew: 'CS1.1.1',
    reviewer: 'testeur',
  });
  expect(await stored('chg-e2e-3')).toMatchObject({ status: 'rejected', reviewer: 'testeur' });
  expect(await stored('chg-e2e-4')).toMatchObject({ status: 'pending', version: 0 });

  // The export linked from the panel holds the three decisions with their labels.
  const href = await review.getByRole('link', { name: /réentraînement/ }).getAttribute('href');
  const exported = (await (await request.get(href ?? '')).json()) as {
    features: { id: string; properties: Record<string, unknown> }[];
  };
  expect(Object.fromEntries(exported.features.map((f) => [f.id, f.properties.new_class]))).toEqual({
    'chg-e2e-1': 'vers_bati',
    'chg-e2e-2': 'vers_terrassement',
    'chg-e2e-3': null,
  });
  // The GeoContrib export: the corrected code with its official label.
  const gcHref = await review.getByRole('link', { name: /GeoContrib/ }).getAttribute('href');
  const gc = (await (await request.get(gcHref ?? '')).json()) as {
    features: { id: string; properties: Record<string, unknown> }[];
  };
  expect(gc.features.map((f) => f.id)).toEqual(['chg-e2e-2']);
  expect(gc.features[0]?.properties).toMatchObject({
    type_erreur: 'Attribut',
    millesime: '2024',
    cs_new: { label: 'CS1.1.1 Surfaces bâties' },
    comment: 'Chantier <b>en cours</b>',
  });
  expect(uncaught).toEqual([]);
});

test('a stale version is refused and shown in words; a wrong token asks for the token again', async ({
  page,
  request,
}, testInfo) => {
  const review = await openPanel(page);
  await typeToken(page, review, E2E_REVIEWERS.testeur);
  await page.keyboard.press('j');
  const heading = review.getByRole('heading', { name: /^Détection chg-e2e-\d/ });
  const id = /chg-e2e-\d/.exec((await heading.textContent()) ?? '')?.[0] ?? '';
  expect(id).not.toBe('');
  // Someone else decides on the version this page is showing.
  const other = await request.post(`/api/review/items/${id}/decisions`, {
    headers: { Authorization: `Bearer ${E2E_REVIEWERS.autre}` },
    data: { expectedVersion: 0, status: 'rejected' },
  });
  expect(other.status()).toBe(201);
  await page.keyboard.press('a');
  const alert = review.getByRole('alert');
  await expect(alert).toContainText(`Conflit : « ${id} » a été décidée entre-temps par autre`);
  await expect(alert).toContainText('état actuel : rejetée, version 1 ; vous aviez la version 0');
  await expect(review.getByTestId('review-state')).toContainText('Rejetée par autre');
  await alert.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'review-conflict');
  expect(((await (await request.get(`/api/review/items/${id}`)).json()).item as ApiItem).status).toBe(
    'rejected',
  );

  // A token the server does not know: refused, the field comes back.
  await review.getByRole('button', { name: 'Oublier le jeton' }).focus();
  await page.keyboard.press('Enter');
  await typeToken(page, review, 'pas-un-vrai-jeton');
  await page.keyboard.press('r');
  await expect(review.getByRole('alert')).toContainText('Jeton refusé par le serveur');
  await expect(review.getByLabel('Jeton de relecteur')).toBeVisible();
});
