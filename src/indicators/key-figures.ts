/**
 * The key figures put in front of elected officials (compare panel, council mode, PNG export):
 * NAF land consumed from vintage A to B, its share of the SRADDET envelope, NAF land at A and B,
 * and the surfaces of the 4 classes at A and B. For the chosen territory, or, when none is chosen,
 * for the whole area the stats file covers (the sample's communes, the part of each that the
 * OCS2D covers). Pure: computed from the stats file with figures.ts and sraddet.ts.
 */
import { classOrder } from './classes';
import {
  consumptionByDestination,
  type StatsFile,
  sumCommunes,
  type TerritoryFigures,
  vintagePair,
} from './figures';
import { type SraddetTarget, sraddetProgress } from './sraddet';

/** ENAF classes counted as natural, agricultural or forest land (the rest is urbanised). */
export const NAF_CODES = ['A', 'F', 'N'] as const;

/** What the figures are for. */
export type FiguresScope =
  | { readonly kind: 'territory'; readonly name: string }
  /** No territory chosen: every commune of the stats file (names in file order). */
  | { readonly kind: 'data'; readonly communes: readonly string[] };

/** One of the 4 classes at A and at B, ha. */
export interface ClassAtVintages {
  readonly code: string;
  readonly a: number;
  readonly b: number;
}

/** The key figures for two vintages, in the order asked (A, B: left and right of the compare). */
export interface KeyFigures {
  readonly scope: FiguresScope;
  readonly a: number;
  readonly b: number;
  /** Earlier and later of the two. */
  readonly from: number;
  readonly to: number;
  /** NAF land (ENAF A + F + N) at A and at B, ha; null without figures for that year. */
  readonly nafA: number | null;
  readonly nafB: number | null;
  /** NAF land consumed (turned non-NAF) from the earlier to the later vintage, ha. */
  readonly consumedHa: number;
  /** Share of the SRADDET envelope that consumption is, or null when no target applies. */
  readonly sraddet: {
    readonly percent: number;
    readonly envelopeHa: number;
    readonly period: readonly [number, number];
    /** "<kind>:<code>" of the territory whose envelope it is. */
    readonly territory: string;
    /** Whether the envelope is the territory's own (false: an ancestor's, e.g. the region's). */
    readonly own: boolean;
  } | null;
  /** The 4 classes, official order, all four listed (0 when absent). */
  readonly p4: readonly ClassAtVintages[];
  /** Vintages of the two the stats file has no figures for. */
  readonly missing: readonly number[];
  /** The summed figures (for tables that want more). */
  readonly figures: TerritoryFigures;
}

/** The territory the key figures are for: its name, communes and lineage (as the store keeps it). */
export interface FiguresFocus {
  readonly name: string;
  readonly communes: readonly string[];
  readonly lineage: readonly string[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Hectares of NAF land in `year` of `figures`, or null when the year has no figures. */
export function nafHectares(figures: TerritoryFigures, year: number): number | null {
  const s = figures.surfaces[String(year)]?.enaf;
  if (!s) return null;
  return round2(NAF_CODES.reduce((sum, c) => sum + (s[c] ?? 0), 0));
}

/**
 * The key figures of `focus` (null: every commune of the file) between vintages `a` and `b`.
 * Without a territory the region's envelope applies (the data lie in Hauts-de-France).
 */
export function keyFigures(
  stats: StatsFile,
  focus: FiguresFocus | null,
  a: number,
  b: number,
  targets: readonly SraddetTarget[],
): KeyFigures {
  const codes = focus ? focus.communes : Object.keys(stats.communes);
  const figures = sumCommunes(stats, codes);
  const { from, to } = vintagePair(a, b);
  const consumedHa = from === to ? 0 : consumptionByDestination(figures, from, to).totalHa;
  const lineage = focus ? focus.lineage : ['region:32'];
  const progress = from === to ? null : sraddetProgress(consumedHa, from, to, lineage, targets);
  const at = (year: number, code: string) => round2(figures.surfaces[String(year)]?.p4[code] ?? 0);
  return {
    scope: focus
      ? { kind: 'territory', name: focus.name }
      : { kind: 'data', communes: codes.map((c) => stats.communes[c]?.name ?? c) },
    a,
    b,
    from,
    to,
    nafA: nafHectares(figures, a),
    nafB: nafHectares(figures, b),
    consumedHa: round2(consumedHa),
    sraddet: progress
      ? {
          percent: progress.envelopeUsedPct,
          envelopeHa: progress.target.envelopeHa,
          period: progress.target.period,
          territory: progress.target.territory,
          own: progress.own && focus !== null,
        }
      : null,
    p4: classOrder('p4').map((code) => ({ code, a: at(a, code), b: at(b, code) })),
    missing: [...new Set([a, b])].filter((y) => figures.surfaces[String(y)] === undefined),
    figures,
  };
}
