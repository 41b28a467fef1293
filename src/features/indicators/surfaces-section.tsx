/**
 * Surfaces by class for the two vintages: the hectare table and its bar chart (figures from
 * src/indicators/figures.ts `surfaceRows`, colours and labels from src/indicators/classes.ts).
 */
import type { ChartDataset } from 'chart.js';
import { useMemo } from 'react';
import { HectareTable } from '../../components/hectare-table';
import { classColour, classLabel, classOrder } from '../../indicators/classes';
import { surfaceRows } from '../../indicators/figures';
import { BarChart } from './bar-chart';
import type { SectionProps } from './section-props';

export function Surfaces({ figures, n, a, b, m, locale }: SectionProps) {
  const rows = useMemo(() => surfaceRows(figures, n, a, b, classOrder(n)), [figures, n, a, b]);
  const labels = useMemo(
    () => rows.map((r) => (n === 'cs' || n === 'us' ? r.code : classLabel(n, r.code, locale))),
    [rows, n, locale],
  );
  const datasets = useMemo<ChartDataset<'bar', number[]>[]>(
    () => [
      {
        label: String(Math.min(a, b)),
        data: rows.map((r) => r.from),
        backgroundColor: rows.map((r) => `${classColour(n, r.code)}99`),
        borderColor: '#555',
        borderWidth: 1,
      },
      {
        label: String(Math.max(a, b)),
        data: rows.map((r) => r.to),
        backgroundColor: rows.map((r) => classColour(n, r.code)),
        borderColor: '#222',
        borderWidth: 1,
      },
    ],
    [rows, n, a, b],
  );
  return (
    <section aria-label={m.surfaces}>
      <h3>{m.surfaces}</h3>
      <HectareTable
        className="indicators__table"
        swatchClassName="indicators__swatch"
        label={m.surfaces}
        headers={{ cls: m.cls, a: Math.min(a, b), b: Math.max(a, b), delta: m.delta }}
        rows={rows.map((r) => ({
          code: r.code,
          label: classLabel(n, r.code, locale),
          colour: classColour(n, r.code),
          a: m.num(r.from),
          b: m.num(r.to),
          delta: m.num(r.delta),
        }))}
      />
      <BarChart labels={labels} datasets={datasets} locale={m.locale} title={m.chartSurfaces} />
    </section>
  );
}
