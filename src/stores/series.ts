/**
 * Layers as series: the catalog's entries that are vintages of one product (the PCRS orthophoto
 * 2021 and 2024, the OCS2D 2021 and 2024...) form one series. The layer panel shows one row per
 * series; its visibility and opacity belong to the series, and the vintage control (or each side
 * of the compare swipe) chooses which vintage of it is drawn. Pure functions of the catalog.
 *
 * Grouping (docs/catalog.md): an entry's `series` names its series; without it, entries with a
 * vintage are grouped by kind and source (`orthoimagery.xyz`, `ocs2d.ocs2d` for vector tiles
 * painting the `ocs2d` tile layer, `3dtiles`...), unless that would put two entries of the same
 * vintage in one series (the 3D Tiles folder and its .3tz archive): then each stays on its own.
 * An entry without a vintage and without `series` is a series of its own, keyed by its id.
 */
import type { LayerEntry, LayerKind, LocalizedText } from '../../format/catalog';

/** The key an entry's kind and source would group it under (before the same-vintage check). */
function defaultGroup(entry: LayerEntry): string {
  const s = entry.source as { type?: string; layer?: string };
  if (entry.kind === '3dtiles') return '3dtiles';
  if (s.type === 'mvt') return `${entry.kind}.${s.layer ?? ''}`;
  return `${entry.kind}.${s.type ?? ''}`;
}

/** One series of the catalog. */
export interface LayerSeries {
  /** Stable key: the catalog's `series`, a default group (`orthoimagery.xyz`) or an entry id. */
  readonly key: string;
  readonly kind: LayerKind;
  /** Member entry ids, oldest vintage first (entries without vintage last, catalog order). */
  readonly ids: readonly string[];
  /** The members' distinct vintages, sorted. */
  readonly vintages: readonly number[];
  /**
   * The row's name: the catalog's `seriesTitle`, the only entry's title, or the members' common
   * title once the year is taken out ("Orthophoto PCRS 2021 (5 cm)" → "Orthophoto PCRS (5 cm)");
   * null when they differ (the panel then names the kind).
   */
  readonly title: LocalizedText | null;
}

