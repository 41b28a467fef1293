/**
 * A bar chart drawn with Chart.js 4 (canvas, no network, tree-shaken to the bar parts), numbers
 * written in the interface's locale. Data in, chart out; destroyed with the component.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Props of {@link BarChart}. */
export interface BarChartProps {
  readonly labels: readonly string[];
  readonly datasets: readonly ChartDataset<'bar', number[]>[];
  /** BCP 47 locale of the numbers ("fr-FR": 1 234,5). */
  readonly locale: string;
  /** Accessible name of the canvas. */
  readonly title: string;
  readonly horizontal?: boolean;
  readonly stacked?: boolean;
  readonly unit?: string;
  readonly height?: number;
}

/** A Chart.js bar chart (no animation: the viewer renders on demand). */
export function BarChart({
  labels,
  datasets,
  locale,
  title,
  horizontal,
  stacked,
  unit = 'ha',
  height = 160,
}: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    // Text in the panel's own colour (light on the dark panel), grid lines discreet.
    const color = getComputedStyle(canvas.current).color || '#666';
    const grid = { color: 'rgba(128, 128, 128, 0.3)' };
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [...labels], datasets: datasets.map((d) => ({ ...d })) },
      options: {
        locale,
        color,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        scales: {
          x: { stacked: !!stacked, grid, ticks: { color, font: { size: 10 } } },
          y: { stacked: !!stacked, grid, ticks: { color, font: { size: 10 } } },
        },
        plugins: {
          legend: { display: datasets.length > 1, labels: { color, boxWidth: 10, font: { size: 10 } } },
          tooltip: {
            callbacks: {
              label: (ctx) => `${ctx.dataset.label ?? ''} ${fmt.format(Number(ctx.raw))} ${unit}`,
            },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [labels, datasets, locale, horizontal, stacked, unit]);
  return (
    <div style={{ position: 'relative', height }}>
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
