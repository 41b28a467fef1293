/**
 * The small twin the browser tests serve (TWIN_DIR): a synthetic XYZ orthophoto pyramid around
 * Villeneuve-d'Ascq, a valid catalog and a catalog with one wrong entry. Built from code (no
 * binary fixture): flat colours per level, a checkerboard per tile, so a drawn tile is visible.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { type Bbox, bboxToTileRange } from '../../format/grid';
import { writeScenarioFixtures } from './fixtures-scenario';
import { writeStatsFixtures } from './fixtures-stats';
import { writeVectorFixtures } from './fixtures-vector';

/** Folder served under /twin during the browser tests (see playwright.config.ts). */
/** Base folder of the browser tests' files; E2E_TMP lets two runs on one machine stay apart. */
export const E2E_TMP = resolve(process.env.E2E_TMP ?? '.tmp');
export const E2E_TWIN_DIR = join(E2E_TMP, 'e2e-twin');

/** Extent of the synthetic pyramid, degrees. */
export const SAMPLE_BOUNDS: Bbox = [3.13, 50.61, 3.15, 50.62];
export const SAMPLE_MIN_ZOOM = 14;
export const SAMPLE_MAX_ZOOM = 16;

/** Titles the tests look for. */
export const TITLES = {
  ortho: { fr: 'Orthophoto PCRS 2021 (échantillon)', en: 'PCRS orthophoto 2021 (sample)' },
  ocs2d: 'Occupation du sol 2021',
  broken: 'Orthophoto sans tuiles',
} as const;

const LEVEL_COLOURS: Record<number, [string, string]> = {
  14: ['#c9762c', '#e9a65b'],
  15: ['#2c8c86', '#5cc2b9'],
  16: ['#6a4fb3', '#9c84e0'],
};

