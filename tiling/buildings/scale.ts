/**
 * The buildings of a whole region (`tiling plan --area hdf`), without the footprints at hand: the
 * region's BD TOPO building count, jobs (one per non-empty level-13 tile: at most the tiles touching
 * the region), bytes and time from the costs measured by `npm run bench:buildings`
 * (docs/buildings.md, docs/scale.md). Pure.
 */
import type { ProductRegionEstimate } from '../plan';
import { timeForWorkers } from '../plan';
import { BUILDINGS_DEFAULTS } from './options';

/** Measured by bench:buildings on the sample (docs/buildings.md). */
export const BUILDINGS_MEASURED = {
  /** One warm core: heights + GLB (through worker threads on 2 shared cores: 583/s with start-up). */
  buildingsPerCoreSecond: 1948,
  /** All files (GLBs + tilesets), raw, z13..z16. */
  bytesPerBuilding: 282,
  measuredOn: 'npm run bench:buildings, the sample, one warm core',
} as const;

/** BD TOPO `batiment` features in Hauts-de-France (an order of magnitude: about 2.5 million). */
export const HDF_BUILDINGS = 2_500_000;

/** Options of `estimateBuildingsRegion`. */
export interface BuildingsRegionOptions {
  /** Tiles of zoom z touching the region. */
  tilesAtZoom(z: number): number;
  buildings?: number;
  workers: readonly number[];
  coordinatorJobsPerSecond?: number;
}

/** The region's LoD1.2 buildings. */
export function estimateBuildingsRegion(o: BuildingsRegionOptions): ProductRegionEstimate {
  const n = o.buildings ?? HDF_BUILDINGS;
  const { minZoom, maxZoom } = BUILDINGS_DEFAULTS;
  const jobs = o.tilesAtZoom(minZoom);
  let tiles = 0;
  for (let z = minZoom; z <= maxZoom; z++) tiles += o.tilesAtZoom(z);
  const coreSeconds = n / BUILDINGS_MEASURED.buildingsPerCoreSecond;
  return {
    product: `buildings (LoD1.2 3D Tiles, levels ${minZoom}..${maxZoom})`,
    unit: 'buildings',
    units: n,
    levels: [],
    jobs,
    bytes: n * BUILDINGS_MEASURED.bytesPerBuilding,
    // GLBs: at most one per tile of the tree (empty tiles have none), one external tileset per job.
    objects: Math.min(tiles, n) + jobs + 2,
    coreHours: coreSeconds / 3600,
    perWorkers: timeForWorkers(coreSeconds, jobs, o.workers, o.coordinatorJobsPerSecond),
    throughput: {
      unitsPerCoreSecond: BUILDINGS_MEASURED.buildingsPerCoreSecond,
      bytesPerUnit: BUILDINGS_MEASURED.bytesPerBuilding,
      measuredOn: BUILDINGS_MEASURED.measuredOn,
    },
    notes: [
      `${(n / 1e6).toFixed(1)} M buildings (BD TOPO batiment, Hauts-de-France, order of magnitude); jobs and objects are upper bounds (empty tiles have none)`,
      'the coordinator also buckets the footprints first (one streamed pass over the file, not counted)',
    ],
  };
}
