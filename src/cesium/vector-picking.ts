/**
 * Picking, written once: the feature of the catalog's vector layers (`source.type: "mvt"`) under a
 * point, read from each layer's one shared {@link VectorTileSource} (so painting, clicks, the
 * picked outline and a permalink's re-pick decode a tile once), and kept only if the globe shows
 * it ({@link featureShown}). No Cesium here: vector-layers.tsx calls it for a click,
 * src/features/permalink for a link's `sel`, pick-outline.tsx reads the same sources.
 */
import type { LayerEntry, MvtLayerEntry } from '../../format/catalog';
import type { PickedFeature } from '../stores';
import { featureShown, type VectorStyle } from './vector-style';
import { VectorTileSource } from './vector-tiles';

/** Whether a catalog entry is drawn from vector tiles (OCS2D or changes made by `tiling vector`). */
export const isMvtLayer = (l: LayerEntry): l is MvtLayerEntry =>
  (l.kind === 'ocs2d' || l.kind === 'changes') && l.source.type === 'mvt';

/** One source per pyramid (URL template and zooms), for the page's life: a handful of layers. */
const sources = new Map<string, VectorTileSource>();

/** The shared tile source (and its cache of decoded tiles) of a vector layer. */
export function vectorTileSourceOf(entry: MvtLayerEntry): VectorTileSource {
  const { url, minZoom, maxZoom } = entry.source;
  const key = `${minZoom}/${maxZoom}/${url}`;
  let source = sources.get(key);
  if (!source) {
    source = new VectorTileSource(url, minZoom, maxZoom);
    sources.set(key, source);
  }
  return source;
}

/**
 * The topmost feature under (`lon`, `lat`) of the first of `layers` (topmost first) that has one,
 * as the store's picked feature; null when none. With `style`, only features the globe shows with
 * it (filtered changes and empty heat cells are not picked); with null, any feature (a permalink
 * names a feature that was shown when the link was made, and the filters are not in the link).
 * @throws Error when a tile cannot be read (HTTP error other than 404, undecodable bytes).
 */
export async function pickFeature(
  layers: readonly MvtLayerEntry[],
  lon: number,
  lat: number,
  style: VectorStyle | null,
): Promise<PickedFeature | null> {
  for (const entry of layers) {
    const tileLayer = entry.source.layer;
    const accept = style
      ? (p: Readonly<Record<string, unknown>>) => featureShown(tileLayer, p, style)
      : () => true;
    const f = await vectorTileSourceOf(entry).featureAt(lon, lat, tileLayer, accept);
    if (f) return { layerId: entry.id, tileLayer, properties: { ...f.properties }, lon, lat };
  }
  return null;
}
