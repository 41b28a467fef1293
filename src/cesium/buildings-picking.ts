/**
 * Picking a building: the Cesium3DTileFeature of a buildings tileset (catalog-tilesets.tsx) under
 * a canvas position, read into the store's picked feature (`tileLayer: 'building'`, the property
 * table's columns as attributes). vector-layers.tsx asks it first on a click: a building hit
 * takes precedence over the OCS2D polygon on the ground under it.
 */
import {
  type Cartesian2,
  Cartographic,
  Cesium3DTileFeature,
  Cesium3DTileset,
  Math as CesiumMath,
  type Scene,
} from 'cesium';
import type { PickedFeature } from '../stores';
import { isBuildingsTileset, tilesetLayerId } from './catalog-tilesets';

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
