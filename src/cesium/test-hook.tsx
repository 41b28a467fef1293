import { Cesium3DTileset, SceneMode } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { Bbox } from '../../format/grid';
import { rectangleToBbox, viewRectangle } from './rectangle';

/** Read-only facts about the globe for browser tests (`window.__twin`); plain values only. */
export interface TwinTestHook {
  /** The part of the globe in view, `[west, south, east, north]` degrees, or null (sky only). */
  viewRectangle(): Bbox | null;
  /** Whether the globe has no tile left to load for the current view. */
  tilesLoaded(): boolean;
  /** Number of imagery layers, the offline base layer included. */
  imageryLayerCount(): number;
  /** Number of 3D tilesets on the scene. */
  tilesetCount(): number;
  /** Shown 3D tilesets: how many, and how many have loaded every tile the view needs. */
  tilesetsLoaded(): { shown: number; loaded: number };
  /** The scene's mode: the 3D globe, the 2D map, or a morph in between. */
  sceneMode(): '3d' | '2d' | 'morphing' | 'other';
  /** Asks for one frame (the viewer renders on demand). */
  requestRender(): void;
}

declare global {
  interface Window {
    __twin?: TwinTestHook;
  }
}

/** Publishes {@link TwinTestHook} on `window.__twin` while the globe is mounted. */
export function TestHook(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const alive = () => !viewer.isDestroyed();
    const hook: TwinTestHook = {
      viewRectangle: () => {
        const r = alive() ? viewRectangle(viewer.camera, viewer.scene) : undefined;
        return r ? rectangleToBbox(r) : null;
      },
      tilesLoaded: () => alive() && viewer.scene.globe.tilesLoaded,
      imageryLayerCount: () => (alive() ? viewer.imageryLayers.length : 0),
      tilesetCount: () => {
        if (!alive()) return 0;
        const p = viewer.scene.primitives;
        let n = 0;
        for (let i = 0; i < p.length; i++) if (p.get(i) instanceof Cesium3DTileset) n++;
        return n;
      },
      sceneMode: () => {
        const mode = alive() ? viewer.scene.mode : undefined;
        if (mode === SceneMode.SCENE3D) return '3d';
        if (mode === SceneMode.SCENE2D) return '2d';
        return mode === SceneMode.MORPHING ? 'morphing' : 'other';
      },
      tilesetsLoaded: () => {
        const out = { shown: 0, loaded: 0 };
        const p = alive() ? viewer.scene.primitives : null;
        for (let i = 0; p && i < p.length; i++) {
          const t = p.get(i);
          if (!(t instanceof Cesium3DTileset) || !t.show) continue;
          out.shown++;
          if (t.tilesLoaded) out.loaded++;
        }
        return out;
      },
      requestRender: () => {
        if (alive()) viewer.scene.requestRender();
      },
    };
    window.__twin = hook;
    return () => {
      if (window.__twin === hook) delete window.__twin;
    };
  }, [viewer]);
  return null;
}
