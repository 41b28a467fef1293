// biome-ignore-all lint/style/noNonNullAssertion: row and interval arrays; indices in range by construction.
/**
 * The terrain plan (pure): DEM footprints (Web Mercator extents) -> the tiles of every level from 0
 * to the max zoom that overlap a footprint (the tile cover), the jobs (one per tile of every
 * `jobZoomSpan`-th level, each writing its subtree), and the availability CesiumJS reads from
 * layer.json and from the metadata extension of tiles of levels 0, 10, 20...
 *
 * Addresses here are XYZ (y from the north, like the imagery pyramid); availability and file names
 * are TMS (y from the south, quantized-mesh's `"scheme": "tms"`): `tmsY = 2^z - 1 - y`.
 */
import type { Extent, TileAddress, TileRange } from '../../format/grid';
import { mercatorExtentToTileRange } from '../../format/grid';
import { DataError } from '../core';
import type { TerrainOptions } from './options';
import { NAME } from './options';

/** One availability rectangle of quantized-mesh (TMS rows, inclusive). */
export interface AvailableRange {
  startX: number;
  startY: number;
  endX: number;
  endY: number;
}

/** A mesh job: the tiles of the cover under its root tile, down to `maxZoom`. JSON. */
export interface TerrainJob extends TileAddress {
  /** "terrain-z-x-y" (XYZ). */
  id: string;
  deps: string[];
  maxZoom: number;
}

/** Per level, the cover as disjoint rectangles (XYZ). JSON. */
export interface CoverLevel {
  z: number;
  rects: TileRange[];
}

/** The tiles of the cover, answering "is this tile in it?" quickly (rows of x intervals). */
export class TileCover {
  readonly levels: readonly CoverLevel[];
  private readonly rows: Map<number, [number, number][]>[];

  constructor(levels: readonly CoverLevel[]) {
    this.levels = levels;
    this.rows = levels.map((l) => {
      const m = new Map<number, [number, number][]>();
      for (const r of l.rects)
        for (let y = r.minY; y <= r.maxY; y++) {
          const row = m.get(y) ?? [];
          row.push([r.minX, r.maxX]);
          m.set(y, row);
        }
      return m;
    });
  }

  get maxZoom(): number {
    return this.levels.length - 1;
  }

  has(tile: TileAddress): boolean {
    const row = this.rows[tile.z]?.get(tile.y);
    if (!row) return false;
    for (const [a, b] of row) if (tile.x >= a && tile.x <= b) return true;
    return false;
  }

  /** Tiles in the cover at a level. */
  count(z: number): number {
    let n = 0;
    for (const r of this.levels[z]?.rects ?? []) n += (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);
    return n;
  }

  /** Tiles of level z in the cover (row by row, west to east). */
  *tiles(z: number): Generator<TileAddress> {
    const rows = this.rows[z];
    if (!rows) return;
    for (const y of [...rows.keys()].sort((a, b) => a - b))
      for (const [a, b] of rows.get(y)!) for (let x = a; x <= b; x++) yield { z, x, y };
  }

  /** Available rectangles (TMS) of level z, within the descendants of `root` when given. */
  available(z: number, root?: TileAddress): AvailableRange[] {
    const n = 2 ** z;
    const out: AvailableRange[] = [];
    for (const r of this.levels[z]?.rects ?? []) {
      let { minX, maxX, minY, maxY } = r;
      if (root) {
        const d = z - root.z;
        minX = Math.max(minX, root.x * 2 ** d);
        maxX = Math.min(maxX, (root.x + 1) * 2 ** d - 1);
        minY = Math.max(minY, root.y * 2 ** d);
        maxY = Math.min(maxY, (root.y + 1) * 2 ** d - 1);
        if (minX > maxX || minY > maxY) continue;
      }
      out.push({ startX: minX, startY: n - 1 - maxY, endX: maxX, endY: n - 1 - minY });
    }
    out.sort((a, b) => a.startY - b.startY || a.startX - b.startX);
    return out;
  }

  /** The metadata extension's JSON of a tile of level z (a multiple of `span`): the next `span` levels. */
  metadataOf(tile: TileAddress, span: number): { available: AvailableRange[][] } {
    const available: AvailableRange[][] = [];
    for (let z = tile.z + 1; z <= Math.min(tile.z + span, this.maxZoom); z++)
      available.push(this.available(z, tile));
    return { available };
  }
}

