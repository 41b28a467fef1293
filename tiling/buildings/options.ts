/**
 * Options of the buildings product and the rules of its tree (pure).
 *
 * Heights follow 3DBAG's LoD1.2: one roof height per building, the `roofPercentile` (70th) of the
 * DSM pixels whose centre lies in the footprint, over a ground taken at the `groundPercentile`
 * (10th) of the DTM pixels in it. The tree is the Web Mercator quadtree from `minZoom` (one job and
 * one external tileset per tile) to `maxZoom`, with ADD refinement: a building lies in exactly one
 * tile, the one of its level that holds its centroid; larger buildings go to coarser levels, so a
 * distant view shows the large ones and nothing already shown disappears when closer tiles load.
 */

/** Prefix of this product's messages and errors. */
export const NAME = 'tiling/buildings';

/** Options of the buildings product. */
export interface BuildingsOptions {
  /** Percentile of the DSM inside the footprint taken as the roof (70: 3DBAG's LoD1.2 h_70p). */
  roofPercentile: number;
  /** Percentile of the DTM inside the footprint taken as the ground (10). */
  groundPercentile: number;
  /** Fewer DSM pixels than this in a footprint: no DSM height (fall back to `hauteur`). */
  minPixels: number;
  /** A DSM height (roof - ground) under this is not a building there (demolished, not built yet, bad
   * DSM): fall back to `hauteur`, then storeys, metres. */
  minHeight: number;
  /** Metres per storey for the `nombre_d_etages` fallback (3). */
  storeyMetres: number;
  /** Height when nothing else is known, metres (3: one storey). */
  defaultHeight: number;
  /** Property holding the height in metres (BD TOPO: `hauteur`). */
  heightField: string;
  /** Coarsest level of the tree: one job and one external tileset per tile (13: about 3 km at 50°N). */
  minZoom: number;
  /** Finest level: the smallest buildings (16: about 390 m at 50°N). */
  maxZoom: number;
  /** Least footprint area (m²) of a building kept at each level above maxZoom, from minZoom down. */
  levelMinArea: number[];
  /** Most buildings in one tile (the rest go one level down; at maxZoom all stay). */
  maxPerTile: number;
}

export const BUILDINGS_DEFAULTS: BuildingsOptions = {
  roofPercentile: 70,
  groundPercentile: 10,
  minPixels: 3,
  minHeight: 2,
  storeyMetres: 3,
  defaultHeight: 3,
  heightField: 'hauteur',
  minZoom: 13,
  maxZoom: 16,
  levelMinArea: [1500, 400, 120],
  maxPerTile: 4000,
};

/** Least area of a building at level z (0 at maxZoom: every building fits there). */
export function levelMinArea(o: BuildingsOptions, z: number): number {
  if (z >= o.maxZoom) return 0;
  return o.levelMinArea[z - o.minZoom] ?? 0;
}

/**
 * Geometric error of a tile of level z with children, metres: twice the side of the largest
 * building left to its children (sqrt of this level's least area); 0 for leaves. With CesiumJS's
 * maximumScreenSpaceError of 16 the children load when that building would cover 8 px or more.
 */
export function levelGeometricError(o: BuildingsOptions, z: number): number {
  if (z >= o.maxZoom) return 0;
  return Math.round(2 * Math.sqrt(Math.max(levelMinArea(o, z), 25)) * 100) / 100;
}

/** @throws Error naming the bad option. */
export function checkBuildingsOptions(o: BuildingsOptions): string[] {
  const problems: string[] = [];
  if (!(o.roofPercentile >= 0 && o.roofPercentile <= 100))
    problems.push(`--roof-percentile must be from 0 to 100, got ${o.roofPercentile}.`);
  if (!(o.groundPercentile >= 0 && o.groundPercentile <= 100))
    problems.push(`--ground-percentile must be from 0 to 100, got ${o.groundPercentile}.`);
  if (
    !(
      Number.isInteger(o.minZoom) &&
      Number.isInteger(o.maxZoom) &&
      o.minZoom >= 8 &&
      o.maxZoom <= 20 &&
      o.minZoom <= o.maxZoom
    )
  )
    problems.push(`levels must satisfy 8 <= --min-zoom <= --max-zoom <= 20, got ${o.minZoom}..${o.maxZoom}.`);
  if (!(o.maxPerTile >= 1 && o.maxPerTile <= 65535))
    problems.push(`--max-per-tile must be from 1 to 65535, got ${o.maxPerTile}.`);
  if (!o.heightField) problems.push('--height-field must name a property.');
  return problems;
}
