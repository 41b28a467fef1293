/**
 * The tree of one job (pure): which tile of which level each building goes to. Buildings are
 * taken largest first (area, then id); each goes to the coarsest level whose least area it meets
 * and whose tile (the one holding its centroid) still has room; the rest go one level down, and
 * the finest level takes all that is left. A building is never cut: it lies in exactly one tile.
 */
import type { TileAddress } from '../../format/grid';
import { lonLatToTile } from '../../format/grid';
import type { BuildingsOptions } from './options';
import { levelMinArea } from './options';

/** A building to place: its index, area (m²) and centroid (degrees). */
export interface Placeable {
  index: number;
  id: string;
  area: number;
  lon: number;
  lat: number;
}

/** Tile key "z/x/y" -> indices of its buildings, in placement order. */
export function assignLevels(
  items: readonly Placeable[],
  o: BuildingsOptions,
): Map<string, { tile: TileAddress; items: number[] }> {
  const sorted = [...items].sort(
    (a, b) => b.area - a.area || (a.id < b.id ? -1 : a.id > b.id ? 1 : a.index - b.index),
  );
  const tiles = new Map<string, { tile: TileAddress; items: number[] }>();
  for (const it of sorted) {
    for (let z = o.minZoom; z <= o.maxZoom; z++) {
      if (z < o.maxZoom && it.area < levelMinArea(o, z)) continue;
      const tile = lonLatToTile(it.lon, it.lat, z);
      const key = `${z}/${tile.x}/${tile.y}`;
      let t = tiles.get(key);
      if (!t) {
        t = { tile, items: [] };
        tiles.set(key, t);
      }
      if (z < o.maxZoom && t.items.length >= o.maxPerTile) continue;
      t.items.push(it.index);
      break;
    }
  }
  for (const [k, t] of tiles) if (t.items.length === 0) tiles.delete(k);
  return tiles;
}
