import type { StateCreator } from 'zustand';
import { isDisplayedEntry, type LayerEntry } from '../../format/catalog';
import { layerSeries } from './series';
import type { TwinState } from './twin-store';

/**
 * What the globe did with a layer. `unsupported`: its kind is listed but not drawn yet.
 * `failed`: it could not be loaded, or some of its tiles could not.
 */
export type LayerStatus = 'pending' | 'loading' | 'ready' | 'failed' | 'unsupported' | 'tooFar';

/**
 * The user's choices for one layer, and what became of it. `visible` and `opacity` are the
 * series' (src/stores/series.ts): every vintage of a series has the same, and the vintage control
 * or the compare swipe decides which vintage is drawn (`selectLayerSides`).
 */
export interface LayerState {
  /** Whether the layer's series is shown (the layer is drawn when its vintage is chosen too). */
  readonly visible: boolean;
  /** 0 (transparent) to 1 (opaque). */
  readonly opacity: number;
  readonly status: LayerStatus;
  /** Tiles that failed to load since the layer was added. */
  readonly failedTiles: number;
  /** Why loading the whole layer failed, as the engine said it (shown as text, never as HTML). */
  readonly failure?: string;
  /** Vector layers loaded by view (WFS): features in view, and whether a limit cut them short. */
  readonly features?: { readonly count: number; readonly truncated: boolean };
}

/** What the buildings' colour says (src/cesium/buildings-style.ts): height, use, age, height source. */
export type BuildingsColour = 'height' | 'usage' | 'age' | 'source';

/** Every {@link BuildingsColour}, in the control's order. */
export const BUILDINGS_COLOURS: readonly BuildingsColour[] = ['height', 'usage', 'age', 'source'];

/** Per-layer state, keyed by catalog id; the catalog entries themselves stay in the catalog slice. */
export interface LayersSlice {
  /**
   * Layer ids, first drawn on top; the vintages of a series stay together (the panel shows one
   * row per series, in this order).
   */
  layerOrder: readonly string[];
  layers: Readonly<Record<string, LayerState>>;
  /** The series key of each layer id (src/stores/series.ts). */
  layerSeriesKeys: Readonly<Record<string, string>>;
  /**
   * Replaces all layer state with the entries' defaults: a series is visible when one of its
   * entries says `visible` (the default), its opacity is its latest vintage's.
   */
  resetLayers: (entries: readonly LayerEntry[]) => void;
  /** Shows or hides the series of layer `id` (every vintage of it); unknown ids are ignored. */
  setLayerVisible: (id: string, visible: boolean) => void;
  /** Sets the opacity of `id`'s series, clamped to 0..1; non-numbers are ignored. */
  setLayerOpacity: (id: string, opacity: number) => void;
  /** Shows or hides a series by its key; unknown keys are ignored. */
  setSeriesVisible: (key: string, visible: boolean) => void;
  /** Sets a series' opacity by its key, clamped to 0..1. */
  setSeriesOpacity: (key: string, opacity: number) => void;
  /**
   * Moves the series of layer `id` `delta` series places in the order (negative: towards the
   * top, drawn above the others); clamped at both ends; unknown ids are ignored.
   */
  moveLayer: (id: string, delta: number) => void;
  /** {@link LayersSlice.moveLayer} by series key. */
  moveSeries: (key: string, delta: number) => void;
  /** Records a status change; `failure` explains a `failed` status. */
  setLayerStatus: (id: string, status: LayerStatus, failure?: string) => void;
  /** Records the features a by-view vector layer (WFS) drew, and marks it ready. */
  setLayerFeatures: (id: string, count: number, truncated: boolean) => void;
  /** Counts one more failed tile and marks the layer failed. */
  recordTileFailure: (id: string) => void;
  /** What the buildings series' colour says (every vintage alike); height by default. */
  buildingsColour: BuildingsColour;
  /** Sets {@link LayersSlice.buildingsColour}; unknown values are ignored. */
  setBuildingsColour: (by: BuildingsColour) => void;
}

function initialLayerState(entry: LayerEntry): LayerState {
  return {
    visible: entry.visible,
    opacity: entry.opacity,
    // WFS sources of any vector kind are drawn by src/cesium/wfs-layers.tsx.
    status: isDisplayedEntry(entry) || entry.source.type === 'wfs' ? 'pending' : 'unsupported',
    failedTiles: 0,
  };
}

