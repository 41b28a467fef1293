/**
 * WebMercatorQuad (OGC TMS 2.0 / "GoogleMapsCompatible", EPSG:3857) addressing, the grid of every
 * pyramid of the twin (DESIGN.md "Grid"): tile <-> bounds in metres and degrees, the tile under a
 * point, pixel sizes, and the max zoom that matches a source resolution.
 *
 * A *pyramid level* (zoom) z has 2^z x 2^z tiles of 256 px; x grows eastwards from 180°W, y
 * southwards from 85.0511°N (XYZ, not TMS). Global pixel coordinates at zoom z run from 0 to
 * 256 * 2^z from the top-left corner (-20037508.34 m, +20037508.34 m); the centre of pixel (i, j)
 * is at (i + 0.5, j + 0.5). Pure math: the viewer (picking, tile ranges), the tiling (plans, jobs)
 * and the tests share this one module.
 */
import type { Bbox, Extent } from './extent';

/** WGS 84 semi-major axis, the radius of the Web Mercator sphere (metres). */
export const EARTH_RADIUS_METRES = 6378137;
/** Half the width of the Web Mercator square, pi * R (metres). */
export const MERCATOR_HALF_EXTENT_METRES = Math.PI * EARTH_RADIUS_METRES;
/** Width and height of every tile (pixels). */
export const TILE_SIZE_PX = 256;
/** Deepest level these functions accept; 2^30 * 256 pixels still fits exactly in a double. */
export const MAX_SUPPORTED_ZOOM = 30;
/** Latitude where Web Mercator stops, atan(sinh(pi)) (degrees). */
export const MAX_LATITUDE_DEGREES = 85.05112877980659;

const DEG = 180 / Math.PI;

/** A WebMercatorQuad tile address, XYZ convention (y grows southwards). */
export interface TileAddress {
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

/** An inclusive rectangle of tiles of one zoom level. */
export interface TileRange {
  readonly z: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Width of one tile at zoom `z` (Web Mercator metres). */
export function tileSizeMetres(z: number): number {
  return (2 * MERCATOR_HALF_EXTENT_METRES) / 2 ** z;
}

/** Width of one pixel at zoom `z` (Web Mercator metres; ground size is this times cos(latitude)). */
export function pixelSizeMetres(z: number): number {
  return tileSizeMetres(z) / TILE_SIZE_PX;
}

/** Size on the ground of one pixel of zoom `z` at latitude `latRadians` (metres). */
export function groundResolutionMetres(z: number, latRadians: number): number {
  return pixelSizeMetres(z) * Math.cos(latRadians);
}

/** Bounds of a tile in EPSG:3857 metres. */
export function tileToMercatorBounds(tile: TileAddress): Extent {
  const size = tileSizeMetres(tile.z);
  const minX = -MERCATOR_HALF_EXTENT_METRES + tile.x * size;
  const maxY = MERCATOR_HALF_EXTENT_METRES - tile.y * size;
  return { minX, minY: maxY - size, maxX: minX + size, maxY };
}

/** EPSG:3857 metres -> [longitude, latitude] in degrees (spherical inverse). */
export function mercatorToLonLat(x: number, y: number): [number, number] {
  return [
    (x / EARTH_RADIUS_METRES) * DEG,
    (2 * Math.atan(Math.exp(y / EARTH_RADIUS_METRES)) - Math.PI / 2) * DEG,
  ];
}

/** [longitude, latitude] in degrees -> EPSG:3857 metres (latitude clamped to the Mercator limit). */
export function lonLatToMercator(lonDegrees: number, latDegrees: number): [number, number] {
  const lat = Math.max(-MAX_LATITUDE_DEGREES, Math.min(MAX_LATITUDE_DEGREES, latDegrees)) / DEG;
  return [
    (lonDegrees / DEG) * EARTH_RADIUS_METRES,
    Math.log(Math.tan(Math.PI / 4 + lat / 2)) * EARTH_RADIUS_METRES,
  ];
}

/** Bounds of a tile in degrees (minX/maxX longitudes, minY/maxY latitudes). */
export function tileToLonLatBounds(tile: TileAddress): Extent {
  const m = tileToMercatorBounds(tile);
  const [west, south] = mercatorToLonLat(m.minX, m.minY);
  const [east, north] = mercatorToLonLat(m.maxX, m.maxY);
  return { minX: west, minY: south, maxX: east, maxY: north };
}

/** The extent of a tile in degrees, as a `[west, south, east, north]` bbox. */
export function tileToBbox({ z, x, y }: TileAddress): Bbox {
  const n = 2 ** z;
  const lon = (col: number) => (col / n) * 360 - 180;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/**
 * The tile containing a point given in degrees at level `z`. Latitudes are clamped to the Mercator
 * square and the east/south edges belong to the last tile, so every point maps to an existing tile.
 */
export function lonLatToTile(lonDegrees: number, latDegrees: number, z: number): TileAddress {
  const n = 2 ** z;
  const lat = Math.max(-MAX_LATITUDE_DEGREES, Math.min(MAX_LATITUDE_DEGREES, latDegrees));
  const latRadians = (lat * Math.PI) / 180;
  const fx = ((lonDegrees + 180) / 360) * n;
  const fy = ((1 - Math.log(Math.tan(latRadians) + 1 / Math.cos(latRadians)) / Math.PI) / 2) * n;
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v)));
  return { z, x: clamp(fx), y: clamp(fy) };
}

