/**
 * The SRADDET comparison: ENAF consumption of a territory between two vintages against the
 * envelope its planning documents allow (the Hauts-de-France SRADDET, after the Climat et
 * résilience law's "zéro artificialisation nette" path: an envelope for 2021-2030, a reduction
 * from the 2011-2020 reference). Target values are configuration (catalog `indicators.sraddet`):
 * one line per territory; a territory without its own line is compared with the nearest
 * ancestor that has one. Pure.
 */

/** A target: `territory` is "<kind>:<code>", kind one of region, dep, scot, epci, commune. */
export interface SraddetTarget {
  readonly territory: string;
  /** Consumption envelope over `period`, ha. */
  readonly envelopeHa: number;
  /** First and last year of the envelope, inclusive (2021-2030: 10 years). */
  readonly period: readonly [number, number];
  /** Consumption of the reference period, ha, when known. */
  readonly referenceHa?: number;
  readonly referencePeriod?: readonly [number, number];
  /** Reduction asked from the reference, percent (50 for the 2021-2030 decade). */
  readonly reductionPct?: number;
}

/** The default example: the region's envelope, 7,410 ha for 2021-2030, a 50 % reduction. */
export const DEFAULT_SRADDET_TARGETS: readonly SraddetTarget[] = [
  {
    territory: 'region:32',
    envelopeHa: 7410,
    period: [2021, 2030],
    reductionPct: 50,
    referencePeriod: [2011, 2020],
  },
];

/** How a territory stands against its (or its ancestor's) envelope. */
export interface SraddetProgress {
  readonly target: SraddetTarget;
  /** Whether the target is the territory's own (false: an ancestor's). */
  readonly own: boolean;
  /** Consumption between the vintages, ha. */
  readonly consumedHa: number;
  readonly years: number;
  /** Consumed per year, ha/year. */
  readonly annualHa: number;
  /** Envelope per year, ha/year. */
  readonly allowedAnnualHa: number;
  /** Share of the envelope consumed, percent. */
  readonly envelopeUsedPct: number;
  /** Consumption at this pace over the whole period, ha. */
  readonly projectedHa: number;
  /** Whether the pace keeps within the envelope. */
  readonly onTrack: boolean;
}

const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/**
 * Compares `consumedHa` (between vintages `a` and `b`) with the first target found for
 * `lineage` (the territory then its ancestors, each "<kind>:<code>"); null when none has one.
 */
export function sraddetProgress(
  consumedHa: number,
  a: number,
  b: number,
  lineage: readonly string[],
  targets: readonly SraddetTarget[],
): SraddetProgress | null {
  for (const [i, id] of lineage.entries()) {
    const target = targets.find((t) => t.territory === id);
    if (!target) continue;
    const years = Math.max(1, Math.abs(b - a));
    const periodYears = target.period[1] - target.period[0] + 1;
    const annualHa = consumedHa / years;
    const allowedAnnualHa = target.envelopeHa / periodYears;
    const projectedHa = annualHa * periodYears;
    return {
      target,
      own: i === 0,
      consumedHa: round(consumedHa, 4),
      years,
      annualHa: round(annualHa, 4),
      allowedAnnualHa: round(allowedAnnualHa, 4),
      envelopeUsedPct: round((100 * consumedHa) / target.envelopeHa, 4),
      projectedHa: round(projectedHa, 4),
      onTrack: projectedHa <= target.envelopeHa,
    };
  }
  return null;
}

/**
 * Checks a `sraddet` list from the catalog.
 * @throws Error naming the entry and field when a target is malformed
 */
export function readSraddetTargets(json: unknown, where = 'indicators.sraddet'): SraddetTarget[] {
  if (!Array.isArray(json)) throw new Error(`${where}: expected a list of targets, got ${typeof json}`);
  return json.map((t, i) => {
    const at = `${where}[${i}]`;
    const o = t as Record<string, unknown>;
    if (typeof o?.territory !== 'string' || !/^(region|dep|scot|epci|commune):\S+$/.test(o.territory))
      throw new Error(
        `${at}.territory: expected "<region|dep|scot|epci|commune>:<code>", got ${JSON.stringify(o?.territory)}`,
      );
    if (typeof o.envelopeHa !== 'number' || !(o.envelopeHa > 0))
      throw new Error(
        `${at}.envelopeHa: expected a positive number of hectares, got ${JSON.stringify(o.envelopeHa)}`,
      );
    const isPeriod = (p: unknown) =>
      Array.isArray(p) && p.length === 2 && p.every(Number.isInteger) && (p[0] as number) <= (p[1] as number);
    if (!isPeriod(o.period))
      throw new Error(`${at}.period: expected [first year, last year], got ${JSON.stringify(o.period)}`);
    if (o.referencePeriod !== undefined && !isPeriod(o.referencePeriod))
      throw new Error(
        `${at}.referencePeriod: expected [first year, last year], got ${JSON.stringify(o.referencePeriod)}`,
      );
    for (const k of ['referenceHa', 'reductionPct'] as const)
      if (o[k] !== undefined && (typeof o[k] !== 'number' || (o[k] as number) < 0))
        throw new Error(`${at}.${k}: expected a number ≥ 0, got ${JSON.stringify(o[k])}`);
    return o as unknown as SraddetTarget;
  });
}

/** Names of the territories a target may name, for words ("region:32" → "Hauts-de-France"). */
const TARGET_NAMES: Readonly<Record<string, string>> = { 'region:32': 'Hauts-de-France' };

/** The name of a target's territory: the region's name, else `own` (the focus's) or the id. */
export function targetName(territory: string, own?: string): string {
  return TARGET_NAMES[territory] ?? own ?? territory;
}
