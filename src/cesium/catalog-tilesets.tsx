import { Cesium3DTileStyle, Cesium3DTileset } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useShallow } from 'zustand/react/shallow';
import type { Tiles3dLayerEntry } from '../../format/catalog';
import { selectLayerSides, type TwinState, useTwinStore } from '../stores';
import { applyLayerSide } from './compare-split';
import { describeError } from './errors';

const selectTilesetEntries = (s: TwinState): Tiles3dLayerEntry[] =>
  s.catalog.status === 'loaded'
    ? s.catalog.catalog.layers.filter((l): l is Tiles3dLayerEntry => l.kind === '3dtiles')
    : [];

/** The catalog entry each loaded tileset draws (vector-layers.tsx drapes by the tileset's side). */
const tilesetIds = new WeakMap<Cesium3DTileset, string>();

/** The catalog id of a tileset this component loaded, or undefined. */
export function tilesetLayerId(tileset: Cesium3DTileset): string | undefined {
  return tilesetIds.get(tileset);
}

interface BoundTileset {
  readonly tileset: Cesium3DTileset;
  opacity: number;
  readonly removeListener: () => void;
}

/** A style fading the whole tileset, or none at full opacity (cheaper to render). */
function opacityStyle(opacity: number): Cesium3DTileStyle | undefined {
  return opacity >= 1 ? undefined : new Cesium3DTileStyle({ color: `color('white', ${opacity.toFixed(3)})` });
}

/**
 * Loads the catalog's 3D Tiles entries and keeps their visibility and opacity in step with the
 * store. A tileset that cannot be read, or whose tiles fail, is marked failed; others go on.
 * Tilesets are drawn on the 3D globe only: on the 2D map Cesium projects them flat at their own
 * height, which draws a second, shifted copy of the ground over the imagery.
 */
export function CatalogTilesets(): null {
  const { viewer } = useCesium();
  const entries = useTwinStore(useShallow(selectTilesetEntries));

  useEffect(() => {
    if (!viewer) return;
    const store = useTwinStore;
    const bound = new Map<string, BoundTileset>();
    let disposed = false;

    const applyOne = (id: string, b: BoundTileset) => {
      const state = store.getState().layers[id];
      if (!state) return;
      // The vintage control and the compare swipe decide where each vintage is drawn.
      const on3dGlobe = store.getState().sceneMode === '3d';
      applyLayerSide(b.tileset, state.visible && on3dGlobe, selectLayerSides(store.getState())[id]);
      if (state.opacity !== b.opacity) {
        b.opacity = state.opacity;
        b.tileset.style = opacityStyle(state.opacity);
      }
    };
    const applyAll = () => {
      for (const [id, b] of bound) applyOne(id, b);
      viewer.scene.requestRender();
    };

    for (const entry of entries) {
      store.getState().setLayerStatus(entry.id, 'loading');
      Cesium3DTileset.fromUrl(entry.source.url)
        .then((tileset) => {
          if (disposed || viewer.isDestroyed()) {
            tileset.destroy();
            return;
          }
          const removeListener = tileset.tileFailed.addEventListener(() => {
            store.getState().recordTileFailure(entry.id);
          });
          tilesetIds.set(tileset, entry.id);
          viewer.scene.primitives.add(tileset);
          const b: BoundTileset = { tileset, opacity: 1, removeListener };
          bound.set(entry.id, b);
          applyOne(entry.id, b);
          store.getState().setLayerStatus(entry.id, 'ready');
          viewer.scene.requestRender();
        })
        .catch((e: unknown) => {
          if (!disposed) store.getState().setLayerStatus(entry.id, 'failed', describeError(e));
        });
    }

    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.layers !== prev.layers ||
        s.vintage !== prev.vintage ||
        s.compare !== prev.compare ||
        s.sceneMode !== prev.sceneMode
      )
        applyAll();
    });
    return () => {
      disposed = true;
      unsubscribe();
      for (const b of bound.values()) {
        b.removeListener();
        if (!viewer.isDestroyed()) viewer.scene.primitives.remove(b.tileset);
        else if (!b.tileset.isDestroyed()) b.tileset.destroy();
      }
    };
  }, [viewer, entries]);

  return null;
}