/** The tiles of level `z` that intersect a bbox in degrees (edges included). */
export function bboxToTileRange(bbox: Bbox, z: number): TileRange {
  const nw = lonLatToTile(bbox[0], bbox[3], z);
  const se = lonLatToTile(bbox[2], bbox[1], z);
  return { z, minX: nw.x, minY: nw.y, maxX: se.x, maxY: se.y };
}

/** EPSG:3857 metres -> global pixel coordinates at zoom `z` (continuous; pixel centres at i + 0.5). */
export function mercatorToPixel(x: number, y: number, z: number): [number, number] {
  const size = pixelSizeMetres(z);
  return [(x + MERCATOR_HALF_EXTENT_METRES) / size, (MERCATOR_HALF_EXTENT_METRES - y) / size];
}

/** Global pixel coordinates at zoom `z` -> EPSG:3857 metres. */
export function pixelToMercator(px: number, py: number, z: number): [number, number] {
  const size = pixelSizeMetres(z);
  return [-MERCATOR_HALF_EXTENT_METRES + px * size, MERCATOR_HALF_EXTENT_METRES - py * size];
}

/** The tile of zoom `z` containing a point in EPSG:3857 metres (clamped to the grid). */
export function mercatorToTile(x: number, y: number, z: number): TileAddress {
  const n = 2 ** z;
  const size = tileSizeMetres(z);
  const tx = Math.floor((x + MERCATOR_HALF_EXTENT_METRES) / size);
  const ty = Math.floor((MERCATOR_HALF_EXTENT_METRES - y) / size);
  return { z, x: Math.min(n - 1, Math.max(0, tx)), y: Math.min(n - 1, Math.max(0, ty)) };
}

/**
 * The tiles of zoom `z` that overlap an extent in EPSG:3857 metres with a non-zero area
 * (a tile that only touches the extent's edge is left out).
 */
export function mercatorExtentToTileRange(extent: Extent, z: number): TileRange {
  const n = 2 ** z;
  const size = tileSizeMetres(z);
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  return {
    z,
    minX: clamp(Math.floor((extent.minX + MERCATOR_HALF_EXTENT_METRES) / size)),
    maxX: clamp(Math.ceil((extent.maxX + MERCATOR_HALF_EXTENT_METRES) / size) - 1),
    minY: clamp(Math.floor((MERCATOR_HALF_EXTENT_METRES - extent.maxY) / size)),
    maxY: clamp(Math.ceil((MERCATOR_HALF_EXTENT_METRES - extent.minY) / size) - 1),
  };
}

/** Number of tiles in an inclusive range (0 when empty). */
export function tileRangeCount(range: TileRange): number {
  const w = range.maxX - range.minX + 1;
  const h = range.maxY - range.minY + 1;
  return w > 0 && h > 0 ? w * h : 0;
}

/** True when the tile lies in the inclusive range (same zoom). */
export function tileRangeContains(range: TileRange, tile: TileAddress): boolean {
  return (
    tile.z === range.z &&
    tile.x >= range.minX &&
    tile.x <= range.maxX &&
    tile.y >= range.minY &&
    tile.y <= range.maxY
  );
}

/**
 * The zoom whose ground pixel is the coarsest one still at least as fine as the source
 * (5 cm at 50.6 deg N -> 21, whose pixels are 4.7 cm), allowing `tolerance` (default 1%) so a source
 * a hair finer than a level does not force the next one.
 */
export function maxZoomForResolution(
  sourceResolutionMetres: number,
  latRadians: number,
  tolerance = 0.01,
): number {
  if (!(sourceResolutionMetres > 0))
    throw new RangeError(`maxZoomForResolution: resolution must be > 0, got ${sourceResolutionMetres}`);
  for (let z = 0; z <= MAX_SUPPORTED_ZOOM; z++) {
    if (groundResolutionMetres(z, latRadians) <= sourceResolutionMetres * (1 + tolerance)) return z;
  }
  return MAX_SUPPORTED_ZOOM;
}
