/**
 * Heights and footprints in words a planner checks: the roof percentile over the ground
 * percentile, the fallbacks in order (hauteur, storeys x 3 m, default) with their source, BD TOPO
 * fields read, and bad input said in words by the command line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUILDINGS_DEFAULTS,
  buildingHeights,
  footprintOfFeature,
  percentile,
} from '../../../tiling/buildings';

const root = mkdtempSync(join(tmpdir(), 'buildings-h-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
  [0, 0],
];
const feature = (properties: Record<string, unknown>) =>
  footprintOfFeature({ properties, geometry: { type: 'Polygon', coordinates: [square] } }, 0, 'hauteur');

describe('building heights', () => {
  it('reads the BD TOPO fields of a batiment feature', () => {
    const f = feature({
      cleabs: 'BATIMENT0000000312345678',
      hauteur: 9.5,
      nombre_d_etages: 3,
      usage_1: 'Résidentiel',
      date_d_apparition: '1987-06-01',
      identifiants_rnb: 'AB12CD34EF56',
    });
    expect(f).toMatchObject({
      id: 'BATIMENT0000000312345678',
      hauteur: 9.5,
      etages: 3,
      usage: 'Résidentiel',
      year: 1987,
      rnb: 'AB12CD34EF56',
    });
    expect(
      footprintOfFeature({ properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }, 3, 'hauteur'),
    ).toMatch(/not a polygon/);
  });

  it('takes the roof at the 70th percentile of the DSM over the 10th of the DTM, with the RMS spread', () => {
    const f = feature({ cleabs: 'b', hauteur: 4 });
    if (typeof f === 'string') throw new Error(f);
    // A gabled roof: DSM from 36 m (eaves) to 40 m (ridge) over ground at 30 m.
    const dsm = Float64Array.from({ length: 101 }, (_, i) => 36 + (4 * i) / 100);
    const dtm = Float64Array.from({ length: 101 }, (_, i) => 30 + i / 100);
    const h = buildingHeights(f, dsm, dtm, BUILDINGS_DEFAULTS);
    expect(h?.source).toBe('dsm');
    expect(h?.ground).toBeCloseTo(30.1, 5);
    expect(h?.roof).toBeCloseTo(38.8, 5);
    expect(h?.height).toBeCloseTo(8.7, 5);
    // RMS about the 70th percentile: sqrt(variance + (mean - roof)²) = sqrt(16 × 102 / 1200 + 0.8²) = 1.41 m.
    expect(h?.quality).toBeCloseTo(1.41, 2);
    expect(percentile(Float64Array.of(1, 2, 3, 4, 5), 70)).toBeCloseTo(3.8, 10);
  });

  it('falls back to hauteur, then storeys x 3 m, then a default, and says which', () => {
    const dtm = Float64Array.of(30, 30, 30);
    const noDsm = new Float64Array(0);
    const flatDsm = Float64Array.of(30.2, 30.3, 30.1, 30.2); // no building there in the DSM (not built yet)
    const of = (p: Record<string, unknown>) => {
      const f = feature(p);
      if (typeof f === 'string') throw new Error(f);
      return f;
    };
    expect(
      buildingHeights(of({ hauteur: 7.5, nombre_d_etages: 4 }), flatDsm, dtm, BUILDINGS_DEFAULTS),
    ).toMatchObject({ source: 'hauteur', height: 7.5, roof: 37.5, quality: null });
    expect(buildingHeights(of({ nombre_d_etages: 4 }), noDsm, dtm, BUILDINGS_DEFAULTS)).toMatchObject({
      source: 'etages',
      height: 12,
    });
    expect(buildingHeights(of({}), noDsm, dtm, BUILDINGS_DEFAULTS)).toMatchObject({
      source: 'default',
      height: 3,
    });
    // No ground at all: the building cannot be placed.
    expect(buildingHeights(of({ hauteur: 5 }), noDsm, noDsm, BUILDINGS_DEFAULTS)).toBeNull();
  });

  it('says what is wrong with bad input, in words', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'tiling/cli/bin.ts', 'buildings', ...args], {
        encoding: 'utf8',
      });
    const missing = cli(join(root, 'nope.gpkg'), '--dtm', join(root, 'dtm'), '--out', join(root, 'out'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/do not exist/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
    const noRaster = cli(join(root, 'x.geojson'), '--out', join(root, 'out'));
    expect(noRaster.status).toBe(1);
    expect(noRaster.stderr).toMatch(/give --dtm <MNT> and --dsm <MNS>/);
    writeFileSync(join(root, 'bad.txt'), 'x');
    const badPercentile = cli(
      join(root, 'bad.txt'),
      '--dtm',
      root,
      '--roof-percentile',
      '120',
      '--out',
      join(root, 'out'),
    );
    expect(badPercentile.status).toBe(1);
    expect(badPercentile.stderr).toMatch(/--roof-percentile must be a number from 0 to 100/);
  }, 60_000);
});
