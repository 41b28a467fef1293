/**
 * `tiling plan --area hdf` for terrain and buildings (tiling/terrain/scale.ts,
 * tiling/buildings/scale.ts): counts from the region's tiles, bytes and core-hours from the measured
 * per-tile and per-building costs, wall time for K workers capped by jobs and by the coordinator;
 * and the command prints them after the pyramid's estimate (text and JSON).
 */
import { describe, expect, it, vi } from 'vitest';
import { estimateBuildingsRegion, HDF_BUILDINGS } from '../../../tiling/buildings/scale';
import { HDF_AREA, printAreaEstimate, regionTilesAtZoom } from '../../../tiling/ortho/scale';
import { COORDINATOR_JOBS_PER_SECOND, formatProductEstimate } from '../../../tiling/plan';
import { estimateTerrainRegion, TERRAIN_MEASURED } from '../../../tiling/terrain/scale';

const tilesAtZoom = (z: number) => regionTilesAtZoom(HDF_AREA, z);
const lat = (50 * Math.PI) / 180;

describe('region estimates of terrain and buildings', () => {
  it('terrain: levels 0..19 of a 1 m DEM, 502 B and 1/332 s per tile, one job per tile of levels 0, 4, 8...', () => {
    const e = estimateTerrainRegion({ tilesAtZoom, latRadians: lat, workers: [1, 64, 100_000] });
    let tiles = 0;
    for (let z = 0; z <= 19; z++) tiles += tilesAtZoom(z);
    expect(e.units).toBe(tiles);
    expect(tiles).toBeGreaterThan(15e6);
    expect(tiles).toBeLessThan(20e6);
    expect(e.jobs).toBe([0, 4, 8, 12, 16].reduce((n, z) => n + tilesAtZoom(z), 0));
    expect(e.bytes).toBe(tiles * TERRAIN_MEASURED.bytesPerTile);
    expect(e.coreHours).toBeCloseTo(tiles / 332 / 3600, 6);
    const [one, many, huge] = e.perWorkers;
    expect(one?.seconds).toBeCloseTo(e.coreHours * 3600, 3);
    expect(many?.seconds).toBeCloseTo(one?.seconds ? one.seconds / 64 : 0, 3);
    // More workers than the coordinator can feed: its pace sets the time.
    expect(huge).toMatchObject({ limitedBy: 'coordinator', seconds: e.jobs / COORDINATOR_JOBS_PER_SECOND });
  });

  it('buildings: 2.5 M BD TOPO buildings at 282 B and 1/1948 s each, one job per z13 tile', () => {
    const e = estimateBuildingsRegion({ tilesAtZoom, workers: [1, 16] });
    expect(e.units).toBe(HDF_BUILDINGS);
    expect(e.bytes).toBe(2_500_000 * 282);
    expect(e.jobs).toBe(tilesAtZoom(13));
    expect(e.coreHours).toBeCloseTo(2_500_000 / 1948 / 3600, 6);
    expect(formatProductEstimate(e)).toMatch(/2,500,000 buildings in [\d,]+ jobs; output 705 MB/);
  });

  it('tiling plan --area hdf prints both after the pyramid, and puts them in its JSON', async () => {
    const logs: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((s: string) => {
      logs.push(s);
    });
    try {
      const products = (_: unknown, workers: number[]) => [
        estimateTerrainRegion({ tilesAtZoom, latRadians: lat, workers }),
        estimateBuildingsRegion({ tilesAtZoom, workers }),
      ];
      await printAreaEstimate({ area: 'hdf' }, null, products);
      await printAreaEstimate({ area: 'hdf', json: true }, null, products);
    } finally {
      spy.mockRestore();
    }
    expect(logs[0]).toMatch(/Hauts-de-France[\s\S]*terrain \(quantized-mesh[\s\S]*buildings \(LoD1\.2/);
    const json = JSON.parse(logs[1] as string);
    expect(json.tiles).toBeGreaterThan(280e6);
    expect(json.products.map((p: { unit: string }) => p.unit)).toEqual(['tiles', 'buildings']);
  });
});
