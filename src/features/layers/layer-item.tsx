import { type ReactNode, useId, useRef } from 'react';
import type { LayerEntry } from '../../config/catalog';
import { localize, useMessages } from '../../i18n';
import { type LayerState, useTwinStore } from '../../stores';

/** Props of {@link LayerItem}. */
export interface LayerItemProps {
  readonly entry: LayerEntry;
  /** 0-based place in the panel's order (0: drawn on top) and the number of layers. */
  readonly position?: number;
  readonly total?: number;
  /**
   * Legend slot: rendered under the row's details when given (the OCS2D / changes legend,
   * for instance). The row gives it no style of its own.
   */
  readonly legend?: ReactNode;
  /** Called after the row moved, with its new position (the panel announces it). */
  readonly onMoved?: (entry: LayerEntry, position: number) => void;
}

/** What the globe did with the layer, in words (nothing when all is well). */
function LayerStatusLine({ state }: { readonly state: LayerState }) {
  const m = useMessages();
  switch (state.status) {
    case 'unsupported':
      return <p className="layer__note">{m.comingSoon}</p>;
    case 'loading':
      return <p className="layer__note">{m.statusLoading}</p>;
    case 'tooFar':
      return <p className="layer__note">{m.statusTooFar}</p>;
    case 'ready':
      return state.features ? (
        <p className="layer__note">{m.statusFeatures(state.features.count, state.features.truncated)}</p>
      ) : null;
    case 'failed':
      return (
        <p className="layer__failure" role="status">
          {state.failure !== undefined
            ? m.statusLoadFailed(state.failure)
            : m.statusTilesFailed(state.failedTiles)}
        </p>
      );
    default:
      return null;
  }
}

/** One layer: visibility checkbox named by its title, kind, vintage, source, opacity, status. */
export function LayerItem({ entry, position = 0, total = 1, legend, onMoved }: LayerItemProps) {
  const m = useMessages();
  const locale = useTwinStore((s) => s.locale);
  const state = useTwinStore((s) => s.layers[entry.id]);
  const setVisible = useTwinStore((s) => s.setLayerVisible);
  const setOpacity = useTwinStore((s) => s.setLayerOpacity);
  const moveLayer = useTwinStore((s) => s.moveLayer);
  const baseId = useId();
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  if (!state) return null;

  const title = localize(entry.title, locale);
  const checkboxId = `${baseId}-visible`;
  const detailsId = `${baseId}-details`;
  const drawn = state.status !== 'unsupported';
  const percent = Math.round(state.opacity * 100);
  const move = (delta: -1 | 1) => {
    const to = position + delta;
    moveLayer(entry.id, delta);
    onMoved?.(entry, to);
    // React moves the row's DOM node, which drops the focus: give it back to the same button,
    // or to the other one when this one became disabled at an end of the list.
    requestAnimationFrame(() => {
      const same = delta < 0 ? upRef.current : downRef.current;
      const other = delta < 0 ? downRef.current : upRef.current;
      (same && !same.disabled ? same : other)?.focus();
    });
  };
  const meta = [m.kindNames[entry.kind], entry.vintage !== undefined ? m.vintage(entry.vintage) : null]
    .filter(Boolean)
    .join(' · ');

  return (
    <li className={`layer${state.status === 'failed' ? ' layer--failed' : ''}${drawn ? '' : ' layer--soon'}`}>
      <div className="layer__head">
        <input
          id={checkboxId}
          type="checkbox"
          className="layer__checkbox"
          checked={state.visible}
          disabled={!drawn}
          aria-describedby={detailsId}
          onChange={(e) => setVisible(entry.id, e.currentTarget.checked)}
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
        {entry.attribution ? <p className="layer__attribution">{m.attribution(entry.attribution)}</p> : null}
        <LayerStatusLine state={state} />
      </div>
      {legend ? <div className="layer__legend">{legend}</div> : null}
      {drawn ? (
        <div className="layer__opacity">
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            value={percent}
            aria-label={m.opacityLabel(title)}
            aria-valuetext={m.percent(percent)}
            onChange={(e) => setOpacity(entry.id, Number(e.currentTarget.value) / 100)}
          />
          <span className="layer__percent" aria-hidden="true">
            {m.percent(percent)}
          </span>
        </div>
      ) : null}
    </li>
  );
}