/** Takes the year out of a title: "OCS2D 2021" → "OCS2D", "Ortho 2021 (5 cm)" → "Ortho (5 cm)". */
function withoutYear(text: string, year: number | undefined): string {
  if (year === undefined) return text;
  return text
    .replace(new RegExp(`[\\s_-]*\\b${year}\\b`, 'g'), '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\(\s+/g, '(')
    .trim();
}

function titleWithoutYear(title: LocalizedText, year: number | undefined): LocalizedText {
  if (typeof title === 'string') return withoutYear(title, year);
  return {
    fr: withoutYear(title.fr, year),
    ...(title.en !== undefined ? { en: withoutYear(title.en, year) } : {}),
  };
}

const sameText = (a: LocalizedText, b: LocalizedText) => JSON.stringify(a) === JSON.stringify(b);

const memo = new WeakMap<readonly LayerEntry[], { series: LayerSeries[]; keyOf: Map<string, string> }>();

function compute(entries: readonly LayerEntry[]) {
  const cached = memo.get(entries);
  if (cached) return cached;
  // First pass: the group each entry would join.
  const group = new Map<string, string>();
  const vintagesIn = new Map<string, number[]>();
  for (const e of entries) {
    const key = e.series ?? (e.vintage === undefined ? e.id : defaultGroup(e));
    group.set(e.id, key);
    if (e.series === undefined && e.vintage !== undefined) {
      const list = vintagesIn.get(key) ?? [];
      list.push(e.vintage);
      vintagesIn.set(key, list);
    }
  }
  // A default group with a vintage twice is not a series: its entries stay apart.
  const ambiguous = new Set(
    [...vintagesIn].filter(([, vs]) => new Set(vs).size !== vs.length).map(([k]) => k),
  );
  const keyOf = new Map<string, string>();
  const members = new Map<string, LayerEntry[]>();
  for (const e of entries) {
    const g = group.get(e.id) ?? e.id;
    const key = e.series === undefined && ambiguous.has(g) ? e.id : g;
    keyOf.set(e.id, key);
    const list = members.get(key) ?? [];
    list.push(e);
    members.set(key, list);
  }
  const series: LayerSeries[] = [...members].map(([key, list]) => {
    const sorted = [...list].sort(
      (a, b) => (a.vintage ?? Number.POSITIVE_INFINITY) - (b.vintage ?? Number.POSITIVE_INFINITY),
    );
    const vintages = [...new Set(list.flatMap((e) => (e.vintage === undefined ? [] : [e.vintage])))].sort(
      (a, b) => a - b,
    );
    const explicit = list.find((e) => e.seriesTitle !== undefined)?.seriesTitle;
    let title: LocalizedText | null = explicit ?? null;
    if (title === null) {
      const first = list[0];
      if (list.length === 1 && first) title = first.title;
      else {
        const stripped = list.map((e) => titleWithoutYear(e.title, e.vintage));
        const [one] = stripped;
        title = one !== undefined && stripped.every((t) => sameText(t, one)) ? one : null;
      }
    }
    return { key, kind: list[0]?.kind ?? 'orthoimagery', ids: sorted.map((e) => e.id), vintages, title };
  });
  const result = { series, keyOf };
  memo.set(entries, result);
  return result;
}

/** The catalog's series, in the catalog order of their first entry. Memoized per entries list. */
export function layerSeries(entries: readonly LayerEntry[]): readonly LayerSeries[] {
  return compute(entries).series;
}

/** The key of the series `id` belongs to, or null for an id the entries do not have. */
export function seriesKeyOf(entries: readonly LayerEntry[], id: string): string | null {
  return compute(entries).keyOf.get(id) ?? null;
}

/** The series whose member is `id`, or null. */
export function seriesOfLayer(entries: readonly LayerEntry[], id: string): LayerSeries | null {
  const key = seriesKeyOf(entries, id);
  return key === null ? null : (layerSeries(entries).find((s) => s.key === key) ?? null);
}

/**
 * The key of `entry`'s series in `entries`. Kept for the callers of the first version (it used
 * to be computed from the entry alone).
 */
export function seriesKey(entry: LayerEntry, entries: readonly LayerEntry[] = [entry]): string {
  return seriesKeyOf(entries, entry.id) ?? entry.id;
}

/**
 * The vintage of `available` nearest to `wanted`; on a tie the earlier one (data that existed at
 * the time rather than data from its future). Null when nothing is available.
 */
export function nearestVintage(available: readonly number[], wanted: number): number | null {
  let best: number | null = null;
  for (const v of available) {
    if (best === null) best = v;
    else {
      const d = Math.abs(v - wanted);
      const bd = Math.abs(best - wanted);
      if (d < bd || (d === bd && v < best)) best = v;
    }
  }
  return best;
}

/** Every vintage some layer of the catalog has, sorted. */
export function catalogVintages(entries: readonly LayerEntry[]): number[] {
  const all = new Set<number>();
  for (const e of entries) if (e.vintage !== undefined) all.add(e.vintage);
  return [...all].sort((a, b) => a - b);
}

/**
 * The vintage shown outside compare mode: the one chosen, else the catalog's latest (null when
 * no entry has a vintage).
 */
export function effectiveVintage(entries: readonly LayerEntry[], vintage: number | null): number | null {
  if (vintage !== null) return vintage;
  const all = catalogVintages(entries);
  return all.length > 0 ? (all[all.length - 1] ?? null) : null;
}

/** The vintage a series shows for `wanted` (its nearest), or null for a series without vintages. */
export function shownVintage(series: LayerSeries, wanted: number | null): number | null {
  if (series.vintages.length === 0) return null;
  if (wanted === null) return series.vintages[series.vintages.length - 1] ?? null;
  return nearestVintage(series.vintages, wanted);
}

/** The member ids of `series` drawn for `wanted` (every member without a vintage too). */
export function shownIds(
  entries: readonly LayerEntry[],
  series: LayerSeries,
  wanted: number | null,
): string[] {
  const v = shownVintage(series, wanted);
  const byId = new Map(entries.map((e) => [e.id, e]));
  return series.ids.filter((id) => {
    const e = byId.get(id);
    return e !== undefined && (e.vintage === undefined || e.vintage === v);
  });
}
