/**
 * The key figures that follow the comparison (src/features/indicators/key-figures.ts): NAF land
 * consumed from A to B, its share of the SRADDET envelope, NAF land at A and B, and the surfaces
 * of the 4 classes at A and B; for the chosen territory, or the whole area the data cover when
 * none is chosen (said in words). `big` is council mode's form: a few large numbers for a room.
 */
import { classLabel } from '../../i18n';
import { useTwinStore } from '../../stores';
import { classColour } from '../indicators/classes';
import type { KeyFigures } from '../indicators/key-figures';
import { type KeyFigureMessages, scopeText, useKeyFigureMessages } from '../indicators/key-figures-messages';
import { useKeyFigures } from '../indicators/use-key-figures';
import './compare-figures.css';

/** Props of {@link CompareFigures}. */
export interface CompareFiguresProps {
  /** Council mode: the key figures as big numbers. */
  readonly big?: boolean;
}

function SraddetValue({ f, m }: { readonly f: KeyFigures; readonly m: KeyFigureMessages }) {
  if (f.from === f.to) return <span>{m.sameVintage}</span>;
  if (!f.sraddet) return <span>{m.noSraddet}</span>;
  const own = f.sraddet.own && f.scope.kind === 'territory' ? f.scope.name : f.sraddet.territory;
  return (
    <>
      <span className="key-figures__number">{m.pct(f.sraddet.percent)}</span>
      <span className="key-figures__sub">
        {m.sraddetOf(m.ha(f.sraddet.envelopeHa), f.sraddet.period, own, f.sraddet.own)}
      </span>
    </>
  );
}

/** Key figures of the two vintages compared, for the current territory or the data's area. */
export function CompareFigures({ big = false }: CompareFiguresProps) {
  const m = useKeyFigureMessages();
  const locale = useTwinStore((s) => s.locale);
  const { state, figures: f } = useKeyFigures();
  if (state.status === 'none') return <p className="layers__empty">{m.none}</p>;
  if (state.status === 'loading') return <p>{m.loading}</p>;
  if (state.status === 'failed') return <p role="alert">{m.failed(state.detail)}</p>;
  if (!f) return <p>{m.noPair}</p>;
  return (
    <section
      className={big ? 'key-figures key-figures--big' : 'key-figures'}
      aria-label={m.heading}
      data-testid={big ? 'council-figures' : 'compare-figures'}
    >
      {!big && <h2 className="panel__heading">{m.heading}</h2>}
      {big ? (
        <p className="key-figures__where" data-testid="council-scope">
          <span className="key-figures__place">
            {f.scope.kind === 'territory' ? f.scope.name : m.scopeDataShort(f.scope.communes.length)}
          </span>
          <span className="key-figures__years">{m.vintages(f.a, f.b)}</span>
        </p>
      ) : (
        <p className="key-figures__scope">{scopeText(f, m)}</p>
      )}
      {f.missing.map((y) => (
        <p key={y} className="vintage__notes">
          {m.missingYear(y)}
        </p>
      ))}
      <dl className="key-figures__cards">
        <div className="key-figures__card key-figures__card--main" data-testid="figure-consumed">
          <dt>{m.consumed(f.from, f.to)}</dt>
          <dd>
            <span className="key-figures__number">{f.from === f.to ? '—' : m.ha(f.consumedHa)}</span>
          </dd>
        </div>
        <div className="key-figures__card key-figures__card--main" data-testid="figure-sraddet">
          <dt>{m.sraddetShare}</dt>
          <dd>
            <SraddetValue f={f} m={m} />
          </dd>
        </div>
        {!big &&
          (
            [
              [f.a, f.nafA],
              [f.b, f.nafB],
            ] as const
          ).map(([year, v], i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: A and B may be the same year
            <div key={i} className="key-figures__card">
              <dt>{m.nafIn(year)}</dt>
              <dd>{v === null ? '—' : m.ha(v)}</dd>
            </div>
          ))}
      </dl>
      <table className="key-figures__table" aria-label={m.surfaces4} data-testid="figure-p4">
        <caption>{m.surfaces4}</caption>
        <thead>
          <tr>
            <th scope="col">{m.classColumn}</th>
            <th scope="col">{f.a}</th>
            <th scope="col">{f.b}</th>
            {!big && <th scope="col">{m.deltaColumn}</th>}
          </tr>
        </thead>
        <tbody>
          {f.p4.map((r) => (
            <tr key={r.code}>
              <th scope="row">
                <span
                  className="key-figures__swatch"
                  style={{ backgroundColor: classColour('p4', r.code) }}
                  aria-hidden="true"
                />
                {classLabel('p4', r.code, locale)}
              </th>
              <td>{m.ha(r.a)}</td>
              <td>{m.ha(r.b)}</td>
              {!big && <td>{m.ha(Math.round((r.b - r.a) * 100) / 100)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
