import { ImageryLayer, type ImageryProvider } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useShallow } from 'zustand/react/shallow';
import type { OrthoLayerEntry } from '../../format/catalog';
import { type LayerState, selectLayerSides, type TwinState, useTwinStore } from '../stores';
import { applyLayerSide } from './compare-split';
import { describeError } from './errors';
import { createImageryProvider, imageryLayerOptions } from './imagery-provider';

const selectOrthoEntries = (s: TwinState): OrthoLayerEntry[] =>
  s.catalog.status === 'loaded'
    ? s.catalog.catalog.layers.filter((l): l is OrthoLayerEntry => l.kind === 'orthoimagery')
    : [];

interface BoundLayer {
  readonly id: string;
  readonly layer: ImageryLayer;
  readonly provider: ImageryProvider;
  readonly removeListener: () => void;
}

/**
 * Draws the catalog's orthoimagery entries as imagery layers, first entry on top, and keeps
 * their visibility and opacity in step with the store. Renders nothing.
 */
export function CatalogImagery(): null {
  const { viewer } = useCesium();
  const entries = useTwinStore(useShallow(selectOrthoEntries));

  useEffect(() => {
    if (!viewer) return;
    const store = useTwinStore;
    const bound: BoundLayer[] = [];
    // Adding puts a layer on top, so add the catalog's last entry first.
    for (const entry of [...entries].reverse()) {
      try {
        const provider = createImageryProvider(entry);
        const layer = new ImageryLayer(provider, imageryLayerOptions(entry.source));
        // A listener also stops Cesium from logging each failure; the panel shows them in words.
        const removeListener = provider.errorEvent.addEventListener(() => {
          store.getState().recordTileFailure(entry.id);
          // A failed request does not wake requestRenderMode up; without a frame the globe would
          // wait for the next camera move to fall back to coarser imagery.
          viewer.scene.requestRender();
        });
        viewer.imageryLayers.add(layer);
        bound.push({ id: entry.id, layer, provider, removeListener });
        store.getState().setLayerStatus(entry.id, 'ready');
      } catch (e) {
        store.getState().setLayerStatus(entry.id, 'failed', describeError(e));
      }
    }

    /**
     * Puts this component's layers in the store's order (first id on top) within the slots they
     * occupy, leaving other components' imagery layers where they are.
     */
    const reorder = (order: readonly string[]) => {
      const collection = viewer.imageryLayers;
      const rank = (b: BoundLayer) => order.indexOf(b.id);
      const slots = bound.map((b) => collection.indexOf(b.layer)).sort((a, b) => a - b);
      const current = [...bound].sort((a, b) => collection.indexOf(a.layer) - collection.indexOf(b.layer));
      const desired = [...bound].sort((a, b) => rank(b) - rank(a));
      if (current.every((b, i) => b === desired[i])) return;
      for (const b of bound) collection.remove(b.layer, false);
      desired.forEach((b, i) => {
        collection.add(b.layer, slots[i]);
      });
    };

    const apply = (layers: TwinState['layers']) => {
      // The vintage control and the compare swipe decide where each vintage is drawn.
      const sides = selectLayerSides(store.getState());
      for (const b of bound) {
        const state: LayerState | undefined = layers[b.id];
        if (!state) continue;
        applyLayerSide(b.layer, state.visible, sides[b.id]);
        b.layer.alpha = state.opacity;
      }
      // requestRenderMode: nothing redraws until asked.
      viewer.scene.requestRender();
    };
    apply(store.getState().layers);
    reorder(store.getState().layerOrder);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.layers !== prev.layers || s.vintage !== prev.vintage || s.compare !== prev.compare)
        apply(s.layers);
      if (s.layerOrder !== prev.layerOrder) {
        reorder(s.layerOrder);
        viewer.scene.requestRender();
      }
    });

    return () => {
      unsubscribe();
      for (const b of bound) {
        b.removeListener();
        if (!viewer.isDestroyed()) viewer.imageryLayers.remove(b.layer, true);
      }
    };
  }, [viewer, entries]);

  return null;
}
