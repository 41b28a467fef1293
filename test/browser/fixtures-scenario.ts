/**
 * The scenario fixture (issue 7): one planned building, 200 m × 200 m centred on the OCS2D
 * fixture's centre (fixtures-vector.ts), so 1 ha lies in each quadrant; 20 storeys (60 m).
 * Written as `scenarios/projet-test.geojson` in the e2e twin for the permalink's `scn=`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import proj4 from 'proj4';
import { crsDefinition } from '../../tiling/reproject';
import { VECTOR_CENTRE } from './fixtures-vector';

const [CX, CY] = proj4('WGS84', crsDefinition(2154)).forward([VECTOR_CENTRE[0], VECTOR_CENTRE[1]]) as [
  number,
  number,
];

/** Path of the served scenario, relative to the page at `/`. */
export const SCENARIO_PATH = 'twin/scenarios/projet-test.geojson';

export const SCENARIO = {
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
  features: [
    {
      type: 'Feature',
      properties: { name: 'Halle test', storeys: 20 } as Record<string, unknown>,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [CX - 100, CY - 100],
            [CX + 100, CY - 100],
            [CX + 100, CY + 100],
            [CX - 100, CY + 100],
            [CX - 100, CY - 100],
          ],
        ],
      },
    },
  ],
};

/** Writes the scenario file into the e2e twin folder. */
export async function writeScenarioFixtures(dir: string): Promise<void> {
  await mkdir(join(dir, 'scenarios'), { recursive: true });
  await writeFile(join(dir, 'scenarios/projet-test.geojson'), `${JSON.stringify(SCENARIO)}\n`);
}
