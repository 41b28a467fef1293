import { Cartesian2, Cesium3DTileset, Matrix4, SceneMode, Transforms } from 'cesium';
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
  /** Frames the scene has rendered since the globe was mounted (bench/viewer.bench.ts). */
  renderCount(): number;
  /**
   * Turns the camera around the ground point at the view's centre: `heading` radians about the
   * vertical, `tilt` radians towards the horizon; asks for a frame. False when the centre is sky.
   */
  orbit(heading: number, tilt: number): boolean;
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
    let renders = 0;
    const removeRenderListener = viewer.scene.postRender.addEventListener(() => {
      renders++;
    });
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
      renderCount: () => renders,
      orbit: (heading, tilt) => {
        if (!alive()) return false;
        const { camera, scene } = viewer;
        const ray = camera.getPickRay(
          new Cartesian2(scene.canvas.clientWidth / 2, scene.canvas.clientHeight / 2),
        );
        const target = ray ? scene.globe.pick(ray, scene) : undefined;
        if (!target) return false;
        camera.lookAtTransform(Transforms.eastNorthUpToFixedFrame(target));
        camera.rotateRight(heading);
        camera.rotateUp(tilt);
        camera.lookAtTransform(Matrix4.IDENTITY);
        scene.requestRender();
        return true;
      },
    };
    window.__twin = hook;
    return () => {
      if (alive()) removeRenderListener();
      if (window.__twin === hook) delete window.__twin;
    };
  }, [viewer]);
  return null;
}
