/**
 * The figures of a territory, summed from the per-commune file `tiling stats` writes
 * (twin/stats/stats.json, `StatsFile` in format/stats.ts): surfaces by class per
 * vintage, transition matrices, ENAF consumption (NAF -> non-NAF, by destination) and detected
 * changes, all in planar Lambert-93 hectares. Any two vintages of the file can be asked for, so
 * the compare mode can show each side. Pure: no React, no fetch.
 */
import {
  CONSUMPTION_DESTINATIONS,
  type CommuneStats,
  type ConsumptionDestination,
  emptyNomenclatureSums,
  STAT_NOMENCLATURES,
  STATS_VERSION,
  type StatNomenclature,
  type StatsFile,
} from '../../format/stats';

export { CONSUMPTION_DESTINATIONS, type CommuneStats, type ConsumptionDestination, type StatsFile };

/** Format version of the stats file this viewer reads. */
export const STATS_FILE_VERSION = STATS_VERSION;
/** The nomenclatures of the stats file. */
export const FIGURE_NOMENCLATURES = STAT_NOMENCLATURES;
export type FigureNomenclature = StatNomenclature;

/** Hectares by key. */
export type Hectares = Record<string, number>;

/** The figures of a set of communes, summed. */
export interface TerritoryFigures {
  /** Communes asked for, and how many of them the stats file has figures for. */
  readonly communeCount: number;
  readonly communesWithData: number;
  /** Sum of the communes' own areas (those with data), ha. */
  readonly areaHa: number;
  /** Vintage ("2021") -> nomenclature -> class -> ha. */
  readonly surfaces: Record<string, Record<FigureNomenclature, Hectares>>;
  /** Pair ("2021-2024") -> nomenclature -> "from>to" -> ha. */
  readonly transitions: Record<string, Record<FigureNomenclature, Hectares>>;
  /** Pair -> destination -> ha. */
  readonly consumption: Record<string, Hectares>;
  /** Change class -> ha. */
  readonly changes: Hectares;
}

/**
 * Checks and returns a parsed stats file.
 * @throws Error naming what is wrong when `json` is not a stats file of this version
 */
export function readStatsFile(json: unknown, where = 'stats.json'): StatsFile {
  const f = json as Partial<StatsFile> | null;
  if (!f || typeof f !== 'object') throw new Error(`indicators: ${where} is not a JSON object`);
  if (f.version !== STATS_FILE_VERSION)
    throw new Error(
      `indicators: ${where} has version ${JSON.stringify(f.version)}; expected ${STATS_FILE_VERSION} (written by \`tiling stats\`)`,
    );
  if (!Array.isArray(f.vintages) || !f.vintages.every((v) => Number.isInteger(v)))
    throw new Error(
      `indicators: ${where}: "vintages" must be a list of years, got ${JSON.stringify(f.vintages)}`,
    );
  if (!f.communes || typeof f.communes !== 'object' || Array.isArray(f.communes))
    throw new Error(`indicators: ${where}: "communes" must be an object keyed by INSEE code`);
  return f as StatsFile;
}

const addInto = (target: Hectares, source: Readonly<Hectares> | undefined) => {
  if (!source) return;
  for (const k in source) target[k] = (target[k] ?? 0) + (source[k] as number);
};
const emptyNomenclatures = emptyNomenclatureSums;
/** Rounds to the square metre, as the file is (sums of rounded values drift by float error). */
const roundHa = (v: number) => Math.round(v * 1e4) / 1e4;
function roundAll(h: Hectares): Hectares {
  for (const k in h) h[k] = roundHa(h[k] as number);
  return h;
}

/**
 * Sums the figures of `codes` (INSEE codes); communes absent from the file count as no data.
 * Linear in the number of communes: the whole region (3,782 communes) in a few milliseconds.
 */
export function sumCommunes(stats: StatsFile, codes: Iterable<string>): TerritoryFigures {
  let communeCount = 0;
  let communesWithData = 0;
  let areaHa = 0;
  const surfaces: TerritoryFigures['surfaces'] = {};
  const transitions: TerritoryFigures['transitions'] = {};
  const consumption: TerritoryFigures['consumption'] = {};
  const changes: Hectares = {};
  for (const code of codes) {
    communeCount++;
    const c: CommuneStats | undefined = stats.communes[code];
    if (!c) continue;
    communesWithData++;
    areaHa += c.areaHa;
    for (const year in c.surfaces) {
      surfaces[year] ??= emptyNomenclatures();
      const s = c.surfaces[year];
      for (const n of FIGURE_NOMENCLATURES) addInto(surfaces[year][n], s?.[n]);
    }
    for (const pair in c.transitions) {
      transitions[pair] ??= emptyNomenclatures();
      const s = c.transitions[pair];
      for (const n of FIGURE_NOMENCLATURES) addInto(transitions[pair][n], s?.[n]);
    }
    for (const pair in c.consumption) {
      consumption[pair] ??= {};
      addInto(consumption[pair], c.consumption[pair]);
    }
    addInto(changes, c.changes);
  }
  for (const y in surfaces) for (const n of FIGURE_NOMENCLATURES) roundAll(surfaces[y]?.[n] ?? {});
  for (const p in transitions) for (const n of FIGURE_NOMENCLATURES) roundAll(transitions[p]?.[n] ?? {});
  for (const p in consumption) roundAll(consumption[p] ?? {});
  roundAll(changes);
  return {
    communeCount,
    communesWithData,
    areaHa: roundHa(areaHa),
    surfaces,
    transitions,
    consumption,
    changes,
  };
}

