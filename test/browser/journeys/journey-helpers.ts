/**
 * What the journeys share: the twin made by the demo pipeline (scripts/journey-twin.mjs), the two
 * screens they run on, waiting for the globe and reading its pixels, and the screenshots kept
 * under <E2E_TMP or .>/test-results/journeys/ to be looked at.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { journeyTwinDir } from '../../../scripts/journey-twin.mjs';
import type {} from '../../../src/cesium/scenario-volumes';
import type {} from '../helpers';

/** The screens of the issue: a laptop, and a phone held upright. */
export const SCREENS = [
  { name: 'bureau', viewport: { width: 1280, height: 800 }, phone: false },
  { name: 'telephone', viewport: { width: 390, height: 844 }, phone: true },
] as const;
export type Screen = (typeof SCREENS)[number];

/**
 * Playwright options of a screen (device scale 1: software WebGL pays for every pixel), in a
 * French browser as the twin's users have (the browser's own controls speak French too).
 */
export function screenUse(screen: Screen) {
  return {
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: screen.viewport,
    deviceScaleFactor: 1,
    hasTouch: screen.phone,
    isMobile: screen.phone,
  };
}

/** The journeys' twin: its sample manifest (extent, vintages) and folder. */
export function journeyTwin() {
  const dir = journeyTwinDir();
  const manifest = join(dir, 'sample', 'sample.json');
  if (!existsSync(join(dir, 'catalog.json')) || !existsSync(manifest))
    throw new Error(
      `no journey twin in ${dir}: run "node scripts/journey-twin.mjs" (npm run test:browser does it) before playwright`,
    );
  const sample = JSON.parse(readFileSync(manifest, 'utf8')) as {
    extent: { wgs84: [number, number, number, number] };
    vintages: number[];
  };
  return { dir, sample };
}

/** Classes (code, colour) of a vector layer of the twin, from its metadata.json legend. */
export function twinLegend(dir: string, group: string): { code: string; colour: string }[] {
  const meta = JSON.parse(readFileSync(join(journeyTwinDir(), dir, 'metadata.json'), 'utf8')) as {
    legend: Record<string, { code: string; colour: string }[]>;
  };
  return meta.legend[group] ?? [];
}

/** Screenshots kept for a person to look at (not emptied by other tests' output folders). */
export const SHOTS_DIR = join(process.env.E2E_TMP ?? '.', 'test-results', 'journeys');

