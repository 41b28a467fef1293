/**
 * The key figures that follow the comparison (src/indicators/key-figures.ts): NAF land
 * consumed from A to B, its share of the SRADDET envelope, NAF land at A and B, and the surfaces
 * of the 4 classes at A and B; for the chosen territory, or the whole area the data cover when
 * none is chosen (said in words). `big` is council mode's form: a few large numbers for a room.
 */
import { HectareTable } from '../../components/hectare-table';
import { classLabel } from '../../i18n';
import { classColour } from '../../indicators/classes';
import type { KeyFigures } from '../../indicators/key-figures';
import {
  type KeyFigureMessages,
  scopeText,
  useKeyFigureMessages,
} from '../../indicators/key-figures-messages';
import { useKeyFigures } from '../../indicators/use-key-figures';
import { useTwinStore } from '../../stores';
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
      <HectareTable
        className="key-figures__table"
        swatchClassName="key-figures__swatch"
        label={m.surfaces4}
        caption={m.surfaces4}
        testId="figure-p4"
        headers={{ cls: m.classColumn, a: f.a, b: f.b, ...(big ? {} : { delta: m.deltaColumn }) }}
        rows={f.p4.map((r) => ({
          code: r.code,
          label: classLabel('p4', r.code, locale),
          colour: classColour('p4', r.code),
          a: m.ha(r.a),
          b: m.ha(r.b),
          delta: m.ha(Math.round((r.b - r.a) * 100) / 100),
        }))}
      />
    </section>
  );
}