/** The layer state a catalog's entries start with (their series' `visible` and `opacity`). */
export function layersFromEntries(
  entries: readonly LayerEntry[],
): Pick<LayersSlice, 'layerOrder' | 'layers' | 'layerSeriesKeys'> {
  const series = layerSeries(entries);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const layers: Record<string, LayerState> = {};
  const keys: Record<string, string> = {};
  for (const s of series) {
    const members = s.ids.flatMap((id) => byId.get(id) ?? []);
    const visible = members.some((e) => e.visible);
    // The latest vintage's opacity (members are sorted oldest first).
    const opacity = members[members.length - 1]?.opacity ?? 1;
    for (const e of members) {
      layers[e.id] = { ...initialLayerState(e), visible, opacity };
      keys[e.id] = s.key;
    }
  }
  // Series in the catalog order of their first entry, each one's entries together.
  const order = series.flatMap((s) => entries.filter((e) => keys[e.id] === s.key).map((e) => e.id));
  return { layerOrder: order, layers, layerSeriesKeys: keys };
}

/** `order` with the block of series `key` moved `delta` blocks; null when nothing moves. */
function moveBlock(
  order: readonly string[],
  keys: Readonly<Record<string, string>>,
  key: string,
  delta: number,
): string[] | null {
  if (!Number.isInteger(delta) || delta === 0) return null;
  const blocks: string[][] = [];
  for (const id of order) {
    const k = keys[id] ?? id;
    const last = blocks[blocks.length - 1];
    if (last && (keys[last[0] ?? ''] ?? last[0]) === k) last.push(id);
    else blocks.push([id]);
  }
  const from = blocks.findIndex((b) => (keys[b[0] ?? ''] ?? b[0]) === key);
  if (from < 0) return null;
  const to = Math.min(blocks.length - 1, Math.max(0, from + delta));
  if (to === from) return null;
  const [block] = blocks.splice(from, 1);
  if (!block) return null;
  blocks.splice(to, 0, block);
  return blocks.flat();
}

/** Creates the layers slice. */
export const createLayersSlice: StateCreator<TwinState, [], [], LayersSlice> = (set, get) => {
  /** Applies `change` to one existing layer; unknown ids are ignored (a stale callback). */
  const update = (id: string, change: (l: LayerState) => LayerState) =>
    set((s) => {
      const layer = s.layers[id];
      return layer ? { layers: { ...s.layers, [id]: change(layer) } } : {};
    });
  /** Applies `change` to every layer of series `key`; unknown keys are ignored. */
  const updateSeries = (key: string, change: (l: LayerState) => LayerState) =>
    set((s) => {
      const ids = Object.keys(s.layerSeriesKeys).filter((id) => s.layerSeriesKeys[id] === key);
      if (ids.length === 0) return {};
      const layers = { ...s.layers };
      for (const id of ids) {
        const l = layers[id];
        if (l) layers[id] = change(l);
      }
      return { layers };
    });
  const keyOf = (s: TwinState, id: string) => s.layerSeriesKeys[id];
  const clampOpacity = (opacity: number) => Math.min(1, Math.max(0, opacity));
  const isOpacity = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
  const moveSeries = (key: string, delta: number) =>
    set((s) => {
      const order = moveBlock(s.layerOrder, s.layerSeriesKeys, key, delta);
      return order ? { layerOrder: order } : {};
    });
  return {
    layerOrder: [],
    layers: {},
    layerSeriesKeys: {},
    resetLayers: (entries) => set(layersFromEntries(entries)),
    setSeriesVisible: (key, visible) => updateSeries(key, (l) => ({ ...l, visible })),
    setSeriesOpacity: (key, opacity) => {
      if (!isOpacity(opacity)) return;
      updateSeries(key, (l) => ({ ...l, opacity: clampOpacity(opacity) }));
    },
    setLayerVisible: (id, visible) => {
      const key = keyOf(get(), id);
      if (key !== undefined) updateSeries(key, (l) => ({ ...l, visible }));
    },
    setLayerOpacity: (id, opacity) => {
      const key = keyOf(get(), id);
      if (key === undefined || !isOpacity(opacity)) return;
      updateSeries(key, (l) => ({ ...l, opacity: clampOpacity(opacity) }));
    },
    moveSeries,
    moveLayer: (id, delta) => {
      const key = keyOf(get(), id);
      if (key !== undefined) moveSeries(key, delta);
    },
    setLayerStatus: (id, status, failure) =>
      update(id, (l) => {
        const { failure: _old, ...rest } = l;
        return failure === undefined ? { ...rest, status } : { ...rest, status, failure };
      }),
    setLayerFeatures: (id, count, truncated) =>
      update(id, (l) => {
        const { failure: _old, ...rest } = l;
        return { ...rest, status: 'ready', features: { count, truncated } };
      }),
    recordTileFailure: (id) =>
      update(id, (l) => ({ ...l, status: 'failed', failedTiles: l.failedTiles + 1 })),
    buildingsColour: 'height',
    setBuildingsColour: (by) => {
      if (BUILDINGS_COLOURS.includes(by)) set({ buildingsColour: by });
    },
  };
};
