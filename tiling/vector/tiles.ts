/**
 * Features (WGS 84) -> Mapbox Vector Tiles of the WebMercatorQuad grid, levels minZoom..maxZoom,
 * with geojson-vt (slicing, simplification within a tile unit) and vt-pbf (protobuf encoding).
 * Pure and deterministic: same features, same bytes, in the same (z, x, y) order.
 */
import type { Feature, FeatureCollection } from 'geojson';
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';

/** Tile extent (units per tile side) of the MVT spec's default. */
export const MVT_EXTENT = 4096;

/** One encoded tile. */
export interface VectorTile {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly bytes: Uint8Array;
}

/** `[west, south, east, north]` degrees. */
export type LonLatBounds = [number, number, number, number];

/** Tiles of level `z` over `bounds` (inclusive ranges). */
export function tileRange(bounds: LonLatBounds, z: number) {
  const n = 2 ** z;
  const tx = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    const y = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
    return Math.min(n - 1, Math.max(0, Math.floor(y)));
  };
  return { minX: tx(bounds[0]), maxX: tx(bounds[2]), minY: ty(bounds[3]), maxY: ty(bounds[1]) };
}

/** Bounds of features' coordinates, degrees. */
export function lonLatBounds(features: readonly Feature[]): LonLatBounds {
  const b: LonLatBounds = [180, 90, -180, -90];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [lon, lat] = c as [number, number];
      if (lon < b[0]) b[0] = lon;
      if (lat < b[1]) b[1] = lat;
      if (lon > b[2]) b[2] = lon;
      if (lat > b[3]) b[3] = lat;
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return b;
}

/** Part of a pyramid one job writes: levels `fromZoom..toZoom` under `root` (tiling/vector/plan.ts). */
export interface VectorTileSubset {
  readonly fromZoom: number;
  readonly toZoom: number;
  /** Only this tile's descendants (itself included); z0 tile: everything. */
  readonly root: { readonly z: number; readonly x: number; readonly y: number };
}

/**
 * Every non-empty tile of levels `minZoom..maxZoom` over `bounds`, each holding the layers that
 * have features there. With `subset`, only the tiles of that part of the pyramid, with the very
 * bytes of the whole run as long as `layers` holds every feature reaching them (geojson-vt clips
 * and simplifies each feature on its own, and keeps the features' order).
 */
export function* vectorTiles(
  layers: Readonly<Record<string, readonly Feature[]>>,
  options: { minZoom: number; maxZoom: number; bounds: LonLatBounds },
  subset?: VectorTileSubset,
): Generator<VectorTile> {
  // Two indexes per layer. Near maxZoom (where the viewer over-zooms and picks) a tolerance of 1
  // (1/4096 of a tile) keeps neighbouring polygons joined to the eye. Coarser levels use 8 (half a
  // pixel of a 256 px tile): geojson-vt then also drops polygons smaller than that, which keeps a
  // regional z10 tile from carrying every parcel of the region. Each is built when first needed
  // (a job of the finest levels never builds the coarse one); the options never depend on the subset.
  const fineFrom = Math.max(options.minZoom, options.maxZoom - 1);
  const indexes = Object.entries(layers)
    .filter(([, features]) => features.length > 0)
    .map(([name, features]) => {
      const fc: FeatureCollection = { type: 'FeatureCollection', features: [...features] };
      const make = (tolerance: number, maxZoom: number) =>
        new GeoJSONVT(fc, {
          maxZoom,
          indexMaxZoom: Math.min(maxZoom, 5),
          tolerance,
          extent: MVT_EXTENT,
          buffer: 64,
        });
      let fine: GeoJSONVT | undefined;
      let coarse: GeoJSONVT | undefined;
      const fineIndex = () => {
        fine ??= make(1, options.maxZoom);
        return fine;
      };
      const coarseIndex = () => {
        coarse ??= fineFrom > options.minZoom ? make(8, fineFrom - 1) : fineIndex();
        return coarse;
      };
      return [
        name,
        (z: number, x: number, y: number) => (z >= fineFrom ? fineIndex() : coarseIndex()).getTile(z, x, y),
      ] as const;
    });
  const from = Math.max(options.minZoom, subset?.fromZoom ?? options.minZoom);
  const to = Math.min(options.maxZoom, subset?.toZoom ?? options.maxZoom);
  for (let z = from; z <= to; z++) {
    const r = tileRange(options.bounds, z);
    if (subset) {
      const d = z - subset.root.z;
      if (d < 0) continue;
      r.minX = Math.max(r.minX, subset.root.x * 2 ** d);
      r.maxX = Math.min(r.maxX, (subset.root.x + 1) * 2 ** d - 1);
      r.minY = Math.max(r.minY, subset.root.y * 2 ** d);
      r.maxY = Math.min(r.maxY, (subset.root.y + 1) * 2 ** d - 1);
    }
    for (let x = r.minX; x <= r.maxX; x++) {
      for (let y = r.minY; y <= r.maxY; y++) {
        const present: Record<string, LegacyTile> = {};
        let any = false;
        for (const [name, index] of indexes) {
          const tile = index(z, x, y);
          if (tile && tile.features.length > 0) {
            present[name] = tile;
            any = true;
          }
        }
        if (!any) continue;
        yield { z, x, y, bytes: fromGeojsonVt(present, { version: 2, extent: MVT_EXTENT }) };
      }
    }
  }
}
