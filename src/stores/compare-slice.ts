import type { StateCreator } from 'zustand';
import type { LayerEntry, LayerKind } from '../config/catalog';
import type { TwinState } from './twin-store';

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

/**
 * A camera pose, as a permalink keeps it: the camera's position in degrees and metres above the
 * ellipsoid, and its orientation in degrees.
 */
export interface CameraView {
  readonly lon: number;
  readonly lat: number;
  readonly heightMetres: number;
  readonly headingDegrees: number;
  readonly pitchDegrees: number;
  readonly rollDegrees: number;
}

export interface CompareSlice {
  /** The vintage shown outside compare mode (null: each layer as the catalog says). */
  vintage: number | null;
  setVintage: (vintage: number | null) => void;
  compare: CompareState;
  /** Starts (or updates) a comparison of two vintages; the indicators follow them. */
  startCompare: (left: number, right: number) => void;
  stopCompare: () => void;
  /** Moves the divider; clamped to 0..1. */
  setComparePosition: (position: number) => void;
  /** The camera once it stopped moving (written by src/cesium; read by the permalink). */
  camera: CameraView | null;
  setCamera: (camera: CameraView) => void;
  /** A pose to put the camera in (a permalink being opened); `seq` changes with each request. */
  cameraRequest: { readonly view: CameraView; readonly seq: number } | null;
  requestCamera: (view: CameraView) => void;
  /** Parameters of the opened link that were invalid and replaced by defaults (shown as a notice). */
  linkProblems: readonly string[];
  setLinkProblems: (names: readonly string[]) => void;
  /** Council mode: full screen, large type, the key figures as big numbers. */
  councilMode: boolean;
  setCouncilMode: (on: boolean) => void;
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
  camera: null,
  setCamera: (camera) => set({ camera }),
  cameraRequest: null,
  requestCamera: (view) => set((s) => ({ cameraRequest: { view, seq: (s.cameraRequest?.seq ?? 0) + 1 } })),
  linkProblems: [],
  setLinkProblems: (linkProblems) => set({ linkProblems }),
  councilMode: false,
  setCouncilMode: (councilMode) => set({ councilMode }),
});

// ---------------------------------------------------------------------------------------------
// Which layer shows on which side: pure functions of the catalog, the vintage and the comparison.

/**
 * Where a layer is drawn: everywhere, only left or right of the divider, or not at all (another
 * vintage of its series is the one chosen).
 */
export type LayerSide = 'both' | 'left' | 'right' | 'hidden';

/**
 * A series: the layers that are vintages of one another (same kind; for vector tiles, same
 * painted layer, so the heat map is not a vintage of the change polygons). Layers without a
 * vintage belong to no series and are always drawn.
 */
export function seriesKey(entry: LayerEntry): string | null {
  if (entry.vintage === undefined) return null;
  const painted = entry.source.type === 'mvt' ? `/${entry.source.layer}` : '';
  return `${entry.kind}${painted}`;
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

/** One series and the vintages it has, sorted. */
export interface VintageSeries {
  readonly key: string;
  readonly kind: LayerKind;
  readonly vintages: readonly number[];
}

/** The catalog's series, in catalog order, each with its sorted vintages. */
export function vintageSeries(entries: readonly LayerEntry[]): VintageSeries[] {
  const byKey = new Map<string, { kind: LayerKind; vintages: Set<number> }>();
  for (const e of entries) {
    const key = seriesKey(e);
    if (key === null || e.vintage === undefined) continue;
    const s = byKey.get(key) ?? { kind: e.kind, vintages: new Set<number>() };
    s.vintages.add(e.vintage);
    byKey.set(key, s);
  }
  return [...byKey].map(([key, s]) => ({
    key,
    kind: s.kind,
    vintages: [...s.vintages].sort((a, b) => a - b),
  }));
}

/** Every vintage some layer of the catalog has, sorted. */
export function catalogVintages(entries: readonly LayerEntry[]): number[] {
  const all = new Set<number>();
  for (const e of entries) if (e.vintage !== undefined) all.add(e.vintage);
  return [...all].sort((a, b) => a - b);
}

/**
 * Where each layer is drawn. Outside compare mode with a vintage chosen, each series shows its
 * vintage nearest to it; in compare mode, the left side shows each series' vintage nearest to
 * `left`, the right side the one nearest to `right` (the same layer on both sides when it is the
 * nearest for both). Layers without a vintage, or with no vintage chosen, are drawn everywhere.
 */
export function layerSides(
  entries: readonly LayerEntry[],
  vintage: number | null,
  compare: CompareState,
): Record<string, LayerSide> {
  const series = new Map(vintageSeries(entries).map((s) => [s.key, s.vintages]));
  const comparing = compare.enabled && compare.left !== null && compare.right !== null;
  const out: Record<string, LayerSide> = {};
  for (const e of entries) {
    const key = seriesKey(e);
    const vintages = key === null ? undefined : series.get(key);
    if (!vintages || e.vintage === undefined) {
      out[e.id] = 'both';
    } else if (comparing) {
      const onLeft = nearestVintage(vintages, compare.left ?? 0) === e.vintage;
      const onRight = nearestVintage(vintages, compare.right ?? 0) === e.vintage;
      out[e.id] = onLeft && onRight ? 'both' : onLeft ? 'left' : onRight ? 'right' : 'hidden';
    } else if (vintage === null) {
      out[e.id] = 'both';
    } else {
      out[e.id] = nearestVintage(vintages, vintage) === e.vintage ? 'both' : 'hidden';
    }
  }
  return out;
}

/** A series shown at another vintage than the one asked ("ortho 2018 shown for 2015"). */
export interface VintageSubstitute {
  readonly kind: LayerKind;
  readonly key: string;
  readonly wanted: number;
  readonly shown: number;
}

/** The series that have no data for `wanted` and the vintage shown instead. */
export function vintageSubstitutes(entries: readonly LayerEntry[], wanted: number): VintageSubstitute[] {
  const out: VintageSubstitute[] = [];
  for (const s of vintageSeries(entries)) {
    const shown = nearestVintage(s.vintages, wanted);
    if (shown !== null && shown !== wanted) out.push({ kind: s.kind, key: s.key, wanted, shown });
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
