import { type ReactNode, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LayerEntry } from '../../../format/catalog';
import { type Locale, localize, type Messages, useMessages } from '../../i18n';
import {
  effectiveVintage,
  type LayerSeries,
  type LayerState,
  shownVintage,
  useTwinStore,
} from '../../stores';

/** Props of {@link LayerItem}. */
export interface LayerItemProps {
  /** The series this row stands for (one row per series, whatever its vintages). */
  readonly series: LayerSeries;
  /** The catalog's entries (to read the members' vintages and attributions). */
  readonly entries: readonly LayerEntry[];
  /** 0-based place in the panel's order (0: drawn on top) and the number of rows. */
  readonly position?: number;
  readonly total?: number;
  /**
   * Legend slot: rendered under the row's details when given (the OCS2D / changes legend,
   * for instance). The row gives it no style of its own.
   */
  readonly legend?: ReactNode;
  /** Called after the row moved, with its new position (the panel announces it). */
  readonly onMoved?: (series: LayerSeries, title: string, position: number) => void;
}

/** What the globe did with one layer, in words (nothing when all is well). */
function statusText(m: Messages, state: LayerState): { text: string; failed: boolean } | null {
  switch (state.status) {
    case 'unsupported':
      return { text: m.comingSoon, failed: false };
    case 'loading':
      return { text: m.statusLoading, failed: false };
    case 'tooFar':
      return { text: m.statusTooFar, failed: false };
    case 'ready':
      return state.features
        ? { text: m.statusFeatures(state.features.count, state.features.truncated), failed: false }
        : null;
    case 'failed':
      return {
        text:
          state.failure !== undefined
            ? m.statusLoadFailed(state.failure)
            : m.statusTilesFailed(state.failedTiles),
        failed: true,
      };
    default:
      return null;
  }
}

/** The series' name in the current language; the kind's name when its vintages differ in name. */
export function seriesTitle(m: Messages, series: LayerSeries, locale: Locale): string {
  return series.title !== null ? localize(series.title, locale) : m.kindNames[series.kind];
}

/**
 * One series: a visibility checkbox named by its title, kind, vintages and the one drawn (or,
 * in compare mode, the one on each side), source, opacity, status of its vintages.
 */
