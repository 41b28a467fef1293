import { type ReactNode, useState } from 'react';
import type { LayerEntry } from '../../../format/catalog';
import { useMessages } from '../../i18n';
import {
  effectiveVintage,
  type LayerSeries,
  layerSeries,
  shownIds,
  type TwinState,
  useTwinStore,
} from '../../stores';
import { BuildingsStyleControl } from './buildings-style-control';
import { LayerItem } from './layer-item';
import './layers.css';

const NO_LAYERS: readonly LayerEntry[] = [];
const selectEntries = (s: TwinState) =>
  s.catalog.status === 'loaded' ? s.catalog.catalog.layers : NO_LAYERS;

/** Props of {@link LayerPanel}. */
export interface LayerPanelProps {
  /**
   * The legend to show under a series' row, if any (see {@link LayerItemProps.legend}); given
   * the entry drawn now (the vintage chosen, or compare mode's right side).
   */
  readonly renderLegend?: (entry: LayerEntry) => ReactNode;
}

/**
 * The catalog's valid layers as series, one row per series (its vintages together), in the
 * user's order (the first is drawn on top): visibility and opacity of the series, order (buttons,
 * keyboard accessible; each move is announced), the vintage drawn, status.
 */
export function LayerPanel({ renderLegend }: LayerPanelProps = {}) {
  const m = useMessages();
  const loaded = useTwinStore((s) => s.catalog.status === 'loaded');
  const entries = useTwinStore(selectEntries);
  const order = useTwinStore((s) => s.layerOrder);
  const vintage = useTwinStore((s) => (s.compare.enabled ? s.compare.right : s.vintage));
  // Kept as data and worded when shown, so a language switch rewords it.
  const [moved, setMoved] = useState<{ title: string; position: number } | null>(null);
  if (!loaded) return null;
  const series = layerSeries(entries);
  const rank = (s: LayerSeries) => Math.min(...s.ids.map((id) => order.indexOf(id)).filter((i) => i >= 0));
  const ordered = [...series].filter((s) => Number.isFinite(rank(s))).sort((a, b) => rank(a) - rank(b));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const onMoved = (_s: LayerSeries, title: string, position: number) => setMoved({ title, position });
  const legendOf = (s: LayerSeries) => {
    if (!renderLegend) return undefined;
    const [id] = shownIds(entries, s, effectiveVintage(entries, vintage));
    const entry = id === undefined ? undefined : byId.get(id);
    return entry ? renderLegend(entry) : undefined;
  };
  return (
    <section className="layers" aria-labelledby="layers-heading">
      <h2 id="layers-heading" className="panel__heading">
        {m.layersHeading}
      </h2>
      {ordered.length === 0 ? (
        <p className="layers__empty">{m.noLayers}</p>
      ) : (
        <ul className="layers__list">
          {ordered.map((s, i) => (
            <LayerItem
              key={s.key}
              series={s}
              entries={entries}
              position={i}
              total={ordered.length}
              legend={s.kind === 'buildings' ? <BuildingsStyleControl /> : legendOf(s)}
              onMoved={onMoved}
            />
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {moved ? m.layerMoved(moved.title, moved.position + 1, ordered.length) : ''}
      </p>
    </section>
  );
}
