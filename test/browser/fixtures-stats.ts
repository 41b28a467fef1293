/**
 * The indicators of the browser tests: the REAL `computeStats` (tiling/stats) run on the e2e
 * OCS2D fixtures (fixtures-vector.ts: 2021, and a 2024 where part of the NE field was built)
 * and the real commune boundaries of ../shared/data/admin-epci-derived (the communes around the
 * fixtures), written to `/twin/territory/stats.json`, with the 2024 OCS2D tiles and the catalog
 * `/twin/territory-catalog.json` that shows them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import proj4 from 'proj4';
import { crsDefinition } from '../../tiling/reproject';
import { computeStats, type OcsFeature, readCommunes, type StatsFile } from '../../tiling/stats';
import {
  buildVectorPyramid,
  type InputFeature,
  prepareFeatures,
  VECTOR_DEFAULTS,
  writeVectorPyramid,
} from '../../tiling/vector';
import { CHANGE_FEATURES, mvtSource, OCS2D_FEATURES, VECTOR_CENTRE, ZOOMS } from './fixtures-vector';

/** The real commune boundaries (IGN ADMIN EXPRESS COG, WGS 84; read into Lambert-93). */
export const COMMUNES_FILE = resolve(
  process.env.TERRITORY_GEOMETRY_DIR ?? '../shared/data/admin-epci-derived',
  'communes-hauts-de-france-cog-current.geojson',
);

const toL93 = proj4('WGS84', crsDefinition(2154));
const [CX, CY] = toL93.forward([VECTOR_CENTRE[0], VECTOR_CENTRE[1]]) as [number, number];

type Poly = { type: 'Polygon'; coordinates: number[][][] };
const rect = (x0: number, y0: number, x1: number, y1: number): Poly => ({
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
});

/**
 * 2024: the NE field (arable, CS6.3.0/US1.1.3, 600 m × 400 m) lost its western 200 m strip
 * (8 ha) to new housing (CS1.1.1/US5.2.2); everything else as in 2021.
 */
export const OCS2D_2024: InputFeature[] = OCS2D_FEATURES.flatMap((f) => {
  if (f.properties?.id !== 'champ-ne') return [{ ...f, properties: { ...f.properties, millesime: 2024 } }];
  return [
    {
      properties: { id: 'lotissement-ne', cs: 'CS1.1.1', us: 'US5.2.2', millesime: 2024 },
      geometry: rect(CX, CY, CX + 200, CY + 400),
    },
    {
      properties: { id: 'champ-ne', cs: 'CS6.3.0', us: 'US1.1.3', millesime: 2024 },
      geometry: rect(CX + 200, CY, CX + 600, CY + 400),
    },
  ];
});

const ocs = (features: readonly InputFeature[]): OcsFeature[] =>
  features.map((f) => ({
    cs: String(f.properties?.cs),
    us: String(f.properties?.us),
    polygons: [(f.geometry as Poly).coordinates],
  }));

/** The stats of the fixtures: real `computeStats`, real communes within 3 km of the fixtures. */
export async function e2eStats(): Promise<StatsFile> {
  const near = (await readCommunes(COMMUNES_FILE)).filter((c) =>
    c.polygons.some((p) =>
      p[0]?.some(([x, y]) => Math.abs((x as number) - CX) < 3000 && Math.abs((y as number) - CY) < 3000),
    ),
  );
  return computeStats({
    communes: near,
    vintages: [
      { year: 2021, features: ocs(OCS2D_FEATURES) },
      { year: 2024, features: ocs(OCS2D_2024) },
    ],
    changes: CHANGE_FEATURES.map((f) => ({
      classCode: String(f.properties?.class_code),
      polygons: [(f.geometry as Poly).coordinates],
    })),
  });
}

/** Writes `territory/stats.json`, the 2024 OCS2D tiles and `territory-catalog.json`. */
export async function writeStatsFixtures(dir: string): Promise<StatsFile> {
  const stats = await e2eStats();
  await mkdir(join(dir, 'territory'), { recursive: true });
  await writeFile(join(dir, 'territory', 'stats.json'), `${JSON.stringify(stats)}\n`);
  const options = { ...VECTOR_DEFAULTS, ...ZOOMS, vintage: 2024, kind: 'ocs2d' as const };
  await writeVectorPyramid(
    join(dir, 'territory/ocs2d-2024'),
    buildVectorPyramid('ocs2d-2024', prepareFeatures('ocs2d-2024', OCS2D_2024, options), options),
  );
  const mvt = (path: string) => mvtSource(path, 'ocs2d');
  const catalog = {
    version: 1,
    title: 'Territoires et indicateurs (tests)',
    home: [3.125, 50.605, 3.155, 50.625],
    layers: [
      {
        id: 'ocs2d-2024',
        kind: 'ocs2d',
        title: 'OCS2D test 2024',
        vintage: 2024,
        visible: false,
        source: mvt('territory/ocs2d-2024'),
      },
      {
        id: 'ocs2d-2021',
        kind: 'ocs2d',
        title: 'OCS2D test 2021',
        vintage: 2021,
        visible: true,
        source: mvt('2021/ocs2d'),
      },
    ],
    indicators: {
      stats: 'territory/stats.json',
      sraddet: [
        {
          territory: 'region:32',
          envelopeHa: 7410,
          period: [2021, 2030],
          reductionPct: 50,
          referencePeriod: [2011, 2020],
        },
      ],
    },
  };
  await writeFile(join(dir, 'territory-catalog.json'), `${JSON.stringify(catalog, null, 2)}\n`);
  return stats;
}