function tileSvg(z: number, x: number, y: number): Buffer {
  const [dark, light] = LEVEL_COLOURS[z] ?? ['#555', '#999'];
  const fill = (x + y) % 2 === 0 ? dark : light;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
      <rect width="256" height="256" fill="${fill}"/>
      <path d="M0 0L256 256M256 0L0 256" stroke="#ffffff" stroke-width="6" opacity="0.6"/>
      <rect x="2" y="2" width="252" height="252" fill="none" stroke="#101010" stroke-width="4"/>
      <circle cx="128" cy="128" r="${20 + 12 * (z - 13)}" fill="#f4f1de"/>
    </svg>`,
  );
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

const orthoEntry = {
  id: 'ortho-2021',
  kind: 'orthoimagery',
  title: TITLES.ortho,
  vintage: 2021,
  attribution: 'Géo2France / PCRS (échantillon synthétique)',
  visible: true,
  opacity: 1,
  source: {
    type: 'xyz',
    url: '2021/ortho/{z}/{x}/{y}.jpg',
    minZoom: SAMPLE_MIN_ZOOM,
    maxZoom: SAMPLE_MAX_ZOOM,
    bounds: SAMPLE_BOUNDS,
  },
};

const ocs2dEntry = {
  id: 'ocs2d-2021',
  kind: 'ocs2d',
  title: TITLES.ocs2d,
  vintage: 2021,
  attribution: 'Géo2France — OCS2D',
  source: { type: 'geojson', url: 'sample/ocs2d/ocs2d-2021.geojson', crs: 'EPSG:2154' },
};

/** Writes the pyramid and the catalogs; returns the number of tiles written. */
export async function writeE2eTwin(dir = E2E_TWIN_DIR): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  let tiles = 0;
  for (let z = SAMPLE_MIN_ZOOM; z <= SAMPLE_MAX_ZOOM; z++) {
    const r = bboxToTileRange(SAMPLE_BOUNDS, z);
    for (let x = r.minX; x <= r.maxX; x++) {
      await mkdir(join(dir, '2021/ortho', String(z), String(x)), { recursive: true });
      for (let y = r.minY; y <= r.maxY; y++) {
        await sharp(tileSvg(z, x, y))
          .jpeg({ quality: 80 })
          .toFile(join(dir, '2021/ortho', String(z), String(x), `${y}.jpg`));
        tiles++;
      }
    }
  }

  await writeJson(join(dir, 'catalog.json'), {
    version: 1,
    title: { fr: 'Échantillon Villeneuve-d’Ascq (tests)', en: 'Villeneuve-d’Ascq sample (tests)' },
    home: [3.125, 50.605, 3.155, 50.625],
    layers: [orthoEntry, ocs2dEntry],
  });

  // No home: the view is Hauts-de-France. Entry n° 2 is wrong (the style guide's example);
  // entry n° 3 is valid but its tiles do not exist, so it must be marked failed.
  await writeJson(join(dir, 'bad-catalog.json'), {
    version: 1,
    title: 'Catalogue avec une entrée fausse',
    layers: [
      orthoEntry,
      {
        ...orthoEntry,
        id: 'ortho-cassee',
        title: 'Orthophoto cassée',
        source: { ...orthoEntry.source, url: 42 },
      },
      {
        ...orthoEntry,
        id: 'ortho-sans-tuiles',
        title: TITLES.broken,
        // Another product than the sample's orthophoto, not its 2024 vintage: a series of its own.
        series: 'ortho-sans-tuiles',
        vintage: 2024,
        source: { ...orthoEntry.source, url: 'absent/{z}/{x}/{y}.jpg' },
      },
      ocs2dEntry,
    ],
  });
  await writeVectorFixtures(dir);
  await writeStatsFixtures(dir);
  await writeScenarioFixtures(dir);
  return tiles;
}

/** Review queue (issue 9): detections the browser tests' server imports, and its reviewers. */
export const E2E_REVIEW_DIR = join(E2E_TMP, 'e2e-review');
export const E2E_CHANGES_FILE = join(E2E_REVIEW_DIR, 'changes-2021-2024.geojson');
export const E2E_REVIEWERS = { testeur: 'e2e-token-testeur-0001', autre: 'e2e-token-autre-00002' } as const;

/** Five squares in the sample's extent (WGS84); confidence × area orders them chg-e2e-1..5. */
export function writeE2eChanges(path = E2E_CHANGES_FILE): void {
  const classes = ['vers_bati', 'vers_impermeable', 'vers_terrassement', 'vers_bati', 'autre'];
  const features = classes.map((cls, k) => {
    const [x, y] = [3.133 + k * 0.0035, 50.613 + (k % 2) * 0.003];
    const side = 0.0012 - k * 0.0001;
    return {
      type: 'Feature',
      properties: {
        id: `chg-e2e-${k + 1}`,
        class_code: cls,
        confidence: 0.95 - k * 0.1,
        date_before: '2021-05-12',
        date_after: '2024-06-06',
        model_version: 'e2e-model-1',
      },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + side, y],
            [x + side, y + side * 0.7],
            [x, y + side * 0.7],
            [x, y],
          ],
        ],
      },
    };
  });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features }));
}

/** Compare mode (issue 7): a second ortho vintage, plain green, and a catalog with both. */
export const COMPARE_CATALOG = 'compare-catalog.json';
export const VINTAGE_2024_COLOUR = '#20b040';

/** Writes the 2024 pyramid (plain green tiles, dark borders) and `compare-catalog.json`. */
export async function writeE2eCompare(dir = E2E_TWIN_DIR): Promise<void> {
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="${VINTAGE_2024_COLOUR}"/><rect x="2" y="2" width="252" height="252" fill="none" stroke="#0b3d16" stroke-width="4"/></svg>`,
  );
  const jpeg = await sharp(svg).jpeg({ quality: 85 }).toBuffer();
  for (let z = SAMPLE_MIN_ZOOM; z <= SAMPLE_MAX_ZOOM; z++) {
    const r = bboxToTileRange(SAMPLE_BOUNDS, z);
    for (let x = r.minX; x <= r.maxX; x++) {
      await mkdir(join(dir, '2024/ortho', String(z), String(x)), { recursive: true });
      for (let y = r.minY; y <= r.maxY; y++)
        await writeFile(join(dir, '2024/ortho', String(z), String(x), `${y}.jpg`), jpeg);
    }
  }
  const ortho2024 = {
    ...orthoEntry,
    id: 'ortho-2024',
    title: { fr: 'Orthophoto 2024 (synthétique)', en: 'Orthophoto 2024 (synthetic)' },
    vintage: 2024,
    source: { ...orthoEntry.source, url: '2024/ortho/{z}/{x}/{y}.jpg' },
  };
  await writeJson(join(dir, COMPARE_CATALOG), {
    version: 1,
    title: { fr: 'Avant/après (tests)', en: 'Before/after (tests)' },
    home: [3.125, 50.605, 3.155, 50.625],
    // Like the demo's catalog before layers were series: only the latest vintage says visible.
    layers: [ortho2024, { ...orthoEntry, visible: false }, ocs2dEntry],
  });
}
