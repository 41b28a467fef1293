import type { StateCreator } from 'zustand';
import { isDisplayedEntry, type LayerEntry } from '../config/catalog';
import type { TwinState } from './twin-store';

/**
 * What the globe did with a layer. `unsupported`: its kind is listed but not drawn yet.
 * `failed`: it could not be loaded, or some of its tiles could not.
 */
export type LayerStatus = 'pending' | 'loading' | 'ready' | 'failed' | 'unsupported' | 'tooFar';

/** The user's choices for one layer, and what became of it. */
export interface LayerState {
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

/** Per-layer state, keyed by catalog id; the catalog entries themselves stay in the catalog slice. */
export interface LayersSlice {
  /** Layer ids in catalog order; the first is drawn on top. */
  layerOrder: readonly string[];
  layers: Readonly<Record<string, LayerState>>;
  /** Replaces all layer state with the entries' defaults (`visible`, `opacity`). */
  resetLayers: (entries: readonly LayerEntry[]) => void;
  setLayerVisible: (id: string, visible: boolean) => void;
  /** Sets the opacity, clamped to 0..1; non-numbers are ignored. */
  setLayerOpacity: (id: string, opacity: number) => void;
  /**
   * Moves a layer `delta` places in the order (negative: towards the top, drawn above the
   * others); clamped at both ends; unknown ids are ignored.
   */
  moveLayer: (id: string, delta: number) => void;
  /** Records a status change; `failure` explains a `failed` status. */
  setLayerStatus: (id: string, status: LayerStatus, failure?: string) => void;
  /** Records the features a by-view vector layer (WFS) drew, and marks it ready. */
  setLayerFeatures: (id: string, count: number, truncated: boolean) => void;
  /** Counts one more failed tile and marks the layer failed. */
  recordTileFailure: (id: string) => void;
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

/** The layer state a catalog's entries start with (their `visible` and `opacity`). */
export function layersFromEntries(
  entries: readonly LayerEntry[],
): Pick<LayersSlice, 'layerOrder' | 'layers'> {
  return {
    layerOrder: entries.map((e) => e.id),
    layers: Object.fromEntries(entries.map((e) => [e.id, initialLayerState(e)])),
  };
}

/** Creates the layers slice. */
export const createLayersSlice: StateCreator<TwinState, [], [], LayersSlice> = (set) => {
  /** Applies `change` to one existing layer; unknown ids are ignored (a stale callback). */
  const update = (id: string, change: (l: LayerState) => LayerState) =>
    set((s) => {
      const layer = s.layers[id];
      return layer ? { layers: { ...s.layers, [id]: change(layer) } } : {};
    });
  return {
    layerOrder: [],
    layers: {},
    resetLayers: (entries) => set(layersFromEntries(entries)),
    setLayerVisible: (id, visible) => update(id, (l) => ({ ...l, visible })),
    setLayerOpacity: (id, opacity) => {
      if (typeof opacity !== 'number' || Number.isNaN(opacity)) return;
      update(id, (l) => ({ ...l, opacity: Math.min(1, Math.max(0, opacity)) }));
    },
    moveLayer: (id, delta) =>
      set((s) => {
        const from = s.layerOrder.indexOf(id);
        if (from < 0 || !Number.isInteger(delta) || delta === 0) return {};
        const to = Math.min(s.layerOrder.length - 1, Math.max(0, from + delta));
        if (to === from) return {};
        const order = [...s.layerOrder];
        order.splice(from, 1);
        order.splice(to, 0, id);
        return { layerOrder: order };
      }),
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
  };
};
