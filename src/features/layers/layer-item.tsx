import { useId } from 'react';
import type { LayerEntry } from '../../config/catalog';
import { localize, useMessages } from '../../i18n';
import { type LayerState, useTwinStore } from '../../stores';

/** Props of {@link LayerItem}. */
export interface LayerItemProps {
  readonly entry: LayerEntry;
}

/** What the globe did with the layer, in words (nothing when all is well). */
function LayerStatusLine({ state }: { readonly state: LayerState }) {
  const m = useMessages();
  switch (state.status) {
    case 'unsupported':
      return <p className="layer__note">{m.comingSoon}</p>;
    case 'loading':
      return <p className="layer__note">{m.statusLoading}</p>;
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
export function LayerItem({ entry }: LayerItemProps) {
  const m = useMessages();
  const locale = useTwinStore((s) => s.locale);
  const state = useTwinStore((s) => s.layers[entry.id]);
  const setVisible = useTwinStore((s) => s.setLayerVisible);
  const setOpacity = useTwinStore((s) => s.setLayerOpacity);
  const baseId = useId();
  if (!state) return null;

  const title = localize(entry.title, locale);
  const checkboxId = `${baseId}-visible`;
  const detailsId = `${baseId}-details`;
  const drawn = state.status !== 'unsupported';
  const percent = Math.round(state.opacity * 100);
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
      </div>
      <div id={detailsId} className="layer__details">
        <p className="layer__meta">{meta}</p>
        {entry.attribution ? <p className="layer__attribution">{m.attribution(entry.attribution)}</p> : null}
        <LayerStatusLine state={state} />
      </div>
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
