/**
 * The indicators panel: loading states of the stats file, then the figures of the chosen
 * territory (figures-view.tsx), whose sections are surfaces-section.tsx, transitions-section.tsx,
 * consumption-section.tsx (with the SRADDET), changes-section.tsx and exports-section.tsx. The
 * figures themselves are computed in src/indicators/ (shared with compare, council, export).
 */
import { useStats } from '../../indicators/use-stats';
import { useTwinStore } from '../../stores';
import { Figures } from './figures-view';
import { useIndicatorMessages } from './indicator-messages';
import './indicators.css';

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
