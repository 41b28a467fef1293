/**
 * OCS2D and change tiles for the browser tests, made by the real `tiling vector` code from a few
 * Lambert-93 polygons around the e2e sample area, and the catalog that shows them
 * (`/twin/ocs2d-catalog.json`). One feature's id carries an HTML payload: the viewer must show
 * it as text.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import proj4 from 'proj4';
import { crsDefinition } from '../../tiling/reproject';
import {
  buildVectorPyramid,
  type InputFeature,
  prepareFeatures,
  VECTOR_DEFAULTS,
  writeVectorPyramid,
} from '../../tiling/vector';

/** Centre of the vector fixtures, degrees (inside the e2e sample bounds). */
export const VECTOR_CENTRE = [3.14, 50.615] as const;
/** Half sizes of the four OCS2D quadrants around the centre, metres. */
const W = 300;
const H = 200;

/** An id that would run script if it were ever injected as HTML. */
export const XSS_ID = '<img src=x onerror="window.__xss=1">';

export const VECTOR_TITLES = {
  ocs2d: 'OCS2D test 2021',
  changes: 'Changements test',
  heat: 'Chaleur des changements test',
  tiles3d: 'Tuiles 3D test',
} as const;

const toL93 = proj4('WGS84', crsDefinition(2154));
const toWgs = proj4(crsDefinition(2154), 'WGS84');
const [CX, CY] = toL93.forward([VECTOR_CENTRE[0], VECTOR_CENTRE[1]]) as [number, number];

/** Centre of a quadrant (dx, dy = ±1) in degrees, where the tests click. */
export function quadrantCentre(dx: -1 | 1, dy: -1 | 1): [number, number] {
  return toWgs.forward([CX + dx * W, CY + dy * H]) as [number, number];
}

function rect(x0: number, y0: number, x1: number, y1: number) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

function quadrant(dx: -1 | 1, dy: -1 | 1) {
  const xs = [CX, CX + dx * 2 * W].sort((a, b) => a - b) as [number, number];
  const ys = [CY, CY + dy * 2 * H].sort((a, b) => a - b) as [number, number];
  return rect(xs[0], ys[0], xs[1], ys[1]);
}

/** The OCS2D fixture: NW built-up housing, NE arable, SW broadleaf wood, SE meadow (XSS id). */
export const OCS2D_FEATURES: InputFeature[] = [
  { properties: { id: 'bati-nw', cs: 'CS1.1.1', us: 'US5.2.2', millesime: 2021 }, geometry: quadrant(-1, 1) },
  { properties: { id: 'champ-ne', cs: 'CS6.3.0', us: 'US1.1.3', millesime: 2021 }, geometry: quadrant(1, 1) },
  {
    properties: { id: 'bois-sw', cs: 'CS4.1.2', us: 'US1.2.4', millesime: 2021 },
    geometry: quadrant(-1, -1),
  },
  { properties: { id: XSS_ID, cs: 'CS6.1.1', us: 'US1.1.1', millesime: 2021 }, geometry: quadrant(1, -1) },
];

/** Changes: a confident "vers bâti" centred in the NE quadrant, a doubtful one in the SW. */
export const CHANGE_FEATURES: InputFeature[] = [
  {
    properties: {
      id: 'chg-1',
      class_code: 'vers_bati',
      confidence: 0.9,
      date_before: '2021-05-12',
      date_after: '2024-06-06',
      model_version: 'test-1',
    },
    geometry: rect(CX + W - 120, CY + H - 80, CX + W + 120, CY + H + 80),
  },
  {
    properties: {
      id: 'chg-2',
      class_code: 'vers_terrassement',
      confidence: 0.4,
      date_before: '2021-05-12',
      date_after: '2024-06-06',
      model_version: 'test-1',
    },
    geometry: rect(CX - W - 100, CY - H - 60, CX - W + 100, CY - H + 60),
  },
];

export const ZOOMS = { minZoom: 12, maxZoom: 16 };

/** Catalog source of a test vector pyramid written under the e2e twin at `path`. */
export function mvtSource(path: string, layer: string) {
  return {
    type: 'mvt',
    url: `${path}/{z}/{x}/{y}.pbf`,
    metadata: `${path}/metadata.json`,
    layer,
    ...ZOOMS,
    bounds: [3.12, 50.6, 3.16, 50.63],
  };
}

/** Writes the vector pyramids and `ocs2d-catalog.json` into the e2e twin folder. */
export async function writeVectorFixtures(dir: string): Promise<void> {
  const options = { ...VECTOR_DEFAULTS, ...ZOOMS, vintage: 2021 };
  const ocs2d = prepareFeatures('ocs2d-test', OCS2D_FEATURES, { ...options, kind: 'ocs2d' });
  await writeVectorPyramid(
    join(dir, '2021/ocs2d'),
    buildVectorPyramid('ocs2d-test', ocs2d, { ...options, kind: 'ocs2d' }),
  );
  const changes = prepareFeatures('changes-test', CHANGE_FEATURES, { ...options, kind: 'changes' });
  await writeVectorPyramid(
    join(dir, 'changes/2021-2024'),
    buildVectorPyramid('changes-test', changes, { ...options, kind: 'changes', heatMinConfidence: 0 }),
  );
  const mvt = mvtSource;
  const catalog = {
    version: 1,
    title: 'OCS2D et changements (tests)',
    home: [3.125, 50.605, 3.155, 50.625],
    layers: [
      {
        id: 'changes',
        kind: 'changes',
        title: VECTOR_TITLES.changes,
        visible: true,
        source: mvt('changes/2021-2024', 'changes'),
      },
      {
        id: 'changes-heat',
        kind: 'changes',
        title: VECTOR_TITLES.heat,
        visible: false,
        source: mvt('changes/2021-2024', 'heat'),
      },
      {
        id: 'ocs2d-2021',
        kind: 'ocs2d',
        title: VECTOR_TITLES.ocs2d,
        vintage: 2021,
        attribution: 'Test — nomenclature OCS2D Géo2France',
        source: mvt('2021/ocs2d', 'ocs2d'),
      },
    ],
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'ocs2d-catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
  // OCS2D draped on the e2e 3D tiles (written by fixtures-3d.ts into 2021/3d/).
  const draped = {
    version: 1,
    title: 'OCS2D sur les tuiles 3D (tests)',
    home: catalog.home,
    layers: [
      catalog.layers[2],
      {
        id: 'terrain-3d',
        kind: '3dtiles',
        title: VECTOR_TITLES.tiles3d,
        source: { url: '2021/3d/tileset.json' },
      },
    ],
  };
  await writeFile(join(dir, 'ocs2d-3d-catalog.json'), `${JSON.stringify(draped, null, 2)}\n`);
}
