/**
 * The vector plan (pure): how a pyramid of `tiling vector` is cut into engine jobs, and which
 * features each job needs.
 *
 * One job per tile of the job level (`jobZoom`, default minZoom + 2) that some feature reaches,
 * writing that tile's subtree down to maxZoom; plus, when jobZoom > minZoom, one "top" job writing
 * the levels minZoom..jobZoom - 1 from every feature. A job gets the features whose box meets its
 * root tile widened by a margin (4x geojson-vt's 64-unit clip buffer): geojson-vt clips and
 * simplifies each feature on its own and keeps the features' order, so every tile of the subtree
 * gets the very bytes of the single-process run (tiles.ts `vectorTiles` with a subset).
 */
import type { TileAddress } from '../../format/grid';
import type { LonLatBounds } from './tiles';
import { MVT_EXTENT, tileRange } from './tiles';

/** Bucket name of the top job (every feature). */
export const TOP_BUCKET = 'top';

/** A vector job: levels `fromZoom..toZoom` under `root`, from the features of bucket `bucket`. JSON. */
export interface VectorJob {
  /** "vector-top" or "vector-z-x-y" (the root tile). */
  id: string;
  deps: string[];
  root: TileAddress;
  fromZoom: number;
  toZoom: number;
  /** File name (no extension) of the job's features in the bucket folder. */
  bucket: string;
  /** Tiles of its levels within the pyramid's bounds (an upper bound: empty tiles are not written). */
  tiles: number;
}

/** The levels a plan writes and the level of its jobs. */
export interface VectorPlanOptions {
  minZoom: number;
  maxZoom: number;
  jobZoom: number;
}

/** The job level when none is given: two levels below the coarsest, within the pyramid. */
export function defaultJobZoom(minZoom: number, maxZoom: number): number {
  return Math.min(maxZoom, minZoom + 2);
}

/** "z-x-y". */
export function bucketName(t: TileAddress): string {
  return `${t.z}-${t.x}-${t.y}`;
}

/** geojson-vt's projection of a longitude to 0..1. */
function projectX(lon: number): number {
  return lon / 360 + 0.5;
}

/** geojson-vt's projection of a latitude to 0..1 (north at 0). */
function projectY(lat: number): number {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return Math.max(0, Math.min(1, y));
}

/** Box of a feature's coordinates (any nesting of [lon, lat] positions), degrees; null when none. */
export function coordinatesBox(coordinates: unknown): LonLatBounds | null {
  const b: LonLatBounds = [180, 90, -180, -90];
  let any = false;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const lon = c[0] as number;
      const lat = c[1] as number;
      any = true;
      if (lon < b[0]) b[0] = lon;
      if (lat < b[1]) b[1] = lat;
      if (lon > b[2]) b[2] = lon;
      if (lat > b[3]) b[3] = lat;
    } else for (const x of c) visit(x);
  };
  visit(coordinates);
  return any ? b : null;
}

/** Margin around a root tile, in tiles: four times the clip buffer (64 of 4096 units). */
const MARGIN = (4 * 64) / MVT_EXTENT;

/**
 * The root tiles of level `z` (within `range`, the level's tiles over the pyramid's bounds) whose
 * tile widened by the margin meets `box`; west to east, then north to south.
 */
