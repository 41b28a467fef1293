/**
 * ENAF consumption between the two vintages by destination (src/indicators/figures.ts
 * `consumptionByDestination`), then its progress against the SRADDET target of the territory or
 * its nearest ancestor (src/indicators/sraddet.ts, targets from use-stats.ts).
 */
import { CONSUMPTION_DESTINATIONS, consumptionByDestination } from '../../indicators/figures';
import { sraddetProgress, targetName } from '../../indicators/sraddet';
import { useSraddetTargets } from '../../indicators/use-stats';
import type { TerritoryFocus } from '../../stores';
import type { SectionProps } from './section-props';

type ConsumptionProps = Omit<SectionProps, 'n' | 'locale'> & { readonly focus: TerritoryFocus };

/** The consumption table and the SRADDET progress (shown when the vintages differ). */
export function Consumption(props: ConsumptionProps) {
  const { byDestination, totalHa } = consumptionByDestination(props.figures, props.a, props.b);
  return (
    <>
      <ConsumptionTable m={props.m} byDestination={byDestination} totalHa={totalHa} />
      <SraddetSection {...props} totalHa={totalHa} />
    </>
  );
}

function ConsumptionTable({
  m,
  byDestination,
  totalHa,
}: Pick<ConsumptionProps, 'm'> & ReturnType<typeof consumptionByDestination>) {
  return (
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
  );
}

/** The consumption against the SRADDET envelope (its pace, use and projection), or why none. */
function SraddetSection({ a, b, m, focus, totalHa }: ConsumptionProps & { readonly totalHa: number }) {
  const { targets, problem } = useSraddetTargets();
  const p = sraddetProgress(totalHa, a, b, focus.lineage, targets);
  return (
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
          {p.target.reductionPct !== undefined ? <li>{m.reduction(m.pct(p.target.reductionPct))}</li> : null}
          <li>{m.pace(m.ha(p.annualHa), m.ha(p.allowedAnnualHa))}</li>
          <li>{m.used(m.pct(p.envelopeUsedPct))}</li>
          <li>{m.projected(m.ha(p.projectedHa), p.onTrack)}</li>
        </ul>
      ) : (
        <p>{m.noTarget}</p>
      )}
    </section>
  );
}