/** The two vintages in file order (earlier first) and their pair key, e.g. "2021-2024". */
export function vintagePair(a: number, b: number): { from: number; to: number; key: string } {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  return { from, to, key: `${from}-${to}` };
}

/** The default two vintages: the first and last of the file (null when it has fewer than two). */
export function defaultVintages(stats: Pick<StatsFile, 'vintages'>): [number, number] | null {
  const v = [...stats.vintages].sort((x, y) => x - y);
  return v.length >= 2 ? [v[0] as number, v[v.length - 1] as number] : null;
}

/** One row of {@link surfaceRows}: a class and its hectares in each of the two vintages. */
export interface SurfaceRow {
  readonly code: string;
  readonly from: number;
  readonly to: number;
  /** to - from, ha. */
  readonly delta: number;
}

/**
 * Surfaces by class for two vintages, in `order` (the nomenclature's official order; classes not
 * in it, such as "none", come last).
 */
export function surfaceRows(
  figures: TerritoryFigures,
  nomenclature: FigureNomenclature,
  a: number,
  b: number,
  order: readonly string[] = [],
): SurfaceRow[] {
  const { from, to } = vintagePair(a, b);
  const sa = figures.surfaces[String(from)]?.[nomenclature] ?? {};
  const sb = figures.surfaces[String(to)]?.[nomenclature] ?? {};
  const codes = sortCodes(new Set([...Object.keys(sa), ...Object.keys(sb)]), order);
  return codes.map((code) => {
    const f = sa[code] ?? 0;
    const t = sb[code] ?? 0;
    return { code, from: f, to: t, delta: roundHa(t - f) };
  });
}

function sortCodes(codes: Iterable<string>, order: readonly string[]): string[] {
  const rank = new Map(order.map((c, i) => [c, i]));
  return [...codes].sort((x, y) => {
    const rx = rank.get(x) ?? Number.MAX_SAFE_INTEGER;
    const ry = rank.get(y) ?? Number.MAX_SAFE_INTEGER;
    return rx - ry || x.localeCompare(y, 'fr', { numeric: true });
  });
}

/** A transition matrix: rows are classes of the earlier vintage, columns of the later one. */
export interface TransitionMatrix {
  readonly from: number;
  readonly to: number;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** `cells[i][j]`: ha going from `rows[i]` to `columns[j]`. */
  readonly cells: readonly (readonly number[])[];
  /** Hectares that changed class (off the diagonal). */
  readonly changedHa: number;
  readonly totalHa: number;
}

/** The transition matrix of a nomenclature between two vintages (empty when the pair is absent). */
export function transitionMatrix(
  figures: TerritoryFigures,
  nomenclature: FigureNomenclature,
  a: number,
  b: number,
  order: readonly string[] = [],
): TransitionMatrix {
  const { from, to, key } = vintagePair(a, b);
  const t = figures.transitions[key]?.[nomenclature] ?? {};
  const rowSet = new Set<string>();
  const colSet = new Set<string>();
  for (const k in t) {
    const [r, c] = k.split('>') as [string, string];
    rowSet.add(r);
    colSet.add(c);
  }
  const rows = sortCodes(rowSet, order);
  const columns = sortCodes(colSet, order);
  let changedHa = 0;
  let totalHa = 0;
  const cells = rows.map((r) =>
    columns.map((c) => {
      const v = t[`${r}>${c}`] ?? 0;
      totalHa += v;
      if (r !== c) changedHa += v;
      return v;
    }),
  );
  return { from, to, rows, columns, cells, changedHa: roundHa(changedHa), totalHa: roundHa(totalHa) };
}

/** ENAF consumption between two vintages, by destination (zeros included), and its total. */
export function consumptionByDestination(
  figures: TerritoryFigures,
  a: number,
  b: number,
): { readonly byDestination: Record<ConsumptionDestination, number>; readonly totalHa: number } {
  const c = figures.consumption[vintagePair(a, b).key] ?? {};
  const byDestination = Object.fromEntries(CONSUMPTION_DESTINATIONS.map((d) => [d, c[d] ?? 0])) as Record<
    ConsumptionDestination,
    number
  >;
  let totalHa = 0;
  for (const k in c) totalHa += c[k] as number;
  return { byDestination, totalHa: roundHa(totalHa) };
}