export function LayerItem({ series, entries, position = 0, total = 1, legend, onMoved }: LayerItemProps) {
  const m = useMessages();
  const s = m.series;
  const locale = useTwinStore((st) => st.locale);
  const states = useTwinStore(useShallow((st) => series.ids.map((id) => st.layers[id])));
  const { vintage, compare, sceneMode } = useTwinStore(
    useShallow((st) => ({ vintage: st.vintage, compare: st.compare, sceneMode: st.sceneMode })),
  );
  const baseId = useId();
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const first = states[0];
  if (!first) return null;

  const byId = new Map(entries.map((e) => [e.id, e]));
  const members = series.ids.flatMap((id) => byId.get(id) ?? []);
  const title = seriesTitle(m, series, locale);
  const checkboxId = `${baseId}-visible`;
  const detailsId = `${baseId}-details`;
  const drawn = states.some((st) => st !== undefined && st.status !== 'unsupported');
  const percent = Math.round(first.opacity * 100);
  const { moveSeries, setSeriesVisible, setSeriesOpacity } = useTwinStore.getState();
  const move = (delta: -1 | 1) => {
    const to = position + delta;
    moveSeries(series.key, delta);
    onMoved?.(series, title, to);
    // React moves the row's DOM node, which drops the focus: give it back to the same button,
    // or to the other one when this one became disabled at an end of the list.
    requestAnimationFrame(() => {
      const same = delta < 0 ? upRef.current : downRef.current;
      const other = delta < 0 ? downRef.current : upRef.current;
      (same && !same.disabled ? same : other)?.focus();
    });
  };

  // Which vintage is drawn: one outside compare mode, one per side in it.
  const comparing = compare.enabled && compare.left !== null && compare.right !== null;
  const single = series.vintages.length === 1 ? series.vintages[0] : undefined;
  let vintageText: string | null = null;
  // The terrain is the ground of every vintage: no vintage and no opacity of its own.
  const ground = series.kind === 'terrain';
  if (ground) vintageText = null;
  else if (single !== undefined) vintageText = m.vintage(single);
  else if (series.vintages.length > 1) {
    const shown = comparing
      ? s.sides(shownVintage(series, compare.left) ?? 0, shownVintage(series, compare.right) ?? 0)
      : s.shown(shownVintage(series, effectiveVintage(entries, vintage)) ?? 0);
    vintageText = `${s.vintages(series.vintages.join(', '))} · ${shown}`;
  }
  const meta = [m.kindNames[series.kind], vintageText].filter(Boolean).join(' · ');

  // Status lines: one per member with something to say, named by its vintage when there are several.
  const lines: { key: string; text: string; failed: boolean }[] = [];
  const seen = new Set<string>();
  members.forEach((e, i) => {
    const st = states[i];
    const said = st ? statusText(m, st) : null;
    if (!said) return;
    const text =
      members.length > 1 && e.vintage !== undefined && said.failed
        ? s.vintageStatus(e.vintage, said.text)
        : said.text;
    if (seen.has(text)) return;
    seen.add(text);
    lines.push({ key: e.id, text, failed: said.failed });
  });
  if ((series.kind === '3dtiles' || series.kind === 'buildings') && sceneMode === '2d')
    lines.push({ key: '2d', text: s.hiddenIn2d, failed: false });
  const attributions = [...new Set(members.flatMap((e) => (e.attribution ? [e.attribution] : [])))];
  const failed = lines.some((l) => l.failed);

  return (
    <li
      className={`layer${failed ? ' layer--failed' : ''}${drawn ? '' : ' layer--soon'}`}
      data-series={series.key}
    >
      <div className="layer__head">
        <input
          id={checkboxId}
          type="checkbox"
          className="layer__checkbox"
          checked={first.visible}
          disabled={!drawn}
          aria-describedby={detailsId}
          onChange={(e) => setSeriesVisible(series.key, e.currentTarget.checked)}
        />
        <label htmlFor={checkboxId} className="layer__title">
          {title}
        </label>
        {total > 1 ? (
          <span className="layer__order">
            <button
              ref={upRef}
              type="button"
              className="layer__move"
              aria-label={m.moveUp(title)}
              title={m.moveUp(title)}
              disabled={position === 0}
              onClick={() => move(-1)}
            >
              ↑
            </button>
            <button
              ref={downRef}
              type="button"
              className="layer__move"
              aria-label={m.moveDown(title)}
              title={m.moveDown(title)}
              disabled={position >= total - 1}
              onClick={() => move(1)}
            >
              ↓
            </button>
          </span>
        ) : null}
      </div>
      <div id={detailsId} className="layer__details">
        <p className="layer__meta">{meta}</p>
        {attributions.map((a) => (
          <p key={a} className="layer__attribution">
            {m.attribution(a)}
          </p>
        ))}
        {lines.map((l) =>
          l.failed ? (
            <p key={l.key} className="layer__failure" role="status">
              {l.text}
            </p>
          ) : (
            <p key={l.key} className="layer__note">
              {l.text}
            </p>
          ),
        )}
      </div>
      {legend ? <div className="layer__legend">{legend}</div> : null}
      {drawn && !ground ? (
        <div className="layer__opacity">
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            value={percent}
            aria-label={m.opacityLabel(title)}
            aria-valuetext={m.percent(percent)}
            onChange={(e) => setSeriesOpacity(series.key, Number(e.currentTarget.value) / 100)}
          />
          <span className="layer__percent" aria-hidden="true">
            {m.percent(percent)}
          </span>
        </div>
      ) : null}
    </li>
  );
}