/** Saves the page as `<screen>-<step>.png` under {@link SHOTS_DIR} and attaches it. */
export async function shot(page: Page, screen: Screen, step: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${screen.name}-${step}.png`);
  await page.screenshot({ path });
  await test.info().attach(`${screen.name}-${step}`, { path, contentType: 'image/png' });
  mark(step);
}

/** Logs how long the journey took to get here (to see where the seconds of software WebGL go). */
let journeyStart = Date.now();
export function mark(step: string): void {
  const title = test.info().title.split(':')[0];
  console.log(`  ${title} ${step}: ${((Date.now() - journeyStart) / 1000).toFixed(1)} s`);
}

/** Waits until the globe and every shown 3D tileset have loaded what the view needs. */
export async function waitForTwin(page: Page, timeout = 150_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const t = window.__twin;
      if (!t?.tilesLoaded()) return false;
      const { shown, loaded } = t.tilesetsLoaded();
      return shown === loaded;
    },
    null,
    { timeout, polling: 500 },
  );
}

/** Asks for frames and waits until nothing is left to load (software WebGL: seconds). */
export async function settleTwin(page: Page): Promise<void> {
  await page.evaluate(() => window.__twin?.requestRender());
  await page.waitForTimeout(600);
  await waitForTwin(page);
  await page.evaluate(() => window.__twin?.requestRender());
  await page.waitForTimeout(600);
  await waitForTwin(page);
}

/** Opens the viewer as a user does: the address, nothing else; waits for the default view. */
export async function openTwin(page: Page): Promise<void> {
  journeyStart = Date.now();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForFunction(() => window.__twin !== undefined, null, { timeout: 60_000 });
  await settleTwin(page);
  mark('default view loaded');
  expect(problems, 'no uncaught error while opening').toEqual([]);
  await expectNoRawErrors(page);
}

/** The globe's canvas box on the page. */
export async function globeBox(page: Page) {
  const box = await page.locator('.cesium-widget canvas').boundingBox();
  if (!box) throw new Error('the globe has no box on the page');
  return box;
}

/** What the user sees over the globe's box (overlays included), as raw RGB. */
export interface Picture {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

export async function globePicture(page: Page): Promise<Picture> {
  await page.evaluate(() => window.__twin?.requestRender());
  await page.waitForTimeout(300);
  const box = await globeBox(page);
  const png = await page.screenshot({ clip: box });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A rectangle in fractions of a picture's size. */
export interface Part {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

function eachPixel(p: Picture, part: Part, f: (i: number, x: number, y: number) => void): void {
  const xa = Math.floor(p.width * part.x0);
  const xb = Math.ceil(p.width * part.x1);
  const ya = Math.floor(p.height * part.y0);
  const yb = Math.ceil(p.height * part.y1);
  for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) f((y * p.width + x) * 3, x, y);
}

/** Largest standard deviation of the three channels in `part` (near 0: a blank, flat colour). */
export function texture(p: Picture, part: Part): number {
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  let n = 0;
  eachPixel(p, part, (i) => {
    for (let c = 0; c < 3; c++) {
      const v = p.data[i + c] as number;
      sum[c] = (sum[c] as number) + v;
      sq[c] = (sq[c] as number) + v * v;
    }
    n++;
  });
  return Math.max(
    ...[0, 1, 2].map((c) => Math.sqrt(Math.max(0, (sq[c] as number) / n - ((sum[c] as number) / n) ** 2))),
  );
}

/** Mean absolute difference of two pictures of the same view in `part`, levels 0-255. */
export function difference(a: Picture, b: Picture, part: Part): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error('pictures of different sizes');
  let total = 0;
  let n = 0;
  eachPixel(a, part, (i) => {
    total +=
      (Math.abs((a.data[i] as number) - (b.data[i] as number)) +
        Math.abs((a.data[i + 1] as number) - (b.data[i + 1] as number)) +
        Math.abs((a.data[i + 2] as number) - (b.data[i + 2] as number))) /
      3;
    n++;
  });
  return total / n;
}

/** Share of pixels of `part` whose colour changed by more than 24 levels on some channel. */
export function changedShare(
  a: Picture,
  b: Picture,
  part: Part,
  skip?: (x: number, y: number) => boolean,
): number {
  let changed = 0;
  let n = 0;
  eachPixel(a, part, (i, x, y) => {
    if (skip?.(x, y)) return;
    n++;
    for (let c = 0; c < 3; c++)
      if (Math.abs((a.data[i + c] as number) - (b.data[i + c] as number)) > 24) {
        changed++;
        return;
      }
  });
  return n === 0 ? 0 : changed / n;
}

/** Pixels of `part` close to a colour (within `tolerance` levels on each channel). */
export function pixelsOf(
  p: Picture,
  rgb: readonly [number, number, number],
  tolerance: number,
  part: Part = { x0: 0, y0: 0, x1: 1, y1: 1 },
): number {
  let n = 0;
  eachPixel(p, part, (i) => {
    if (
      Math.abs((p.data[i] as number) - rgb[0]) <= tolerance &&
      Math.abs((p.data[i + 1] as number) - rgb[1]) <= tolerance &&
      Math.abs((p.data[i + 2] as number) - rgb[2]) <= tolerance
    )
      n++;
  });
  return n;
}

/** "#ff9191" → [255, 145, 145]. */
export function hexRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.replace('#', '').slice(0, 6), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Hectare figures in a text ("1 234,5 ha", "0,44 ha"), as numbers. */
export function hectaresIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(\d[\d\u00a0\u202f ]*(?:,\d+)?)\s*ha\b/g))
    out.push(Number((m[1] as string).replace(/[\u00a0\u202f ]/g, '').replace(',', '.')));
  return out;
}

/** Whether a locator's box lies inside the viewport (the user can see it without scrolling). */
export async function inViewport(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const vp = page.viewportSize();
  if (!box || !vp) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width + 1 && box.y + box.height <= vp.height + 1;
}

/**
 * Makes a panel control reachable as a user would: scrolls it into view, and on a phone opens
 * the side panel / bottom sheet first when it is closed (its toggle button, found by role).
 */
export async function reach(page: Page, target: Locator): Promise<void> {
  if (!(await target.isVisible())) {
    const toggle = page.getByRole('button', { name: /panneau|outils|menu/i, expanded: false }).first();
    if (await toggle.isVisible().catch(() => false)) await toggle.click();
  }
  await target.scrollIntoViewIfNeeded();
}

/** Clicks (desktop) or taps (phone) the globe at fractions of its box; returns the page point. */
export async function pointAt(page: Page, screen: Screen, fx: number, fy: number) {
  const box = await globeBox(page);
  const x = Math.round(box.x + box.width * fx);
  const y = Math.round(box.y + box.height * fy);
  if (screen.phone) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
  return { x, y };
}

/** The view rectangle of the globe, [w, s, e, n] degrees, or null. */
export function viewRectangle(page: Page) {
  return page.evaluate(() => window.__twin?.viewRectangle() ?? null);
}

/** Every number of a French text ("1 234,5", "0,44"), as numbers. */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d[\d\u00a0\u202f ]*(?:,\d+)?/g)].map((m) =>
    Number(m[0].replace(/[\u00a0\u202f ]/g, '').replace(',', '.')),
  );
}

/**
 * The part of the globe's box the user sees, in fractions of the box: the side panel or the
 * phone's bottom sheet, when it lies over the globe, is left out (the largest rectangle left).
 */
export async function mapPart(page: Page): Promise<Part> {
  const box = await globeBox(page);
  const panel = await page.getByRole('complementary').first().boundingBox();
  const all: Part = { x0: 0, y0: 0, x1: 1, y1: 1 };
  if (!panel) return all;
  const ix0 = Math.max(box.x, panel.x);
  const iy0 = Math.max(box.y, panel.y);
  const ix1 = Math.min(box.x + box.width, panel.x + panel.width);
  const iy1 = Math.min(box.y + box.height, panel.y + panel.height);
  if (ix1 <= ix0 || iy1 <= iy0) return all;
  const candidates: Part[] = [
    { ...all, y1: (iy0 - box.y) / box.height }, // above the panel
    { ...all, y0: (iy1 - box.y) / box.height }, // below it
    { ...all, x1: (ix0 - box.x) / box.width }, // left of it
    { ...all, x0: (ix1 - box.x) / box.width }, // right of it
  ];
  const area = (p: Part) => Math.max(0, p.x1 - p.x0) * Math.max(0, p.y1 - p.y0);
  return candidates.reduce((best, p) => (area(p) > area(best) ? p : best));
}

/** Where two parts overlap (an empty part has x1 <= x0 or y1 <= y0). */
export function intersect(a: Part, b: Part): Part {
  return {
    x0: Math.max(a.x0, b.x0),
    y0: Math.max(a.y0, b.y0),
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
  };
}

/**
 * What a user must never read: a raw URL or HTTP status, a stack, "undefined" or "NaN" (problems
 * are said in words, issue 13). Checked on the page's visible text.
 */
export async function expectNoRawErrors(page: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: what is shown, not hidden nodes' text
  const text = await page.locator('body').innerText();
  const raw = text.match(
    /HTTP \d{3}|https?:\/\/\S+|\/[\w.-]+\.(?:json|pbf|png|jpg)\b|\bat \w+ \(|\bundefined\b|\bNaN\b/g,
  );
  expect(raw ?? [], 'raw errors or URLs shown to the user').toEqual([]);
}

/** On a narrow screen: no visible list (select) or table runs past the screen's edges. */
export async function expectNothingCut(page: Page): Promise<void> {
  const vp = page.viewportSize();
  if (!vp) return;
  const cut = await page.locator('select:visible, table:visible').evaluateAll(
    (els, width) =>
      els.flatMap((e) => {
        const r = e.getBoundingClientRect();
        // A table inside a scrolling box is read by scrolling it: the box is what must fit.
        let box: Element = e;
        // (The side panel / sheet scrolls up and down: it does not count as such a box.)
        for (let p = e.parentElement; p && p.tagName !== 'ASIDE'; p = p.parentElement)
          if (/(auto|scroll)/.test(getComputedStyle(p).overflowX)) {
            box = p;
            break;
          }
        const b = box === e ? r : box.getBoundingClientRect();
        const name = e.getAttribute('aria-label') ?? e.id ?? e.tagName;
        return b.left < -1 || b.right > width + 1
          ? [`${e.tagName.toLowerCase()} ${name} (${Math.round(r.left)}..${Math.round(r.right)} px)`]
          : [];
      }),
    vp.width,
  );
  expect(cut, `lists and tables cut by the ${vp.width} px screen`).toEqual([]);
}

/**
 * Loads a scenario of one planned volume as a user does (the panel's GeoJSON picker): the
 * Lambert-93 rectangle [x0, x1] x [y0, y1] named `name`, `height` m high; waits until the globe
 * holds it and has drawn it.
 */
export async function loadScenarioBox(
  page: Page,
  box: { x0: number; y0: number; x1: number; y1: number },
  name: string,
  height: number,
): Promise<void> {
  const { x0, y0, x1, y1 } = box;
  const square = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  const scenario = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
    features: [
      { type: 'Feature', properties: { name, height }, geometry: { type: 'Polygon', coordinates: [square] } },
    ],
  };
  const picker = page.getByLabel('Charger un projet (GeoJSON)…');
  await picker.scrollIntoViewIfNeeded();
  await picker.setInputFiles({
    name: 'projet.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect.poll(() => page.evaluate(() => window.__twinScenario?.volumes())).toBe(1);
  await settleTwin(page);
}
