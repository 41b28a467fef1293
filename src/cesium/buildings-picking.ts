/**
 * Picking a building: the Cesium3DTileFeature of a buildings tileset (catalog-tilesets.tsx) under
 * a canvas position, read into the store's picked feature (`tileLayer: 'building'`, the property
 * table's columns as attributes). vector-layers.tsx asks it first on a click: a building hit
 * takes precedence over the OCS2D polygon on the ground under it. A permalink's building
 * (`sel=layerId,lon,lat,id`) is found again by its id in the tiles the view loads (findBuilding).
 */
import {
  type Cartesian2,
  Cartographic,
  type Cesium3DTile,
  type Cesium3DTileContent,
  Cesium3DTileFeature,
  Cesium3DTileset,
  Math as CesiumMath,
  type Scene,
} from 'cesium';
import type { PickedFeature } from '../stores';
import { isBuildingsTileset, tilesetLayerId, whenTileset } from './catalog-tilesets';

/** The columns of the `building` class (tiling/buildings/glb.ts) the card words. */
export const BUILDING_PROPERTIES = [
  'id',
  'rnb',
  'height',
  'ground',
  'storeys',
  'usage',
  'year',
  'height_source',
  'quality',
] as const;

/** The attributes of a picked building feature, only plain values (noData columns are left out). */
export function buildingProperties(
  get: (name: string) => unknown,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const name of BUILDING_PROPERTIES) {
    const v = get(name);
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))
      out[name] = v;
  }
  return out;
}

/** The building under `position` as a picked feature, or null (no building drawn there). */
export function pickBuilding(scene: Scene, position: Cartesian2): PickedFeature | null {
  const hit: unknown = scene.pick(position);
  if (!(hit instanceof Cesium3DTileFeature)) return null;
  const tileset = hit.tileset;
  if (!(tileset instanceof Cesium3DTileset) || !isBuildingsTileset(tileset)) return null;
  const layerId = tilesetLayerId(tileset);
  if (layerId === undefined) return null;
  const properties = buildingProperties((name) => hit.getProperty(name));
  if (typeof properties.id !== 'string') return null;
  const at = scene.pickPositionSupported ? scene.pickPosition(position) : undefined;
  let lon = 0;
  let lat = 0;
  if (at) {
    const c = Cartographic.fromCartesian(at);
    lon = CesiumMath.toDegrees(c.longitude);
    lat = CesiumMath.toDegrees(c.latitude);
  } else {
    const c = Cartographic.fromCartesian(tileset.boundingSphere.center);
    lon = CesiumMath.toDegrees(c.longitude);
    lat = CesiumMath.toDegrees(c.latitude);
  }
  return { layerId, tileLayer: 'building', properties, lon, lat };
}

/** How long a permalink's building is looked for (the tileset and its tiles loading), ms. */
const FIND_TIMEOUT_MS = 60_000;

/** The feature with building id `id` in a tile's content (composite contents searched through). */
function featureIn(content: Cesium3DTileContent | undefined, id: string): Cesium3DTileFeature | null {
  if (!content) return null;
  for (const inner of content.innerContents ?? []) {
    const f = featureIn(inner as Cesium3DTileContent, id);
    if (f) return f;
  }
  for (let i = 0; i < content.featuresLength; i++) {
    const f = content.getFeature(i);
    if (f.getProperty('id') === id) return f;
  }
  return null;
}

/**
 * The building `id` of catalog entry `layerId` as a picked feature at (`lon`, `lat`), the point a
 * permalink keeps: looked for in the tiles already drawn, then in each tile drawn as the view
 * loads (`tileVisible`). Null when the entry is not a buildings tileset, or when every tile the
 * view needs is loaded (`allTilesLoaded`) and drawn without it, or after a minute.
 */
export function findBuilding(
  layerId: string,
  id: string,
  lon: number,
  lat: number,
  timeoutMs = FIND_TIMEOUT_MS,
): Promise<PickedFeature | null> {
  const started = Date.now();
  return whenTileset(layerId, timeoutMs).then(
    (tileset) =>
      new Promise<PickedFeature | null>((resolve) => {
        if (!tileset || tileset.isDestroyed() || !isBuildingsTileset(tileset)) {
          resolve(null);
          return;
        }
        const searched = new WeakSet<object>();
        let finished = false;
        const finish = (f: Cesium3DTileFeature | null) => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          stopVisible();
          stopLoaded();
          resolve(
            f
              ? {
                  layerId,
                  tileLayer: 'building',
                  properties: buildingProperties((name) => f.getProperty(name)),
                  lon,
                  lat,
                }
              : null,
          );
        };
        const search = (tile: Cesium3DTile) => {
          const content = tile.content as Cesium3DTileContent | undefined;
          if (finished || !content || searched.has(content)) return;
          // A content not ready yet has no features: searched again once drawn.
          if (content.featuresLength > 0 || (content.innerContents?.length ?? 0) > 0) searched.add(content);
          const f = featureIn(content, id);
          if (f) finish(f);
        };
        const stopVisible = tileset.tileVisible.addEventListener(search);
        // Every tile the view needs has been drawn (tileVisible comes first in a frame).
        const stopLoaded = tileset.allTilesLoaded.addEventListener(() => {
          if (!finished && tileset.show) finish(null);
        });
        const timer = setTimeout(() => finish(null), Math.max(0, timeoutMs - (Date.now() - started)));
        // Tiles already drawn before the search began.
        const walk = (tile: Cesium3DTile | undefined) => {
          if (!tile || finished) return;
          search(tile);
          for (const child of tile.children) walk(child);
        };
        walk(tileset.root);
      }),
  );
}
