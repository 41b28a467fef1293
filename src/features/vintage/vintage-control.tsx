import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LayerEntry } from '../../../format/catalog';
import { VintageSelect } from '../../components/vintage-select';
import { localize, useMessages } from '../../i18n';
import {
  catalogVintages,
  effectiveVintage,
  type TwinState,
  useTwinStore,
  type VintageSeries,
  vintageSeries,
  vintageSubstitutes,
} from '../../stores';
import './vintage.css';

const NO_LAYERS: readonly LayerEntry[] = [];
/** The entries that have vintages to choose from: not the terrain (the ground of every vintage). */
const selectEntries = (s: TwinState) =>
  s.catalog.status === 'loaded' ? s.catalog.catalog.layers.filter((l) => l.kind !== 'terrain') : NO_LAYERS;

/** The keys of the visible series (every vintage of a series shares its visibility). */
const selectVisibleKeys = (s: TwinState): string[] =>
  [
    ...new Set(
      Object.keys(s.layers)
        .filter((id) => s.layers[id]?.visible)
        .map((id) => s.layerSeriesKeys[id] ?? id),
    ),
  ].sort();

/**
 * One vintage (millésime) control for every layer: each series (ortho, 3D, OCS2D, changes)
 * shows its vintage nearest to the one chosen (the latest by default), and a visible series
 * without that year says so once ("OCS2D : pas de 2024, 2021 affiché à la place"). Below, the
 * availability grid: one row per series, one column per vintage.
 */
export function VintageControl() {
  const m = useMessages();
  const t = m.twinCompare;
  const id = useId();
  const entries = useTwinStore(useShallow(selectEntries));
  const locale = useTwinStore((s) => s.locale);
  const { vintage, compare } = useTwinStore(useShallow((s) => ({ vintage: s.vintage, compare: s.compare })));
  const visibleKeys = useTwinStore(useShallow(selectVisibleKeys));
  const vintages = catalogVintages(entries);
  if (vintages.length === 0) return null;
  const series = vintageSeries(entries);
  const nameOf = (s: Pick<VintageSeries, 'title' | 'kind'>) =>
    s.title !== null ? localize(s.title, locale) : m.kindNames[s.kind];
  const shown = effectiveVintage(entries, vintage);
  const wanted = compare.enabled ? [compare.left, compare.right] : [shown];
  const keys = new Set(visibleKeys);
  const notes = [...new Set(wanted)].flatMap((w) => (w === null ? [] : vintageSubstitutes(entries, w, keys)));
  return (
    <section className="vintage" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="panel__heading">
        {t.vintageHeading}
      </h2>
      <label className="vintage__row" htmlFor={`${id}-select`}>
        <span>{t.vintageLabel}</span>
        <VintageSelect
          id={`${id}-select`}
          vintages={vintages}
          value={shown}
          disabled={compare.enabled}
          onChange={(v) => useTwinStore.getState().setVintage(v)}
        />
      </label>
      {notes.length > 0 && (
        <ul className="vintage__notes" aria-live="polite">
          {notes.map((n) => (
            <li key={`${n.key}-${n.wanted}`}>{m.series.substitute(nameOf(n), n.shown, n.wanted)}</li>
          ))}
        </ul>
      )}
      <table className="vintage__grid">
        <caption>{t.gridCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.gridLayer}</th>
            {vintages.map((v) => (
              <th key={v} scope="col">
                {v}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.key}>
              <th scope="row">{nameOf(s)}</th>
              {vintages.map((v) => {
                const has = s.vintages.includes(v);
                return (
                  <td key={v} className={has ? 'vintage__has' : 'vintage__none'}>
                    <span aria-hidden="true">{has ? '●' : '·'}</span>
                    <span className="visually-hidden">{has ? t.available : t.missing}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
