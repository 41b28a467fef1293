import { type ReactNode, useState } from 'react';
import type { LayerEntry } from '../../config/catalog';
import { localize, useMessages } from '../../i18n';
import { type TwinState, useTwinStore } from '../../stores';
import { LayerItem } from './layer-item';
import './layers.css';

const NO_LAYERS: readonly LayerEntry[] = [];
const selectEntries = (s: TwinState) =>
  s.catalog.status === 'loaded' ? s.catalog.catalog.layers : NO_LAYERS;

/** Props of {@link LayerPanel}. */
export interface LayerPanelProps {
  /** The legend to show under a layer's row, if any (see {@link LayerItemProps.legend}). */
  readonly renderLegend?: (entry: LayerEntry) => ReactNode;
}

/**
 * The catalog's valid layers in the user's order (the first is drawn on top): visibility,
 * opacity, order (buttons, keyboard accessible; each move is announced), vintage, status.
 */
export function LayerPanel({ renderLegend }: LayerPanelProps = {}) {
  const m = useMessages();
  const locale = useTwinStore((s) => s.locale);
  const loaded = useTwinStore((s) => s.catalog.status === 'loaded');
  const entries = useTwinStore(selectEntries);
  const order = useTwinStore((s) => s.layerOrder);
  const [announcement, setAnnouncement] = useState('');
  if (!loaded) return null;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const ordered = order.map((id) => byId.get(id)).filter((e): e is LayerEntry => e !== undefined);
  const onMoved = (entry: LayerEntry, position: number) =>
    setAnnouncement(m.layerMoved(localize(entry.title, locale), position + 1, ordered.length));
  return (
    <section className="layers" aria-labelledby="layers-heading">
      <h2 id="layers-heading" className="panel__heading">
        {m.layersHeading}
      </h2>
      {ordered.length === 0 ? (
        <p className="layers__empty">{m.noLayers}</p>
      ) : (
        <ul className="layers__list">
          {ordered.map((entry, i) => (
            <LayerItem
              key={entry.id}
              entry={entry}
              position={i}
              total={ordered.length}
              legend={renderLegend?.(entry)}
              onMoved={onMoved}
            />
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
