import type { ChartDataset } from 'chart.js';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { HectareTable } from '../../components/hectare-table';
import { VintageSelect } from '../../components/vintage-select';
import { classLabel as changeClassLabel } from '../../i18n';
import { classColour, classLabel, classOrder } from '../../indicators/classes';
import { type CsvFormat, exportFileName, figuresToCsv, territoryGeoJson } from '../../indicators/exports';
import {
  CONSUMPTION_DESTINATIONS,
  consumptionByDestination,
  defaultVintages,
  FIGURE_NOMENCLATURES,
  type FigureNomenclature,
  type StatsFile,
  sumCommunes,
  surfaceRows,
  type TerritoryFigures,
  transitionMatrix,
} from '../../indicators/figures';
import { sraddetProgress, targetName } from '../../indicators/sraddet';
import { useSraddetTargets, useStats } from '../../indicators/use-stats';
import { type TerritoryFocus, useTwinStore } from '../../stores';
import { BarChart } from './bar-chart';
import { type IndicatorMessages, useIndicatorMessages } from './indicator-messages';
import './indicators.css';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface SectionProps {
  readonly figures: TerritoryFigures;
  readonly n: FigureNomenclature;
  readonly a: number;
  readonly b: number;
  readonly m: IndicatorMessages;
  readonly locale: string;
}

function Surfaces({ figures, n, a, b, m, locale }: SectionProps) {
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

function Transitions({ figures, n, a, b, m, locale }: SectionProps) {
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

function Consumption({
  figures,
  a,
  b,
  m,
  focus,
}: Omit<SectionProps, 'n' | 'locale'> & { readonly focus: TerritoryFocus }) {
  const { byDestination, totalHa } = consumptionByDestination(figures, a, b);
  const { targets, problem } = useSraddetTargets();
  const p = sraddetProgress(totalHa, a, b, focus.lineage, targets);
  return (
    <>
      <section aria-label={m.consumption}>
        <h3>{m.consumption}</h3>
        <table className="indicators__table" aria-label={m.consumption}>
          <tbody>
            {CONSUMPTION_DESTINATIONS.map((d) => (
              <tr key={d}>
                <th scope="row">{m.destinations[d]}</th>
                <td>{m.ha(byDestination[d])}</td>
              </tr>
            ))}
            <tr className="indicators__total">
              <th scope="row">{m.total}</th>
              <td>{m.ha(totalHa)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section aria-label={m.sraddet}>
        <h3>{m.sraddet}</h3>
        {problem ? <p role="alert">{problem}</p> : null}
        {p ? (
          <ul className="indicators__sraddet">
            <li>{m.targetOf(targetName(p.target.territory, p.own ? focus.name : undefined), p.own)}</li>
            <li>{m.envelope(m.ha(p.target.envelopeHa), p.target.period)}</li>
            <li>
              {m.reference(
                p.target.referenceHa !== undefined ? m.ha(p.target.referenceHa) : null,
                p.target.referencePeriod,
              )}
            </li>
            {p.target.reductionPct !== undefined ? (
              <li>{m.reduction(m.pct(p.target.reductionPct))}</li>
            ) : null}
            <li>{m.pace(m.ha(p.annualHa), m.ha(p.allowedAnnualHa))}</li>
            <li>{m.used(m.pct(p.envelopeUsedPct))}</li>
            <li>{m.projected(m.ha(p.projectedHa), p.onTrack)}</li>
          </ul>
        ) : (
          <p>{m.noTarget}</p>
        )}
      </section>
    </>
  );
}

/** A change class in words (the stats file keys them by code). */
const changeLabel = (code: string, locale: string) => changeClassLabel('class', code, locale);

function Changes({ figures, m }: { readonly figures: TerritoryFigures; readonly m: IndicatorMessages }) {
  const locale = useTwinStore((s) => s.locale);
  const entries = Object.entries(figures.changes);
  return (
    <section aria-label={m.changes}>
      <h3>{m.changes}</h3>
      {entries.length === 0 ? (
        <p>{m.noChanges}</p>
      ) : (
        <table className="indicators__table" aria-label={m.changes}>
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{changeLabel(k, locale)}</th>
                <td>{m.ha(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Exports({
  figures,
  a,
  b,
  m,
  focus,
}: Omit<SectionProps, 'n' | 'locale'> & { readonly focus: TerritoryFocus }) {
  const [format, setFormat] = useState<CsvFormat>(m.locale === 'fr-FR' ? 'fr' : 'en');
  const id = useId();
  return (
    <section aria-label={m.exports}>
      <h3>{m.exports}</h3>
      <div className="indicators__row">
        <label htmlFor={id}>{m.csvFormat}</label>
        <select id={id} value={format} onChange={(e) => setFormat(e.target.value as CsvFormat)}>
          <option value="fr">{m.csvFr}</option>
          <option value="en">{m.csvEn}</option>
        </select>
      </div>
      <button
        type="button"
        onClick={() =>
          download(
            exportFileName(focus, a, b, 'csv'),
            figuresToCsv(focus, figures, a, b, format),
            'text/csv;charset=utf-8',
          )
        }
      >
        {m.exportCsv}
      </button>{' '}
      <button
        type="button"
        onClick={() =>
          download(
            exportFileName(focus, a, b, 'geojson'),
            territoryGeoJson(focus, useTwinStore.getState().lensPolygons, figures, a, b),
            'application/geo+json',
          )
        }
      >
        {m.exportGeojson}
      </button>
    </section>
  );
}

function Figures({
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

/**
 * The indicators of the chosen territory for two vintages (the file's first and last by
 * default): surfaces by class, transition matrix (table and chart; a cell highlights its
 * polygons), ENAF consumption by destination against the SRADDET, detected changes, exports.
 * Summed from the per-commune file of `tiling stats` at each choice (docs/indicators.md).
 */
export function IndicatorsPanel() {
  const m = useIndicatorMessages();
  const state = useStats();
  const focus = useTwinStore((s) => s.territoryFocus);
  let body: React.ReactNode;
  if (state.status === 'none') body = <p>{m.noStats}</p>;
  else if (state.status === 'loading') body = <p>{m.loading}</p>;
  else if (state.status === 'failed') body = <p role="alert">{m.failed(state.detail)}</p>;
  else if (!focus) body = <p>{m.noTerritory}</p>;
  else body = <Figures stats={state.stats} focus={focus} m={m} />;
  return (
    <section className="indicators" aria-label={m.heading}>
      <h2 className="indicators__title">{m.heading}</h2>
      {body}
    </section>
  );
}
