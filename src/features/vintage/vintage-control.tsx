import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LayerEntry } from '../../config/catalog';
import { useMessages } from '../../i18n';
import {
  catalogVintages,
  type TwinState,
  useTwinStore,
  vintageSeries,
  vintageSubstitutes,
} from '../../stores';
import './vintage.css';

const NO_LAYERS: readonly LayerEntry[] = [];
const selectEntries = (s: TwinState) =>
  s.catalog.status === 'loaded' ? s.catalog.catalog.layers : NO_LAYERS;

/**
 * One vintage (millésime) control for every layer: each series (ortho, 3D, OCS2D, changes)
 * shows its vintage nearest to the one chosen, and says so when it is not the same year
 * ("ortho 2018 shown for 2015"). Below, the availability grid (layer × vintage).
 */
export function VintageControl() {
  const m = useMessages();
  const t = m.twinCompare;
  const id = useId();
  const entries = useTwinStore(selectEntries);
  const { vintage, compare } = useTwinStore(useShallow((s) => ({ vintage: s.vintage, compare: s.compare })));
  const vintages = catalogVintages(entries);
  if (vintages.length === 0) return null;
  const series = vintageSeries(entries);
  const wanted = compare.enabled ? [compare.left, compare.right] : [vintage];
  const notes = wanted.flatMap((w) => (w === null ? [] : vintageSubstitutes(entries, w)));
  return (
    <section className="vintage" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="panel__heading">
        {t.vintageHeading}
      </h2>
      <label className="vintage__row" htmlFor={`${id}-select`}>
        <span>{t.vintageLabel}</span>
        <select
          id={`${id}-select`}
          value={vintage === null ? '' : String(vintage)}
          disabled={compare.enabled}
          onChange={(e) =>
            useTwinStore.getState().setVintage(e.target.value === '' ? null : Number(e.target.value))
          }
        >
          <option value="">{t.vintageEach}</option>
          {vintages.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      {notes.length > 0 && (
        <ul className="vintage__notes" aria-live="polite">
          {notes.map((n) => (
            <li key={`${n.key}-${n.wanted}`}>{t.substitute(m.kindNames[n.kind], n.shown, n.wanted)}</li>
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
              <th scope="row">{m.kindNames[s.kind]}</th>
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
