/** The detected changes of the territory by change class, in hectares (stats.json `changes`). */
import { classLabel as changeClassLabel } from '../../i18n';
import type { TerritoryFigures } from '../../indicators/figures';
import { useTwinStore } from '../../stores';
import type { IndicatorMessages } from './indicator-messages';

/** A change class in words (the stats file keys them by code). */
const changeLabel = (code: string, locale: string) => changeClassLabel('class', code, locale);

export function Changes({
  figures,
  m,
}: {
  readonly figures: TerritoryFigures;
  readonly m: IndicatorMessages;
}) {
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
