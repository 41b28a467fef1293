/**
 * The figures of the chosen territory: the vintage and nomenclature choices, then each section
 * (surfaces, transitions, consumption and SRADDET, changes, exports), summed from the per-commune
 * stats at each choice (src/indicators/figures.ts `sumCommunes`), and the time they took to show.
 */
import { useEffect, useId, useMemo, useRef } from 'react';
import { VintageSelect } from '../../components/vintage-select';
import {
  defaultVintages,
  FIGURE_NOMENCLATURES,
  type FigureNomenclature,
  type StatsFile,
  sumCommunes,
} from '../../indicators/figures';
import { type TerritoryFocus, useTwinStore } from '../../stores';
import { Changes } from './changes-section';
import { Consumption } from './consumption-section';
import { Exports } from './exports-section';
import type { IndicatorMessages } from './indicator-messages';
import { Surfaces } from './surfaces-section';
import { Transitions } from './transitions-section';

export function Figures({
  stats,
  focus,
  m,
}: {
  readonly stats: StatsFile;
  readonly focus: TerritoryFocus;
  readonly m: IndicatorMessages;
}) {
  const locale = useTwinStore((s) => s.locale);
  const n = useTwinStore((s) => s.indicatorNomenclature);
  const chosen = useTwinStore((s) => s.indicatorVintages);
  const figures = useMemo(() => sumCommunes(stats, focus.communes), [stats, focus]);
  const shownIn = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // From the click to the figures on screen (this effect runs after the commit).
    const ms = performance.now() - focus.chosenAt;
    if (shownIn.current) {
      shownIn.current.textContent = m.shownIn(ms);
      shownIn.current.dataset.ms = String(ms);
    }
  }, [focus, m]);
  const defaults = defaultVintages(stats);
  const [a, b] = chosen ?? defaults ?? [0, 0];
  const idA = useId();
  const idB = useId();
  const idN = useId();
  if (!defaults) return <p>{m.oneVintage}</p>;
  const setV = (va: number, vb: number) => useTwinStore.getState().setIndicatorVintages([va, vb]);
  return (
    <div className="indicators__figures" data-territory={focus.code}>
      <p className="indicators__scope">{m.scope(focus.name, Math.min(a, b), Math.max(a, b))}</p>
      <p className="indicators__coverage">{m.coverage(figures.communesWithData, figures.communeCount)}</p>
      <div className="indicators__row">
        <label htmlFor={idA}>{m.vintageA}</label>
        <VintageSelect id={idA} vintages={stats.vintages} value={a} onChange={(v) => setV(v, b)} />
        <label htmlFor={idB}>{m.vintageB}</label>
        <VintageSelect id={idB} vintages={stats.vintages} value={b} onChange={(v) => setV(a, v)} />
      </div>
      <div className="indicators__row">
        <label htmlFor={idN}>{m.nomenclature}</label>
        <select
          id={idN}
          value={n}
          onChange={(e) =>
            useTwinStore.getState().setIndicatorNomenclature(e.target.value as FigureNomenclature)
          }
        >
          {FIGURE_NOMENCLATURES.map((k) => (
            <option key={k} value={k}>
              {m.nomenclatures[k]}
            </option>
          ))}
        </select>
      </div>
      <Surfaces figures={figures} n={n} a={a} b={b} m={m} locale={locale} />
      {a !== b ? <Transitions figures={figures} n={n} a={a} b={b} m={m} locale={locale} /> : null}
      {a !== b ? <Consumption figures={figures} a={a} b={b} m={m} focus={focus} /> : null}
      <Changes figures={figures} m={m} />
      <Exports figures={figures} a={a} b={b} m={m} focus={focus} />
      <p className="indicators__timing" ref={shownIn} />
    </div>
  );
}
