/**
 * Real data: IGN LiDAR HD DTM and DSM (50 cm, ../shared/data/dem-lidar-ign-las-digital-models) with
 * a footprint digitised on the real 20 cm ortho of the same 50 m tile (ortho-ign-pdal-tools: the
 * long red-tiled roof across the tile, a quadrilateral well inside it), given as a BD TOPO-like
 * GeoPackage read through GDAL: the building's height lies within the DHM's range under it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuildings } from '../../../tiling/buildings';
import { readDemRaster } from '../../../tiling/dem';
import { LocalJobEngine } from '../../../tiling/engine';
import { tilesetValidator, validateGlb, walkTilesets } from '../tiles3d/helpers';
import { propertyRows, rasterValuesInRing } from './helpers';

const DATA = resolve('../shared/data/dem-lidar-ign-las-digital-models');
const root = mkdtempSync(join(tmpdir(), 'buildings-real-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Corners read on the ortho (0.1 m per pixel of a 504 px view from x 770549.8, y 6277600.2).
const ROOF = [
  [770560.8, 6277571.2],
  [770566.8, 6277573.7],
  [770578.8, 6277560.2],
  [770572.8, 6277557.2],
  [770560.8, 6277571.2],
];

describe('tiling buildings on real LiDAR HD data', () => {
  it('gives the digitised building a DSM height within the DHM range under it', async () => {
    const geojson = join(root, 'batiment.geojson');
    writeFileSync(
      geojson,
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
        features: [
          {
            type: 'Feature',
            properties: {
              cleabs: 'BATIMENT0000000000000001',
              usage_1: 'Résidentiel',
              hauteur: 4,
              nombre_d_etages: 3,
              date_d_apparition: '1975-01-01',
              identifiants_rnb: null,
            },
            geometry: { type: 'Polygon', coordinates: [ROOF] },
          },
        ],
      }),
    );
    // BD TOPO comes as GeoPackage: through ogr2ogr (GeoJSONSeq, streamed), as in production.
    const gpkg = join(root, 'batiment.gpkg');
    execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, geojson, '-nln', 'batiment']);
    const out = join(root, 'buildings');
    const engine = new LocalJobEngine({ workers: 0 });
    let report: Awaited<ReturnType<typeof runBuildings>>;
    try {
      report = await runBuildings({
        footprints: gpkg,
        dsm: [join(DATA, 'DSM')],
        dtm: [join(DATA, 'DTM')],
        outDir: out,
        geoidGrid: null,
        engine,
      });
    } finally {
      await engine.close();
    }
    expect(report.complete).toBe(true);
    expect(report.buildings).toBe(1);
    const { jsons, glbs } = walkTilesets(out);
    const validate = tilesetValidator();
    for (const [p, j] of jsons) expect(validate(j), p).toEqual([]);
    expect(glbs).toHaveLength(1);
    const bytes = new Uint8Array(readFileSync(join(out, glbs[0] as string)));
    expect((await validateGlb(bytes, glbs[0] as string)).numErrors).toBe(0);
    const [row] = propertyRows(bytes);
    expect(row?.id).toBe('BATIMENT0000000000000001');
    expect(row?.height_source).toBe('dsm');
    // The DHM (DSM - DTM) under the footprint, read here.
    const dhm = await readDemRaster(join(DATA, 'DHM', 'test_data_77055_627760_LA93_IGN69_50CM.tif'));
    const values = rasterValuesInRing(dhm, ROOF).sort((a, b) => a - b);
    // About 115 m² at 0.25 m² a pixel.
    expect(values.length).toBeGreaterThan(400);
    const [lo, hi] = [values[0] as number, values[values.length - 1] as number];
    // A real two-to-three-storey roof, not the input's hauteur (4 m): the DSM decided.
    expect(lo).toBeGreaterThan(3);
    expect(row?.height as number).toBeGreaterThanOrEqual(lo);
    expect(row?.height as number).toBeLessThanOrEqual(hi);
    expect(row?.height as number).not.toBe(4);
    expect(row?.quality as number).toBeLessThan(hi - lo);
  }, 60_000);
});
