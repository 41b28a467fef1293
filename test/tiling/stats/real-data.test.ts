/**
 * Real data: the 4,605 RPG 2021 parcels of the Nord and the real 2026 commune boundaries from
 * ../shared/data. The hectares per commune computed by `computeStats` equal what GDAL/SpatiaLite
 * (ST_Area(ST_Intersection) in EPSG:2154) computes on the same files, within 0.01 %.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeStats, readCommunes } from '../../../tiling/stats';
import { readVectorFile } from '../../../tiling/vector';

const DATA = resolve('../shared/data');
const RPG = join(DATA, 'rpg-2021-extracts/rpga_extract_d59.zip');
const COMMUNES = join(DATA, 'admin-epci-derived/communes-hauts-de-france-cog-current.geojson');
const dir = mkdtempSync(join(tmpdir(), 'stats-real-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Hectares of parcels per commune according to GDAL (SpatiaLite SQL over a GeoPackage). */
function gdalAreas(): Map<string, number> {
  const gpkg = join(dir, 'rpg.gpkg');
  execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, `/vsizip/${RPG}`, 'extrait_localisation_rpga', '-nln', 'rpg']);
  execFileSync('ogr2ogr', ['-update', gpkg, COMMUNES, '-t_srs', 'EPSG:2154', '-nln', 'communes']);
  const out = execFileSync(
    'ogrinfo',
    [
      '-ro',
      '-q',
      gpkg,
      '-sql',
      `SELECT c.code AS code, SUM(ST_Area(ST_Intersection(r.geom, c.geom))) AS a FROM rpg r JOIN communes c
       ON c.fid IN (SELECT id FROM rtree_communes_geom WHERE minx <= ST_MaxX(r.geom) AND maxx >= ST_MinX(r.geom)
         AND miny <= ST_MaxY(r.geom) AND maxy >= ST_MinY(r.geom)) GROUP BY c.code`,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const areas = new Map<string, number>();
  let code = '';
  for (const line of out.split('\n')) {
    const c = /code \(String\) = (\S+)/.exec(line);
    if (c) code = c[1] as string;
    const a = /\ba \((?:String|Real)\) = ([\d.eE+-]+)/.exec(line);
    if (a && code) areas.set(code, Number(a[1]) / 1e4);
  }
  return areas;
}

describe('computeStats on real parcels and communes', () => {
  it('matches GDAL/SpatiaLite hectares per commune within 0.01 %', async () => {
    const gdal = gdalAreas();
    expect(gdal.size).toBeGreaterThan(100);
    const parcels = await readVectorFile(RPG);
    expect(parcels).toHaveLength(4605);
    const communes = await readCommunes(COMMUNES);
    expect(communes).toHaveLength(3782);
    const stats = computeStats({
      communes,
      vintages: [
        {
          year: 2021,
          features: parcels.map((p) => {
            const g = p.geometry as { type: string; coordinates: number[][][][] | number[][][] };
            return {
              cs: 'CS2.2.1',
              us: 'US1.1.3',
              polygons:
                g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as number[][][][]),
            };
          }),
        },
      ],
    });
    let total = 0;
    let totalGdal = 0;
    for (const [code, expected] of gdal) {
      if (expected <= 0) continue;
      const ours = stats.communes[code]?.surfaces['2021']?.cs['CS2.2.1'] ?? 0;
      total += ours;
      totalGdal += expected;
      // 0.01 %, and at least the square metre the figures are rounded to.
      expect(
        Math.abs(ours - expected),
        `commune ${code}: ${ours} ha vs GDAL ${expected} ha`,
      ).toBeLessThanOrEqual(Math.max(1e-4 * expected, 1e-4));
    }
    expect(Object.keys(stats.communes).length).toBe([...gdal.values()].filter((a) => a > 0).length);
    expect(Math.abs(total - totalGdal) / totalGdal).toBeLessThan(1e-4);
    // The parcels' own declared total, as a sanity check of scale (thousands of hectares).
    expect(totalGdal).toBeGreaterThan(1000);
  });
});
