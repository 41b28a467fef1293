/**
 * The terrain of a whole region (`tiling plan --area hdf`), without its DEM at hand: tiles per level
 * from the region's tile counts (given by the caller: the same area + outline rule as the imagery
 * pyramid), jobs (one per tile of levels 0, 4, 8...), bytes and time from the costs measured by
 * `npm run bench:terrain` (docs/terrain.md, docs/scale.md). Pure.
 */
import type { ProductRegionEstimate } from '../plan';
import { timeForWorkers } from '../plan';
import { defaultTerrainMaxZoom, TERRAIN_DEFAULTS } from './options';

/** Measured on the demo's 1 km² RGE ALTI-like sample (bench:terrain, one thread, 2 shared cores). */
export const TERRAIN_MEASURED = {
  tilesPerCoreSecond: 332,
  /** Gzipped, as written. */
  bytesPerTile: 502,
  measuredOn: 'npm run bench:terrain, 1 m DEM sample, one thread',
} as const;

/** Options of `estimateTerrainRegion`. */
export interface TerrainRegionOptions {
  /** Tiles of zoom z touching the region. */
  tilesAtZoom(z: number): number;
  /** Mean latitude of the region, radians. */
  latRadians: number;
  /** DEM pixel (1 m: RGE ALTI). */
  pixelMetres?: number;
  workers: readonly number[];
  coordinatorJobsPerSecond?: number;
}

/** The region's terrain: levels 0..maxZoom of the DEM's pixel. */
export function estimateTerrainRegion(o: TerrainRegionOptions): ProductRegionEstimate {
  const pixel = o.pixelMetres ?? 1;
  const maxZoom = defaultTerrainMaxZoom(pixel, o.latRadians, TERRAIN_DEFAULTS.gridSize);
  const levels: { z: number; tiles: number }[] = [];
  for (let z = 0; z <= maxZoom; z++) levels.push({ z, tiles: o.tilesAtZoom(z) });
  const tiles = levels.reduce((n, l) => n + l.tiles, 0);
  let jobs = 0;
  for (let z = 0; z <= maxZoom; z += TERRAIN_DEFAULTS.jobZoomSpan) jobs += o.tilesAtZoom(z);
  const coreSeconds = tiles / TERRAIN_MEASURED.tilesPerCoreSecond;
  return {
    product: `terrain (quantized-mesh, ${pixel} m DEM, levels 0..${maxZoom})`,
    unit: 'tiles',
    units: tiles,
    levels: levels.filter((l) => l.z >= maxZoom - 3),
    jobs,
    bytes: tiles * TERRAIN_MEASURED.bytesPerTile,
    objects: tiles + 2,
    coreHours: coreSeconds / 3600,
    perWorkers: timeForWorkers(coreSeconds, jobs, o.workers, o.coordinatorJobsPerSecond),
    throughput: {
      unitsPerCoreSecond: TERRAIN_MEASURED.tilesPerCoreSecond,
      bytesPerUnit: TERRAIN_MEASURED.bytesPerTile,
      measuredOn: TERRAIN_MEASURED.measuredOn,
    },
    notes: ['one DEM for all vintages (RGE ALTI 1 m); LiDAR HD 0.5 m adds a level (x4 tiles): --max-zoom'],
  };
}
