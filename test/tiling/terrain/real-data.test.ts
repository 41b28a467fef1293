/**
 * Real data: IGN's LiDAR HD DTM of one 50 m tile (0.5 m, NGF-IGN69, Hérault; ../shared/data,
 * IGNF/las-digital-models test data) through `tiling terrain`: every decoded vertex lies within the
 * DTM's range + the 45 m geoid constant, vertices inside the file sit on its values, and the finest
 * tiles cover where the file says it is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mercatorToLonLat } from '../../../format/grid';
import { readDemRaster, sampleDem } from '../../../tiling/dem';
import { createCrsTransform } from '../../../tiling/reproject';
import { readTerrain } from './helpers';

const DTM = resolve(
  '../shared/data/dem-lidar-ign-las-digital-models/DTM/test_data_77055_627760_LA93_IGN69_50CM.tif',
);
const root = mkdtempSync(join(tmpdir(), 'terrain-real-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tiling terrain on the LiDAR HD DTM', () => {
  it('decodes to the DTM heights + geoid everywhere, over the file footprint', async () => {
    if (!existsSync(DTM))
      throw new Error(`real data missing: expected ${DTM} (the shared data folder beside the checkout)`);
    const out = join(root, 'terrain');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tiling/cli/bin.ts', 'terrain', DTM, '--out', out, '-j', '1'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/terrain done/);
    expect(r.stderr + r.stdout).toMatch(/constant geoid undulation of 45 m/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.maxZoom).toBe(20); // 0.5 m at 43.6°N: z20 grid step 0.43 m

    const raster = await readDemRaster(DTM);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of raster.values) if (v !== raster.nodata) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect(lo).toBeGreaterThan(20.7);
    expect(hi).toBeLessThan(21.7);
    const crs = createCrsTransform(2154);
    const tiles = readTerrain(out);
    expect(tiles.length).toBe(report.tiles);
    let onFile = 0;
    for (const t of tiles) {
      for (let k = 0; k < t.count; k++) {
        const h = t.h[k] as number;
        expect(h, `${t.z}/${t.x}/${t.y}`).toBeGreaterThanOrEqual(lo + 45 - t.quantum - 0.01);
        expect(h, `${t.z}/${t.x}/${t.y}`).toBeLessThanOrEqual(hi + 45 + t.quantum + 0.01);
        const [ex, ey] = crs.fromMercator(t.mx[k] as number, t.my[k] as number);
        // Inside the file by 1 cm (its edge is a fill boundary): the DTM's own value.
        if (ex < 770549.76 || ex > 770599.74 || ey > 6277600.24 || ey < 6277550.26) continue;
        const want = sampleDem([raster], ex, ey);
        if (Number.isNaN(want)) continue;
        expect(Math.abs(h - want - 45)).toBeLessThanOrEqual(t.quantum + 0.01);
        onFile++;
      }
    }
    expect(onFile).toBeGreaterThan(500);
    // The finest level covers the file's 50 m square (SOURCE.txt: ~43.594N 3.873E), and no more than its tiles.
    const z20 = tiles.filter((t) => t.z === 20);
    const centres = z20.map((t) =>
      mercatorToLonLat((t.bounds.minX + t.bounds.maxX) / 2, (t.bounds.minY + t.bounds.maxY) / 2),
    );
    for (const [lon, lat] of centres) {
      expect(lon).toBeGreaterThan(3.872);
      expect(lon).toBeLessThan(3.875);
      expect(lat).toBeGreaterThan(43.593);
      expect(lat).toBeLessThan(43.596);
    }
    expect(z20.length).toBeGreaterThanOrEqual(4);
    expect(z20.length).toBeLessThanOrEqual(16);
  }, 120_000);
});
