/**
 * The transition matrix between the two vintages (src/indicators/figures.ts `transitionMatrix`):
 * the table, whose cells highlight their polygons on the globe (store: `transitionHighlight`), and
 * the chart of the largest transitions.
 */
import type { ChartDataset } from 'chart.js';
import { useCallback, useMemo } from 'react';
import { classColour, classLabel, classOrder } from '../../indicators/classes';
import { transitionMatrix } from '../../indicators/figures';
import { useTwinStore } from '../../stores';
import { BarChart } from './bar-chart';
import type { SectionProps } from './section-props';

export function Transitions({ figures, n, a, b, m, locale }: SectionProps) {
  const matrix = useMemo(() => transitionMatrix(figures, n, a, b, classOrder(n)), [figures, n, a, b]);
  const highlight = useTwinStore((s) => s.transitionHighlight);
  const short = useCallback(
    (code: string) => (n === 'cs' || n === 'us' ? code : classLabel(n, code, locale)),
    [n, locale],
  );
  const top = useMemo(() => {
    const out: { from: string; to: string; ha: number }[] = [];
    for (const [i, r] of matrix.rows.entries())
      for (const [j, c] of matrix.columns.entries()) {
        const v = matrix.cells[i]?.[j] ?? 0;
        if (r !== c && v > 0) out.push({ from: r, to: c, ha: v });
      }
    return out.sort((x, y) => y.ha - x.ha).slice(0, 8);
  }, [matrix]);
  const labels = useMemo(() => top.map((t) => `${short(t.from)} → ${short(t.to)}`), [top, short]);
  const datasets = useMemo<ChartDataset<'bar', number[]>[]>(
    () => [
      {
        label: m.topTransitions,
        data: top.map((t) => t.ha),
        backgroundColor: top.map((t) => classColour(n, t.to)),
        borderColor: '#222',
        borderWidth: 1,
      },
    ],
    [top, n, m],
  );
  return (
    <section aria-label={m.transitions}>
      <h3>{m.transitions}</h3>
      <p className="indicators__hint">{m.transitionsHint}</p>
      <div className="indicators__scroll">
        <table className="indicators__table indicators__matrix" aria-label={m.transitions}>
          <thead>
            <tr>
              <th scope="col">{`${matrix.from} \\ ${matrix.to}`}</th>
              {matrix.columns.map((c) => (
                <th key={c} scope="col" title={classLabel(n, c, locale)}>
                  {short(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((r, i) => (
              <tr key={r}>
                <th scope="row" title={classLabel(n, r, locale)}>
                  {short(r)}
                </th>
                {matrix.columns.map((c, j) => {
                  const v = matrix.cells[i]?.[j] ?? 0;
                  const on = highlight?.from === r && highlight.to === c && highlight.nomenclature === n;
                  return (
                    <td key={c} className={r === c ? 'indicators__diag' : undefined}>
                      {v > 0 ? (
                        <button
                          type="button"
                          aria-pressed={on}
                          aria-label={`${classLabel(n, r, locale)} → ${classLabel(n, c, locale)} : ${m.ha(v)}`}
                          onClick={() =>
                            useTwinStore
                              .getState()
                              .setTransitionHighlight(
                                on ? null : { nomenclature: n, from: r, to: c, a: matrix.from, b: matrix.to },
                              )
                          }
                        >
                          {m.num(v)}
                        </button>
                      ) : (
                        ''
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>{m.changed(m.ha(matrix.changedHa))}</p>
      {highlight ? (
        <p aria-live="polite">
          {m.highlighted(
            classLabel(highlight.nomenclature, highlight.from, locale),
            classLabel(highlight.nomenclature, highlight.to, locale),
          )}{' '}
          <button type="button" onClick={() => useTwinStore.getState().setTransitionHighlight(null)}>
            {m.clearHighlight}
          </button>
        </p>
      ) : null}
      {top.length > 0 ? (
        <BarChart
          labels={labels}
          datasets={datasets}
          locale={m.locale}
          title={m.chartTransitions}
          horizontal
          height={40 + 18 * top.length}
        />
      ) : null}
    </section>
  );
}
