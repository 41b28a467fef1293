/**
 * Re-picks the feature a permalink names (`sel=layerId,lon,lat`): the feature of that layer's
 * vector tiles (finest zoom) under the point, found by the same picking as a click
 * (src/cesium/vector-picking.ts, the layer's shared tile cache). Cheap: one tile, which the outline
 * then reads from that cache. A building (`sel=layerId,lon,lat,id`) is found by its id in the
 * tiles its tileset loads for the link's view (src/cesium/buildings-picking.ts).
 */
import { findBuilding } from '../../cesium/buildings-picking';
import { isMvtLayer, pickFeature } from '../../cesium/vector-picking';
import { useTwinStore } from '../../stores';
import type { PermalinkState } from './url-codec';

/** Sets the store's picked feature from `sel`; false when the layer or the feature is not found. */
export async function restoreSelection(sel: NonNullable<PermalinkState['selection']>): Promise<boolean> {
  const s = useTwinStore.getState();
  const entry =
    s.catalog.status === 'loaded' ? s.catalog.catalog.layers.find((l) => l.id === sel.layerId) : null;
  if (entry?.kind === 'buildings') {
    if (sel.feature === undefined) return false;
    const building = await findBuilding(entry.id, sel.feature, sel.lon, sel.lat).catch(() => null);
    if (!building) return false;
    useTwinStore.getState().setPicked(building);
    return true;
  }
  if (!entry || !isMvtLayer(entry)) return false;
  // No style filter: the change filters are not in the link, the feature was shown when it was made.
  const picked = await pickFeature([entry], sel.lon, sel.lat, null).catch(() => null);
  if (!picked) return false;
  useTwinStore.getState().setPicked(picked);
  return true;
}
