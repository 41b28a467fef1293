/**
 * Re-picks the feature a permalink names (`sel=layerId,lon,lat`): the feature of that layer's
 * vector tiles (finest zoom) under the point, as a click there would find it. Cheap: one tile.
 */
import { VectorTileSource } from '../../cesium/vector-tiles';
import { useTwinStore } from '../../stores';
import type { PermalinkState } from './url-codec';

/** Sets the store's picked feature from `sel`; false when the layer or the feature is not found. */
export async function restoreSelection(sel: NonNullable<PermalinkState['selection']>): Promise<boolean> {
  const s = useTwinStore.getState();
  const entry =
    s.catalog.status === 'loaded' ? s.catalog.catalog.layers.find((l) => l.id === sel.layerId) : null;
  if (!entry || (entry.kind !== 'ocs2d' && entry.kind !== 'changes') || entry.source.type !== 'mvt')
    return false;
  const source = new VectorTileSource(entry.source.url, entry.source.minZoom, entry.source.maxZoom);
  const layerName = entry.source.layer;
  const f = await source.featureAt(sel.lon, sel.lat, layerName, () => true).catch(() => null);
  if (!f) return false;
  useTwinStore.getState().setPicked({
    layerId: entry.id,
    tileLayer: layerName,
    properties: { ...f.properties },
    lon: sel.lon,
    lat: sel.lat,
  });
  return true;
}
