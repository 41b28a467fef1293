/**
 * Outlines the picked OCS2D/change feature (store: `picked`) on the map: its rings, read from
 * the layer's finest vector tiles (feature-outline.ts), as ground polylines (clamped to the
 * terrain and the 3D tiles), a bright line over a dark one so it reads on every class colour.
 * Publishes where the picked point is on the map (`pickedAt`), so the card sits beside it, not
 * over it. Works alike for a click and for a permalink's re-pick, reading the layer's shared
 * tile source (vector-picking.ts) that the pick has just read. Renders nothing.
 *
 * Ground polylines are not split by the compare swipe (CesiumJS 1.145): the outline shows on
 * both halves, which is what a user comparing the two vintages of that place wants.
 */
import { ArcType, Cartesian3, Color, type Entity, SceneTransforms } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { MvtLayerEntry } from '../../format/catalog';
import { type PickedFeature, useTwinStore } from '../stores';
import { featureKey, featureOutline } from './feature-outline';
import { isMvtLayer, vectorTileSourceOf } from './vector-picking';

const LINE = Color.fromCssColorString('#ffe600');
const HALO = Color.fromCssColorString('#000000').withAlpha(0.85);
const LINE_WIDTH = 3;
const HALO_WIDTH = 7;

/** Read-only facts for browser tests (`window.__twinPickOutline`). */
export interface TwinPickOutlineTestHook {
  /** Polylines of the outline drawn now (0 when nothing is picked or the feature has no rings). */
  lineCount(): number;
}
declare global {
  interface Window {
    __twinPickOutline?: TwinPickOutlineTestHook;
  }
}

const mvtEntry = (layerId: string): MvtLayerEntry | undefined => {
  const s = useTwinStore.getState();
  if (s.catalog.status !== 'loaded') return undefined;
  const e = s.catalog.catalog.layers.find((l) => l.id === layerId);
  return e && isMvtLayer(e) ? e : undefined;
};

/** See the file's summary. */
export function PickOutline(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    let shown: Entity[] = [];
    let lines = 0;
    let seq = 0;

    const clear = () => {
      for (const e of shown) viewer.entities.remove(e);
      shown = [];
      lines = 0;
    };
    const publishAt = (p: PickedFeature) => {
      const canvas = viewer.scene.canvas;
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      const at = SceneTransforms.worldToWindowCoordinates(
        viewer.scene,
        Cartesian3.fromDegrees(p.lon, p.lat, 0),
      );
      if (!at || w === 0 || h === 0) return;
      useTwinStore.getState().setPickedAt({
        x: Math.min(1, Math.max(0, at.x / w)),
        y: Math.min(1, Math.max(0, at.y / h)),
      });
    };
    const draw = async (p: PickedFeature | null) => {
      const mine = ++seq;
      if (viewer.isDestroyed()) return;
      clear();
      viewer.scene.requestRender();
      if (!p) return;
      publishAt(p);
      const entry = mvtEntry(p.layerId);
      if (!entry) return;
      // The layer's shared source: the tiles the click (or the link's re-pick) just read.
      const source = vectorTileSourceOf(entry);
      const found = await featureOutline(
        (t) => source.getTile(t),
        entry.source.maxZoom,
        p.lon,
        p.lat,
        entry.source.layer,
        featureKey(p.properties),
      ).catch(() => [] as number[][]);
      // A newer pick (or none) arrived while the tiles were read.
      if (mine !== seq || viewer.isDestroyed()) return;
      for (const line of found) {
        if (line.length < 4) continue;
        const positions = Cartesian3.fromDegreesArray(line);
        for (const [material, width, zIndex] of [
          [HALO, HALO_WIDTH, 0],
          [LINE, LINE_WIDTH, 1],
        ] as const)
          shown.push(
            viewer.entities.add({
              name: `picked:${p.layerId}`,
              polyline: {
                positions,
                clampToGround: true,
                arcType: ArcType.GEODESIC,
                width,
                material,
                zIndex,
              },
            }),
          );
        lines++;
      }
      viewer.scene.requestRender();
    };

    void draw(useTwinStore.getState().picked);
    const unsubscribe = useTwinStore.subscribe((s, prev) => {
      if (s.picked !== prev.picked) void draw(s.picked);
    });
    // After a pan or zoom the card may have to change sides: where the point is now.
    const removeMoveEnd = viewer.camera.moveEnd.addEventListener(() => {
      const p = useTwinStore.getState().picked;
      if (p && !viewer.isDestroyed()) publishAt(p);
    });
    const hook: TwinPickOutlineTestHook = { lineCount: () => lines };
    window.__twinPickOutline = hook;
    return () => {
      seq++;
      unsubscribe();
      removeMoveEnd();
      if (window.__twinPickOutline === hook) delete window.__twinPickOutline;
      if (!viewer.isDestroyed()) clear();
    };
  }, [viewer]);
  return null;
}
