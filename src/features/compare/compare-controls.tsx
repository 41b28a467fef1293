import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LayerEntry } from '../../../format/catalog';
import { VintageSelect } from '../../components/vintage-select';
import { useMessages } from '../../i18n';
import { catalogVintages, type TwinState, useTwinStore } from '../../stores';

const NO_LAYERS: readonly LayerEntry[] = [];
const selectEntries = (s: TwinState) =>
  s.catalog.status === 'loaded' ? s.catalog.catalog.layers : NO_LAYERS;

/**
 * Turns the compare swipe on and off and chooses its two vintages (before on the left, after on
 * the right). Starting picks the oldest and the newest vintage of the catalog.
 */
export function CompareControls() {
  const t = useMessages().twinCompare;
  const id = useId();
  const entries = useTwinStore(selectEntries);
  const compare = useTwinStore(useShallow((s) => s.compare));
  const vintages = catalogVintages(entries);
  if (vintages.length === 0) return null;
  const first = vintages[0];
  const last = vintages[vintages.length - 1];
  if (first === undefined || last === undefined) return null;
  const canCompare = vintages.length >= 2;
  const { startCompare, stopCompare } = useTwinStore.getState();
  const left = compare.left ?? first;
  const right = compare.right ?? last;
  const select = (which: 'left' | 'right', label: string, value: number) => (
    <label className="vintage__row" htmlFor={`${id}-${which}`}>
      <span>{label}</span>
      <VintageSelect
        id={`${id}-${which}`}
        vintages={vintages}
        value={value}
        onChange={(v) => {
          if (which === 'left') startCompare(v, right);
          else startCompare(left, v);
        }}
      />
    </label>
  );
  return (
    <div className="compare-controls">
      <label className="vintage__row">
        <span>{t.compareToggle}</span>
        <input
          type="checkbox"
          checked={compare.enabled}
          disabled={!canCompare}
          onChange={(e) => {
            if (e.target.checked) startCompare(compare.left ?? first, compare.right ?? last);
            else stopCompare();
          }}
        />
      </label>
      {!canCompare && <p className="layers__empty">{t.needTwoVintages}</p>}
      {compare.enabled && (
        <>
          {select('left', t.compareLeft, left)}
          {select('right', t.compareRight, right)}
        </>
      )}
    </div>
  );
}