/** Union of rectangles of one level as disjoint rectangles: x intervals per row, equal rows merged. */
export function mergeRanges(z: number, ranges: readonly TileRange[]): TileRange[] {
  if (ranges.length === 0) return [];
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const r of ranges) {
    minY = Math.min(minY, r.minY);
    maxY = Math.max(maxY, r.maxY);
  }
  const byStart = [...ranges].sort((a, b) => a.minY - b.minY);
  const out: TileRange[] = [];
  let open = new Map<string, TileRange>();
  let active: TileRange[] = [];
  let k = 0;
  for (let y = minY; y <= maxY + 1; y++) {
    while (k < byStart.length && byStart[k]!.minY <= y) active.push(byStart[k++]!);
    active = active.filter((r) => r.maxY >= y);
    const intervals = active.map((r) => [r.minX, r.maxX] as [number, number]).sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const iv of intervals) {
      const last = merged[merged.length - 1];
      if (last && iv[0] <= last[1] + 1) last[1] = Math.max(last[1], iv[1]);
      else merged.push([iv[0], iv[1]]);
    }
    const next = new Map<string, TileRange>();
    for (const [a, b] of merged) {
      const key = `${a},${b}`;
      const prev = open.get(key);
      next.set(key, prev ? { ...prev, maxY: y } : { z, minX: a, maxX: b, minY: y, maxY: y });
      open.delete(key);
    }
    for (const r of open.values()) out.push(r);
    open = next;
  }
  for (const r of open.values()) out.push(r);
  return out.sort((a, b) => a.minY - b.minY || a.minX - b.minX);
}

/** The whole terrain plan. JSON except `cover`. */
export interface TerrainPlan {
  maxZoom: number;
  levels: CoverLevel[];
  cover: TileCover;
  jobs: TerrainJob[];
  tiles: number;
}

/** "terrain-z-x-y". */
export function terrainJobId(tile: TileAddress): string {
  return `terrain-${tile.z}-${tile.x}-${tile.y}`;
}

/**
 * Plans the tiles and jobs of DEM footprints (EPSG:3857 extents).
 * @throws DataError when there is no footprint or an option is out of range.
 */
export function planTerrain(
  footprints: readonly Extent[],
  options: TerrainOptions & { maxZoom: number },
): TerrainPlan {
  const problems: string[] = [];
  const cells = options.gridSize - 1;
  if (!Number.isInteger(cells) || cells < 2 || cells > 256 || (cells & (cells - 1)) !== 0)
    problems.push(`grid size ${options.gridSize} must be 2^k + 1 between 3 and 257`);
  if (!Number.isInteger(options.maxZoom) || options.maxZoom < 0 || options.maxZoom > 24)
    problems.push(`max zoom ${options.maxZoom} must be an integer 0..24`);
  for (const k of ['jobZoomSpan', 'metadataAvailability'] as const)
    if (!Number.isInteger(options[k]) || options[k] < 1 || options[k] > 16)
      problems.push(`${k} ${options[k]} must be 1..16`);
  if (footprints.length === 0) problems.push('no DEM footprint');
  if (problems.length > 0) throw new DataError(`${NAME}: bad terrain plan.`, problems);
  const levels: CoverLevel[] = [];
  for (let z = 0; z <= options.maxZoom; z++)
    levels.push({
      z,
      rects: mergeRanges(
        z,
        footprints.map((f) => mercatorExtentToTileRange(f, z)),
      ),
    });
  const cover = new TileCover(levels);
  const jobs: TerrainJob[] = [];
  let tiles = 0;
  for (let z = 0; z <= options.maxZoom; z++) tiles += cover.count(z);
  for (let r = 0; r <= options.maxZoom; r += options.jobZoomSpan)
    for (const t of cover.tiles(r))
      jobs.push({
        id: terrainJobId(t),
        deps: [],
        z: t.z,
        x: t.x,
        y: t.y,
        maxZoom: Math.min(r + options.jobZoomSpan - 1, options.maxZoom),
      });
  return { maxZoom: options.maxZoom, levels, cover, jobs, tiles };
}