export function rootTilesOf(
  box: LonLatBounds,
  z: number,
  range: { minX: number; maxX: number; minY: number; maxY: number },
): TileAddress[] {
  const n = 2 ** z;
  const x0 = Math.max(range.minX, Math.floor(projectX(box[0]) * n - MARGIN));
  const x1 = Math.min(range.maxX, Math.floor(projectX(box[2]) * n + MARGIN));
  const y0 = Math.max(range.minY, Math.floor(projectY(box[3]) * n - MARGIN));
  const y1 = Math.min(range.maxY, Math.floor(projectY(box[1]) * n + MARGIN));
  const out: TileAddress[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push({ z, x, y });
  return out;
}

/** Tiles of levels `from..to` under `root` within the bounds (a z0 root: all of them). */
export function subtreeTiles(bounds: LonLatBounds, root: TileAddress, from: number, to: number): number {
  let n = 0;
  for (let z = Math.max(from, root.z); z <= to; z++) {
    const r = tileRange(bounds, z);
    const d = z - root.z;
    const w = Math.min(r.maxX, (root.x + 1) * 2 ** d - 1) - Math.max(r.minX, root.x * 2 ** d) + 1;
    const h = Math.min(r.maxY, (root.y + 1) * 2 ** d - 1) - Math.max(r.minY, root.y * 2 ** d) + 1;
    if (w > 0 && h > 0) n += w * h;
  }
  return n;
}

/**
 * The jobs of a pyramid: the top job first (it holds every feature: the longest), then one per
 * root tile that some feature reaches (`roots`, any order; sorted north to south, west to east).
 */
export function planVectorJobs(
  o: VectorPlanOptions,
  bounds: LonLatBounds,
  roots: readonly TileAddress[],
): VectorJob[] {
  const jobs: VectorJob[] = [];
  const world = { z: 0, x: 0, y: 0 };
  if (o.jobZoom > o.minZoom)
    jobs.push({
      id: 'vector-top',
      deps: [],
      root: world,
      fromZoom: o.minZoom,
      toZoom: o.jobZoom - 1,
      bucket: TOP_BUCKET,
      tiles: subtreeTiles(bounds, world, o.minZoom, o.jobZoom - 1),
    });
  const sorted = [...roots].sort((a, b) => a.y - b.y || a.x - b.x);
  for (const root of sorted)
    jobs.push({
      id: `vector-${bucketName(root)}`,
      deps: [],
      root: { z: root.z, x: root.x, y: root.y },
      fromZoom: o.jobZoom,
      toZoom: o.maxZoom,
      bucket: bucketName(root),
      tiles: subtreeTiles(bounds, root, o.jobZoom, o.maxZoom),
    });
  return jobs;
}

/** Planned tiles per level of a plan's jobs (the batch's progress per zoom). */
export function plannedLevels(
  o: VectorPlanOptions,
  bounds: LonLatBounds,
  jobs: readonly VectorJob[],
): { z: number; tiles: number }[] {
  const out: { z: number; tiles: number }[] = [];
  for (let z = o.minZoom; z <= o.maxZoom; z++) {
    let tiles = 0;
    for (const j of jobs) if (z >= j.fromZoom && z <= j.toZoom) tiles += subtreeTiles(bounds, j.root, z, z);
    out.push({ z, tiles });
  }
  return out;
}

/** A planned pyramid: its jobs, and the features of each root job's bucket. */
export interface VectorPyramidPlan {
  jobs: VectorJob[];
  /**
   * Bucket name -> the features of that root job, as indexes into the layers taken in order (layer
   * after layer, each in feature order). The top bucket (every feature) is not listed.
   */
  members: Map<string, number[]>;
  levels: { z: number; tiles: number }[];
  /** Tiles of all jobs' levels within the bounds (an upper bound). */
  tiles: number;
}

/** Plans a pyramid of these layers (pure): one bucket per root tile some feature reaches. */
export function planVectorPyramid(
  layers: Readonly<Record<string, readonly { geometry: unknown }[]>>,
  bounds: LonLatBounds,
  o: VectorPlanOptions,
): VectorPyramidPlan {
  const members = new Map<string, number[]>();
  const roots = new Map<string, TileAddress>();
  const range = tileRange(bounds, o.jobZoom);
  let index = 0;
  for (const features of Object.values(layers))
    for (const f of features) {
      const g = f.geometry as { coordinates?: unknown } | null;
      const box = g ? coordinatesBox(g.coordinates) : null;
      if (box)
        for (const t of rootTilesOf(box, o.jobZoom, range)) {
          const name = bucketName(t);
          let list = members.get(name);
          if (!list) {
            list = [];
            members.set(name, list);
            roots.set(name, t);
          }
          list.push(index);
        }
      index++;
    }
  const jobs = planVectorJobs(o, bounds, [...roots.values()]);
  const levels = plannedLevels(o, bounds, jobs);
  return { jobs, members, levels, tiles: levels.reduce((n, l) => n + l.tiles, 0) };
}

/** One line of a bucket file: the feature as GeoJSON, its tile layer in the foreign member `layer`. */
export function bucketLine(layer: string, feature: { properties: unknown; geometry: unknown }): string {
  return JSON.stringify({
    type: 'Feature',
    layer,
    properties: feature.properties,
    geometry: feature.geometry,
  });
}
