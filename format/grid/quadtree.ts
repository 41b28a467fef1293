/**
 * Quadtree relations of WebMercatorQuad tiles: children, parents, quadkeys and numeric tile ids
 * (the ortho and 3D jobs' parent/child links, tile keys in file names and job ids). Pure math.
 */
import type { TileAddress } from './web-mercator';

/**
 * The four children of a tile at z + 1, in Z order: top-left, top-right, bottom-left, bottom-right.
 * The index in this array is the child's quadrant (bit 0: east half, bit 1: south half).
 */
export function tileChildren(tile: TileAddress): [TileAddress, TileAddress, TileAddress, TileAddress] {
  const z = tile.z + 1;
  const x = tile.x * 2;
  const y = tile.y * 2;
  return [
    { z, x, y },
    { z, x: x + 1, y },
    { z, x, y: y + 1 },
    { z, x: x + 1, y: y + 1 },
  ];
}

/** The parent tile at z - 1. @throws RangeError for z = 0. */
export function tileParent(tile: TileAddress): TileAddress {
  if (tile.z <= 0) throw new RangeError('tileParent: zoom 0 has no parent');
  return { z: tile.z - 1, x: Math.floor(tile.x / 2), y: Math.floor(tile.y / 2) };
}

/** The ancestor of a tile at zoom `z` (<= tile.z). */
export function tileAncestor(tile: TileAddress, z: number): TileAddress {
  if (z > tile.z || z < 0) throw new RangeError(`tileAncestor: zoom ${z} is not above ${tile.z}`);
  const d = 2 ** (tile.z - z);
  return { z, x: Math.floor(tile.x / d), y: Math.floor(tile.y / d) };
}

/** Quadrant (0..3, as in `tileChildren`) of a tile within its parent. */
export function tileQuadrant(tile: TileAddress): number {
  return (tile.x & 1) | ((tile.y & 1) << 1);
}

/** Bing-style quadkey ("" for zoom 0); sorting quadkeys sorts tiles depth-first in Z order. */
export function zxyToQuadkey(tile: TileAddress): string {
  let key = '';
  for (let i = tile.z; i > 0; i--) {
    const mask = 2 ** (i - 1);
    const digit = (Math.floor(tile.x / mask) % 2) + 2 * (Math.floor(tile.y / mask) % 2);
    key += String(digit);
  }
  return key;
}

/** Inverse of `zxyToQuadkey`. @throws RangeError on a character other than 0-3. */
export function quadkeyToZxy(quadkey: string): TileAddress {
  let x = 0;
  let y = 0;
  for (const ch of quadkey) {
    const d = ch.charCodeAt(0) - 48;
    if (d < 0 || d > 3) throw new RangeError(`quadkeyToZxy: "${quadkey}" is not a quadkey`);
    x = x * 2 + (d & 1);
    y = y * 2 + (d >> 1);
  }
  return { z: quadkey.length, x, y };
}

/**
 * A unique integer per tile of every zoom: the tiles of zooms < z come first ((4^z - 1) / 3 of them),
 * then the tile's Morton (Z order) index. Exact up to zoom 26 (below 2^53).
 */
export function zxyToTileId(tile: TileAddress): number {
  if (tile.z > 26) throw new RangeError(`zxyToTileId: zoom ${tile.z} > 26 does not fit in a double`);
  let morton = 0;
  let bit = 1;
  let x = tile.x;
  let y = tile.y;
  for (let i = 0; i < tile.z; i++) {
    morton += (x % 2) * bit + (y % 2) * bit * 2;
    x = Math.floor(x / 2);
    y = Math.floor(y / 2);
    bit *= 4;
  }
  return (4 ** tile.z - 1) / 3 + morton;
}

/** Inverse of `zxyToTileId`. */
export function tileIdToZxy(id: number): TileAddress {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`tileIdToZxy: ${id} is not a tile id`);
  let z = 0;
  let base = 0;
  while (base + 4 ** z <= id) {
    base += 4 ** z;
    z++;
  }
  let morton = id - base;
  let x = 0;
  let y = 0;
  let bit = 1;
  for (let i = 0; i < z; i++) {
    const d = morton % 4;
    x += (d & 1) * bit;
    y += (d >> 1) * bit;
    morton = Math.floor(morton / 4);
    bit *= 2;
  }
  return { z, x, y };
}

/** "z/x/y", the id of a tile in file names, job ids and messages. */
export function tileKey(tile: TileAddress): string {
  return `${tile.z}/${tile.x}/${tile.y}`;
}

/** Orders tiles by zoom, then in Z order (depth-first locality). */
export function compareTiles(a: TileAddress, b: TileAddress): number {
  if (a.z !== b.z) return a.z - b.z;
  return zxyToTileId(a) - zxyToTileId(b);
}
