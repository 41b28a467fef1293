/**
 * WebMercatorQuad (OGC TMS 2.0 / "GoogleMapsCompatible", EPSG:3857) addressing: tile <-> bounds in
 * metres and degrees, pixel sizes, and the max zoom that matches a source resolution.
 *
 * A *pyramid level* (zoom) z has 2^z x 2^z tiles of 256 px; x grows eastwards, y southwards (XYZ).
 * Global pixel coordinates at zoom z run from 0 to 256 * 2^z from the top-left corner
 * (-20037508.34 m, +20037508.34 m); the centre of pixel (i, j) is at (i + 0.5, j + 0.5).
 */
import type { Extent, TileAddress } from '../core';

/** WGS 84 semi-major axis, the radius of the Web Mercator sphere (metres). */
export const EARTH_RADIUS_METRES = 6378137;
/** Half the width of the Web Mercator square, pi * R (metres). */
export const MERCATOR_HALF_EXTENT_METRES = Math.PI * EARTH_RADIUS_METRES;
/** Width and height of every tile (pixels). */
export const TILE_SIZE_PX = 256;
/** Deepest level these functions accept; 2^30 * 256 pixels still fits exactly in a double. */
export const MAX_SUPPORTED_ZOOM = 30;
/** Latitude where Web Mercator stops (degrees). */
export const MAX_LATITUDE_DEGREES = 85.0511287798066;

const DEG = 180 / Math.PI;

/** An inclusive rectangle of tiles of one zoom level. */
export interface TileRange {
  z: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
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
