/**
 * The compare swipe on the Cesium side: the divider's place (`scene.splitPosition`) and the
 * mapping from a layer's side (src/stores/compare-slice.ts) to Cesium's `SplitDirection`.
 * Layer components call {@link applyLayerSide}; this component only moves the divider.
 */
import { SplitDirection } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { type LayerSide, useTwinStore } from '../stores';

/** Cesium's split direction for a side: left or right of the divider, else everywhere. */
export function splitDirectionOf(side: LayerSide | undefined): SplitDirection {
  if (side === 'left') return SplitDirection.LEFT;
  if (side === 'right') return SplitDirection.RIGHT;
  return SplitDirection.NONE;
}

/** Something Cesium can split: an ImageryLayer or a Cesium3DTileset. */
interface Splittable {
  show: boolean;
  splitDirection: SplitDirection;
}

/** Shows `target` when the user wants it and its vintage is chosen, on its side of the divider. */
export function applyLayerSide(target: Splittable, visible: boolean, side: LayerSide | undefined): void {
  target.show = visible && side !== 'hidden';
  target.splitDirection = splitDirectionOf(side);
}

/** Keeps `scene.splitPosition` on the store's divider (0 left edge to 1 right edge). Renders nothing. */
export function CompareSplit(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const apply = (position: number, enabled: boolean) => {
      if (viewer.isDestroyed()) return;
      viewer.scene.splitPosition = enabled ? position : 0.5;
      viewer.scene.requestRender();
    };
    const { compare } = useTwinStore.getState();
    apply(compare.position, compare.enabled);
    return useTwinStore.subscribe((s, prev) => {
      if (s.compare !== prev.compare) apply(s.compare.position, s.compare.enabled);
    });
  }, [viewer]);
  return null;
}
