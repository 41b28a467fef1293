/**
 * The « Chantiers de tuilage » page against the real server with a real redis-server and real
 * `tiling run --queue` / `tiling worker` processes it spawns (its own server, started here, beside
 * the config's): plan and launch the 400 m sample's 2024 dalles from the page, the dalles turn done
 * on the map (pushed events), a click on a dalle lists its jobs, the swipe compares the new pyramid
 * with the published 2021 one; a broken dalle shows failed with its error; actions without a token
 * or with a reviewer's token are refused in words. Screenshots are kept as artifacts.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { freePort } from '../tiling/distributed/redis';
import { saveScreenshot, waitForGlobe } from './helpers';

const TECH = 'tech-token-e2e-001';
const REVIEWER = 'reviewer-token-e2e-1';
const dist = process.env.E2E_DIST ?? 'dist';
let root = '';
let redisPid = 0;
let redisPort = 0;
let server: ChildProcess | null = null;
let base = '';

function tiling(args: string[]): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'tiling/cli/bin.ts', ...args], { stdio: 'pipe' });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  mkdirSync('.tmp', { recursive: true });
  root = mkdtempSync(join(process.cwd(), '.tmp', 'console-e2e-'));
  const inputs = join(root, 'inputs');
  const twin = join(root, 'twin');
  // A real redis-server, stopped by its PID in afterAll.
  redisPort = await freePort();
  mkdirSync(join(root, 'redis'), { recursive: true });
  execFileSync('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(redisPort),
    '--dir',
    join(root, 'redis'),
    '--pidfile',
    join(root, 'redis', 'redis.pid'),
    '--save',
    '',
    '--logfile',
    join(root, 'redis', 'redis.log'),
  ]);
  for (let k = 0; k < 600 && redisPid === 0; k++) {
    try {
      redisPid = Number(readFileSync(join(root, 'redis', 'redis.pid'), 'utf8').trim());
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The sample (4 dalles per vintage) and the published 2021 pyramid the swipe compares with.
  tiling(['sample', '--out', inputs, '--size-m', '400']);
  tiling([
    'run',
    join(inputs, 'ortho', '2021'),
    '--out',
    join(twin, '2021', 'ortho'),
    '--job-span',
    '2',
    '--workers',
    '1',
  ]);
  // A folder with one broken dalle (pixels damaged, headers intact).
  const names = readdirSync(join(inputs, 'ortho', '2024'))
    .filter((f) => f.endsWith('.tif'))
    .sort();
  mkdirSync(join(inputs, 'broken-2024'), { recursive: true });
  const name = names[0] as string;
  const bytes = readFileSync(join(inputs, 'ortho', '2024', name));
  bytes.fill(0x5a, Math.floor(bytes.length / 3), Math.floor(bytes.length / 3) + 400_000);
  writeFileSync(join(inputs, 'broken-2024', name), bytes);
  copyFileSync(
    join(inputs, 'ortho', '2024', names[1] as string),
    join(inputs, 'broken-2024', names[1] as string),
  );
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/bin.ts',
      '--port',
      String(port),
      '--twin',
      twin,
      '--dist',
      dist,
      '--db',
      join(root, 'review.sqlite'),
      '--queue',
      `redis://127.0.0.1:${redisPort}`,
      '--console-root',
      `donnees=${inputs}`,
      '--console-lock-ms',
      '3000',
      '--console-stalled-ms',
      '500',
    ],
    {
      env: { ...process.env, TECHNICIAN_TOKENS: `tina=${TECH}`, REVIEW_TOKENS: `rita=${REVIEWER}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`console server did not start:\n${out}`)), 60_000);
    server?.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('hdf-twin server: http')) {
        clearTimeout(t);
        resolve();
      }
    });
    server?.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  try {
    if (redisPid > 0) process.kill(redisPid, 'SIGTERM');
    else if (redisPort > 0) execFileSync('redis-cli', ['-p', String(redisPort), 'shutdown', 'nosave']);
  } catch {
    // already gone
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

async function openConsole(page: Page, token: string | null) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Chantiers de tuilage' }).click();
  await expect(page.getByRole('heading', { name: 'Chantiers de tuilage', level: 1 })).toBeVisible();
  await expect(page.getByText('Mises à jour en direct')).toBeVisible();
  if (token) {
    await page.getByLabel('Jeton de technicien').fill(token);
    await page.getByRole('button', { name: 'Enregistrer le jeton' }).click();
  }
}

async function fillForm(page: Page, input: string, output: string) {
  await page.getByLabel('Dalles à tuiler').selectOption(input);
  await page.getByLabel('Nom du dossier de sortie').fill(output);
  await page.getByLabel('Millésime').fill('2024');
  await page.getByLabel('Nombre de travailleurs').fill('2');
  await page.getByLabel('Niveaux par travail').fill('2');
}

test('plan and launch the sample from the page: the dalles turn done on the map, a dalle shows its jobs, the swipe compares with 2021', async ({
  page,
}, testInfo) => {
  test.setTimeout(480_000);
  await openConsole(page, TECH);
  await saveScreenshot(page, testInfo, 'console-empty');
  await fillForm(page, 'donnees:ortho/2024', 'ortho-2024');
  await page.getByRole('button', { name: 'Estimer' }).click();
  await expect(page.getByRole('status').filter({ hasText: /1\s581 tuiles/ })).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByRole('status').filter({ hasText: '4 dalle(s)' })).toBeVisible();
  await page.getByRole('button', { name: 'Lancer', exact: true }).click();
  await expect(page.getByText('Chantier c-ortho-2024 lancé.')).toBeVisible();
  const list = page.getByRole('table', { name: 'Chantiers' });
  await expect(list.getByRole('row').filter({ hasText: 'c-ortho-2024' })).toContainText('Orthophoto');
  const legend = page.getByRole('list', { name: 'Légende des dalles' });
  await expect(legend).toBeVisible({ timeout: 120_000 });
  await saveScreenshot(page, testInfo, 'console-running');
  await expect(list.getByRole('row').filter({ hasText: 'c-ortho-2024' })).toContainText('terminé', {
    timeout: 300_000,
  });
  await expect(legend.getByRole('listitem').filter({ hasText: 'terminée' })).toContainText('4');
  await expect(page.getByText(/dernière mise à jour affichée \d+\sms après la fin du travail/)).toBeVisible();
  await waitForGlobe(page);
  // The four footprints on the globe are drawn as done (read from the entities, not the pixels:
  // the new pyramid's imagery shows through them).
  await expect
    .poll(() =>
      page.evaluate(() =>
        window
          .__consoleFootprints?.()
          .map((f) => f.state)
          .join(','),
      ),
    )
    .toBe('done,done,done,done');
  await saveScreenshot(page, testInfo, 'console-done');
  // A click on a dalle (left of the centre: the sample's dalles meet at the centre) shows its jobs.
  const canvas = page.locator('.cesium-widget canvas');
  const box = (await canvas.boundingBox()) as { x: number; y: number; width: number; height: number };
  await page.mouse.click(box.x + box.width * 0.42, box.y + box.height * 0.42);
  const card = page.getByRole('region', { name: /^Dalle 2024-/ });
  await expect(card).toBeVisible();
  await expect(card.getByRole('listitem').first()).toContainText('terminé');
  // An inner job (the first ones sit on the data's edge): the camera flies to its tiles.
  await card
    .getByRole('button', { name: /^Aller aux tuiles du travail/ })
    .nth(5)
    .click();
  await page.waitForTimeout(1500);
  await waitForGlobe(page);
  await saveScreenshot(page, testInfo, 'console-dalle');
  // Preview: the new 2024 pyramid left, the published 2021 right.
  await page.getByRole('button', { name: 'Comparer avec la version publiée' }).click();
  await expect(page.getByLabel(/Position du rideau/)).toBeVisible();
  // Both pyramids' tilejson.json are fetched first, then their tiles.
  await page.waitForTimeout(2500);
  await waitForGlobe(page);
  await saveScreenshot(page, testInfo, 'console-preview');
});

test('a broken dalle shows failed with its error in words', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await openConsole(page, TECH);
  await fillForm(page, 'donnees:broken-2024', 'broken-2024');
  await page.getByRole('button', { name: 'Lancer', exact: true }).click();
  const row = page
    .getByRole('table', { name: 'Chantiers' })
    .getByRole('row')
    .filter({ hasText: 'c-broken-2024' });
  await row.getByRole('button', { name: 'c-broken-2024' }).click();
  await expect(row).toContainText('arrêté', { timeout: 240_000 });
  await expect(
    page.getByRole('alert').filter({ hasText: /corrupt; re-export it, or pass --on-error skip/ }),
  ).toBeVisible();
  const legend = page.getByRole('list', { name: 'Légende des dalles' });
  await expect(legend.getByRole('listitem').filter({ hasText: 'en échec' })).toContainText('1');
  // The batch no longer runs: a partly done dalle is « interrompue », never « en cours ».
  await expect(legend).toContainText('interrompue');
  await expect(legend).not.toContainText('en cours');
  await expect(row).not.toContainText(/\d+ s\b|min/); // no time left is shown for a stopped batch
  await expect
    .poll(() => page.evaluate(() => window.__consoleFootprints?.().some((f) => f.state === 'failed')))
    .toBe(true);
  await waitForGlobe(page);
  await saveScreenshot(page, testInfo, 'console-failed');
});

test('actions without a token or with a reviewer token are refused, saying why', async ({
  page,
}, testInfo) => {
  await openConsole(page, null);
  await fillForm(page, 'donnees:ortho/2024', 'refused');
  await page.getByRole('button', { name: 'Lancer', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Refusé par le serveur (401)' })).toContainText(
    'needs a technician token',
  );
  await page.getByLabel('Jeton de technicien').fill(REVIEWER);
  await page.getByRole('button', { name: 'Enregistrer le jeton' }).click();
  await page.getByRole('button', { name: 'Lancer', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Refusé par le serveur (403)' })).toContainText(
    'reviewer "rita" gives no right',
  );
  // The inputs are chosen among the configured roots; an output name that would leave the twin's
  // batch folder is refused, saying what a name may hold.
  await page.getByLabel('Jeton de technicien').fill(TECH);
  await page.getByRole('button', { name: 'Enregistrer le jeton' }).click();
  const name = page.getByLabel('Nom du dossier de sortie');
  await name.fill('../evil');
  await page.getByRole('button', { name: 'Lancer', exact: true }).click();
  await expect(name).toHaveAttribute('title', /Lettres minuscules, chiffres et « - »/);
  expect(await name.evaluate((el) => (el as HTMLInputElement).validity.patternMismatch)).toBe(true);
  // Nothing was launched (earlier tests' batches may be listed).
  await expect(page.getByRole('row').filter({ hasText: 'evil' })).toHaveCount(0);
  await expect(page.getByText(/evil.* lancé/)).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'console-refused');
});
