import type { StateCreator } from 'zustand';
import type { LayerEntry, LayerKind, LocalizedText } from '../../format/catalog';
import { effectiveVintage, layerSeries, nearestVintage, shownVintage } from './series';
import type { TwinState } from './twin-store';

/*
 * The compare slice owns the vintage shown and the before/after comparison (and, below, which
 * layer shows on which side). The camera pose is camera-slice.ts, the opened link's problems
 * link-slice.ts, council mode council-slice.ts.
 */

/**
 * The vintage shown (one control for every layer) and the before/after comparison: when
 * `compare.enabled`, the left of the divider shows vintage `left` and the right shows `right`;
 * `position` is the divider's place, 0 (left edge) to 1 (right edge).
 */
export interface CompareState {
  readonly enabled: boolean;
  readonly left: number | null;
  readonly right: number | null;
  readonly position: number;
}

export interface CompareSlice {
  /** The vintage shown outside compare mode (null: the latest, each series at its latest). */
  vintage: number | null;
  setVintage: (vintage: number | null) => void;
  compare: CompareState;
  /** Starts (or updates) a comparison of two vintages; the indicators follow them. */
  startCompare: (left: number, right: number) => void;
  stopCompare: () => void;
  /** Moves the divider; clamped to 0..1. */
  setComparePosition: (position: number) => void;
}

export const COMPARE_OFF: CompareState = { enabled: false, left: null, right: null, position: 0.5 };

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5);

export const createCompareSlice: StateCreator<TwinState, [], [], CompareSlice> = (set) => ({
  vintage: null,
  setVintage: (vintage) => set({ vintage }),
  compare: COMPARE_OFF,
  // The indicators panel (issue 8) follows the comparison's two vintages.
  startCompare: (left, right) =>
    set((s) => ({ compare: { ...s.compare, enabled: true, left, right }, indicatorVintages: [left, right] })),
  stopCompare: () => set((s) => ({ compare: { ...s.compare, enabled: false } })),
  setComparePosition: (position) => set((s) => ({ compare: { ...s.compare, position: clamp01(position) } })),
});

// ---------------------------------------------------------------------------------------------
// Which layer shows on which side: pure functions of the catalog, the vintage and the comparison.

/**
 * Where a layer is drawn: everywhere, only left or right of the divider, or not at all (another
 * vintage of its series is the one chosen).
 */
export type LayerSide = 'both' | 'left' | 'right' | 'hidden';

/**
 * A series and the vintages it has, sorted (see ./series.ts for how entries are grouped); only
 * series with at least one vintage.
 */
export interface VintageSeries {
  readonly key: string;
  readonly kind: LayerKind;
  readonly vintages: readonly number[];
  /** The series' name (null: the panel names the kind). */
  readonly title: LocalizedText | null;
}

/** The catalog's series that have vintages, in catalog order, each with its sorted vintages. */
export function vintageSeries(entries: readonly LayerEntry[]): VintageSeries[] {
  return layerSeries(entries)
    .filter((s) => s.vintages.length > 0)
    .map((s) => ({ key: s.key, kind: s.kind, vintages: s.vintages, title: s.title }));
}

/**
 * Where each layer is drawn. Outside compare mode, each series shows its vintage nearest to the
 * one chosen (no choice: the catalog's latest, so each series shows its latest); in compare mode,
 * the left side shows each series' vintage nearest to `left`, the right side the one nearest to
 * `right` (the same layer on both sides when it is the nearest for both). Layers without a
 * vintage are drawn everywhere. Whether a series is drawn at all is its visibility (layers slice).
 */
export function layerSides(
  entries: readonly LayerEntry[],
  vintage: number | null,
  compare: CompareState,
): Record<string, LayerSide> {
  const comparing = compare.enabled && compare.left !== null && compare.right !== null;
  const wanted = effectiveVintage(entries, vintage);
  const out: Record<string, LayerSide> = {};
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const s of layerSeries(entries)) {
    const leftV = comparing ? shownVintage(s, compare.left) : null;
    const rightV = comparing ? shownVintage(s, compare.right) : null;
    const oneV = shownVintage(s, wanted);
    for (const id of s.ids) {
      const v = byId.get(id)?.vintage;
      if (v === undefined) out[id] = 'both';
      else if (comparing) {
        const onLeft = leftV === v;
        const onRight = rightV === v;
        out[id] = onLeft && onRight ? 'both' : onLeft ? 'left' : onRight ? 'right' : 'hidden';
      } else out[id] = oneV === v ? 'both' : 'hidden';
    }
  }
  return out;
}

/** A series shown at another vintage than the one asked ("ortho 2018 shown for 2015"). */
export interface VintageSubstitute {
  readonly kind: LayerKind;
  readonly key: string;
  readonly title: LocalizedText | null;
  readonly wanted: number;
  readonly shown: number;
}

/**
 * The series that have no data for `wanted` and the vintage shown instead; only those of
 * `keys` when given (the visible series: a hidden one needs no note).
 */
export function vintageSubstitutes(
  entries: readonly LayerEntry[],
  wanted: number,
  keys?: ReadonlySet<string>,
): VintageSubstitute[] {
  const out: VintageSubstitute[] = [];
  for (const s of vintageSeries(entries)) {
    if (keys && !keys.has(s.key)) continue;
    const shown = nearestVintage(s.vintages, wanted);
    if (shown !== null && shown !== wanted)
      out.push({ kind: s.kind, key: s.key, title: s.title, wanted, shown });
  }
  return out;
}

const NO_ENTRIES: readonly LayerEntry[] = [];
let sidesMemo: {
  entries: readonly LayerEntry[];
  vintage: number | null;
  compare: CompareState;
  sides: Record<string, LayerSide>;
} | null = null;

/** {@link layerSides} of the store's state, recomputed only when its inputs change. */
export function selectLayerSides(s: TwinState): Record<string, LayerSide> {
  const entries = s.catalog.status === 'loaded' ? s.catalog.catalog.layers : NO_ENTRIES;
  const m = sidesMemo;
  if (m && m.entries === entries && m.vintage === s.vintage && m.compare === s.compare) return m.sides;
  const sides = layerSides(entries, s.vintage, s.compare);
  sidesMemo = { entries, vintage: s.vintage, compare: s.compare, sides };
  return sides;
}
