/**
 * The figures that follow the comparison: for the chosen territory (every commune of the stats
 * file when none is chosen), NAF land on each side, ENAF consumption from A to B, and surfaces by
 * class (4 groups) per side with the difference. Computed with the indicators' pure functions
 * (src/features/indicators/figures.ts, issue 8) from the same stats file: one source of truth.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';
import { classLabel, classOrder } from '../indicators/classes';
import {
  consumptionByDestination,
  defaultVintages,
  type StatsFile,
  sumCommunes,
  surfaceRows,
  type TerritoryFigures,
} from '../indicators/figures';
import { useStats } from '../indicators/use-stats';

/** ENAF classes counted as natural, agricultural or forest land (the rest is urbanised). */
const NAF_CODES = ['A', 'F', 'N'];

/** Hectares of NAF land in `year` (null when the file has no figures for that year). */
export function nafHectares(figures: TerritoryFigures, year: number): number | null {
  const s = figures.surfaces[String(year)]?.enaf;
  if (!s) return null;
  return Math.round(NAF_CODES.reduce((sum, c) => sum + (s[c] ?? 0), 0) * 100) / 100;
}

/** The two vintages the figures are for: the comparison's, else the indicators', else the file's. */
function useSides(stats: StatsFile | null): [number, number] | null {
  const { compare, chosen } = useTwinStore(
    useShallow((s) => ({ compare: s.compare, chosen: s.indicatorVintages })),
  );
  if (compare.enabled && compare.left !== null && compare.right !== null)
    return [compare.left, compare.right];
  if (chosen) return [chosen[0], chosen[1]];
  return stats ? defaultVintages(stats) : null;
}

/** Props of {@link CompareFigures}. */
export interface CompareFiguresProps {
  /** Council mode: the key figures as big numbers, no table. */
  readonly big?: boolean;
}

/** Key figures of the two vintages compared, for the current territory. */
export function CompareFigures({ big = false }: CompareFiguresProps) {
  const t = useMessages().twinCompare;
  const locale = useTwinStore((s) => s.locale);
  const focus = useTwinStore((s) => s.territoryFocus);
  const state = useStats();
  const stats = state.status === 'ready' ? state.stats : null;
  const sides = useSides(stats);
  const figures = useMemo(
    () => (stats ? sumCommunes(stats, focus ? focus.communes : Object.keys(stats.communes)) : null),
    [stats, focus],
  );
  if (state.status === 'none') return big ? null : <p className="layers__empty">{t.figuresNone}</p>;
  if (state.status === 'loading') return <p>{t.figuresLoading}</p>;
  if (state.status === 'failed') return <p role="alert">{t.figuresFailed(state.detail)}</p>;
  if (!figures || !sides) return null;
  const [a, b] = sides;
  const nafA = nafHectares(figures, a);
  const nafB = nafHectares(figures, b);
  const consumed = consumptionByDestination(figures, a, b).totalHa;
  const missing = [a, b].filter((y) => figures.surfaces[String(y)] === undefined);
  const cards: [string, number | null][] = [
    [t.nafIn(a), nafA],
    [t.nafIn(b), nafB],
    [t.consumed(Math.min(a, b), Math.max(a, b)), consumed],
  ];
  return (
    <section
      className={big ? 'compare-figures compare-figures--big' : 'compare-figures'}
      aria-label={t.figuresHeading}
    >
      {!big && <h2 className="panel__heading">{t.figuresHeading}</h2>}
      <p className="compare-figures__scope">{t.figuresScope(focus?.name ?? null)}</p>
      {missing.map((y) => (
        <p key={y} className="vintage__notes">
          {t.figuresMissingYear(y)}
        </p>
      ))}
      <dl className="compare-figures__cards">
        {cards.map(([label, value]) => (
          <div key={label} className="compare-figures__card">
            <dt>{label}</dt>
            <dd>{value === null ? '—' : t.ha(value)}</dd>
          </div>
        ))}
      </dl>
      {!big && (
        <table className="vintage__grid">
          <thead>
            <tr>
              <th scope="col">{t.classColumn}</th>
              <th scope="col">{a}</th>
              <th scope="col">{b}</th>
              <th scope="col">{t.deltaColumn}</th>
            </tr>
          </thead>
          <tbody>
            {surfaceRows(figures, 'p4', a, b, classOrder('p4')).map((r) => {
              // surfaceRows orders the pair earlier first; show it in the comparison's order.
              const [left, right] = a <= b ? [r.from, r.to] : [r.to, r.from];
              return (
                <tr key={r.code}>
                  <th scope="row">{classLabel('p4', r.code, locale)}</th>
                  <td>{t.ha(left)}</td>
                  <td>{t.ha(right)}</td>
                  <td>{t.ha(Math.round((right - left) * 100) / 100)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
