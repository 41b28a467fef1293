import type { LayerEntry } from '../../config/catalog';
import { useMessages } from '../../i18n';
import { type TwinState, useTwinStore } from '../../stores';
import { LayerItem } from './layer-item';

const NO_LAYERS: readonly LayerEntry[] = [];
const selectEntries = (s: TwinState) =>
  s.catalog.status === 'loaded' ? s.catalog.catalog.layers : NO_LAYERS;

/** The list of the catalog's valid layers, in catalog order (the first is drawn on top). */
export function LayerPanel() {
  const m = useMessages();
  const loaded = useTwinStore((s) => s.catalog.status === 'loaded');
  const entries = useTwinStore(selectEntries);
  if (!loaded) return null;
  return (
    <section className="layers" aria-labelledby="layers-heading">
      <h2 id="layers-heading" className="panel__heading">
        {m.layersHeading}
      </h2>
      {entries.length === 0 ? (
        <p className="layers__empty">{m.noLayers}</p>
      ) : (
        <ul className="layers__list">
          {entries.map((entry) => (
            <LayerItem key={entry.id} entry={entry} />
          ))}
        </ul>
      )}
    </section>
  );
}
