/**
 * Reading the twin's vector tiles in the browser: fetch, decode (@mapbox/vector-tile + pbf),
 * cache, and find the feature under a point. No Cesium here; the imagery provider and the
 * picking handler share one {@link VectorTileSource} per layer so a clicked tile is not fetched
 * twice.
 */
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { lonLatToTile, type TileAddress } from '../../format/grid';

/** Tiles kept decoded per source (most recently used). */
const CACHE_SIZE = 256;

/** Fills `{z}`, `{x}`, `{y}` of a tile URL template. */
export function tileUrl(template: string, t: TileAddress): string {
  return template.replace('{z}', String(t.z)).replace('{x}', String(t.x)).replace('{y}', String(t.y));
}

/** A pyramid of vector tiles: decoded tiles by address, `null` for a tile that does not exist. */
export class VectorTileSource {
  private readonly cache = new Map<string, Promise<VectorTile | null>>();
  constructor(
    readonly template: string,
    readonly minZoom: number,
    readonly maxZoom: number,
  ) {}

  /**
   * The decoded tile, or null when the pyramid has none there (404: nothing to draw).
   * @throws Error for other HTTP errors and undecodable bytes (the layer counts a failed tile).
   */
  getTile(t: TileAddress): Promise<VectorTile | null> {
    const key = `${t.z}/${t.x}/${t.y}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const p = fetch(tileUrl(this.template, t)).then(async (r) => {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error(`HTTP ${r.status} for ${r.url}`);
      return new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer())));
    });
    p.catch(() => this.cache.delete(key));
    this.cache.set(key, p);
    if (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return p;
  }

  /**
   * Topmost feature of `layerName` containing the point (drawn last = on top) among those
   * `accept` keeps, read from the finest tile of the pyramid. Null when none.
   */
  async featureAt(
    lon: number,
    lat: number,
    layerName: string,
    accept: (props: Readonly<Record<string, unknown>>) => boolean,
  ): Promise<VectorTileFeature | null> {
    const t = lonLatToTile(lon, lat, this.maxZoom);
    const tile = await this.getTile(t);
    const layer = tile?.layers[layerName];
    if (!layer) return null;
    const [px, py] = lonLatToTileUnits(lon, lat, t, layer.extent);
    for (let i = layer.length - 1; i >= 0; i--) {
      const f = layer.feature(i);
      if (f.type !== 3 || !accept(f.properties)) continue;
      if (pointInRings(px, py, f.loadGeometry())) return f;
    }
    return null;
  }
}

/** A point's position inside tile `t`, in tile units (0..extent). */
export function lonLatToTileUnits(
  lon: number,
  lat: number,
  t: TileAddress,
  extent: number,
): [number, number] {
  const n = 2 ** t.z;
  const r = (lat * Math.PI) / 180;
  const fx = ((lon + 180) / 360) * n;
  const fy = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
  return [(fx - t.x) * extent, (fy - t.y) * extent];
}

/**
 * Even-odd point-in-polygon over all rings of a feature (outer rings and holes alike): a point in
 * a hole crosses two boundaries and is outside, as the painter's even-odd fill shows it.
 */
export function pointInRings(
  x: number,
  y: number,
  rings: readonly (readonly { x: number; y: number }[])[],
): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i] as { x: number; y: number };
      const b = ring[j] as { x: number; y: number };
      if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
    }
  }
  return inside;
}

/** Adds a polygon feature's rings (tile units, the canvas scaled to them) to the current path. */
export function traceRings(ctx: CanvasRenderingContext2D, feature: VectorTileFeature): void {
  for (const ring of feature.loadGeometry()) {
    const first = ring[0];
    if (!first) continue;
    ctx.moveTo(first.x, first.y);
    for (let k = 1; k < ring.length; k++) {
      const p = ring[k] as { x: number; y: number };
      ctx.lineTo(p.x, p.y);
    }
    ctx.closePath();
  }
}
