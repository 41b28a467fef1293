import { type Rectangle, SceneMode } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useTwinStore } from '../stores';
import { bboxToRectangle, viewRectangle } from './rectangle';

/** How long a flight to a territory lasts, seconds. */
const FLIGHT_SECONDS = 1.5;
/** How long the 2D/3D morph lasts, seconds. */
const MORPH_SECONDS = 0.5;
/** Margin around a territory flown to, share of its size on each side (its edges stay in view). */
const FRAME_MARGIN = 0.08;

/** `[west, south, east, north]` grown by `FRAME_MARGIN` on each side. */
const withMargin = (b: readonly [number, number, number, number]): [number, number, number, number] => {
  const dx = (b[2] - b[0]) * FRAME_MARGIN;
  const dy = (b[3] - b[1]) * FRAME_MARGIN;
  return [b[0] - dx, Math.max(-90, b[1] - dy), b[2] + dx, Math.min(90, b[3] + dy)];
};

/**
 * Carries out the store's navigation requests on the camera: fly to a territory's extent, fly
 * home (through the home button, which HomeView points at the catalog's home), switch between
 * the 3D globe and the 2D map. Renders nothing.
 */
export function NavigationCamera(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const store = useTwinStore;
    // A morph resets the camera to the whole world: keep the extent the user was looking at.
    let keepView: Rectangle | undefined;
    const applyMode = (mode: '3d' | '2d') => {
      const scene = viewer.scene;
      const target = mode === '2d' ? SceneMode.SCENE2D : SceneMode.SCENE3D;
      if (scene.mode === target) return;
      keepView = viewRectangle(viewer.camera, scene);
      if (mode === '2d') scene.morphTo2D(MORPH_SECONDS);
      else scene.morphTo3D(MORPH_SECONDS);
      scene.requestRender();
    };
    const removeMorphListener = viewer.scene.morphComplete.addEventListener(() => {
      if (keepView) viewer.camera.setView({ destination: keepView });
      keepView = undefined;
      viewer.scene.requestRender();
    });
    applyMode(store.getState().sceneMode);
    const unsubscribe = store.subscribe((s, prev) => {
      if (viewer.isDestroyed()) return;
      if (s.flyTarget && s.flyTarget !== prev.flyTarget) {
        viewer.camera.flyTo({
          destination: bboxToRectangle(withMargin(s.flyTarget.bbox)),
          duration: FLIGHT_SECONDS,
        });
        viewer.scene.requestRender();
      }
      if (s.homeRequest !== prev.homeRequest) {
        const command = viewer.homeButton?.viewModel.command;
        // A Cesium Command is a function (createCommand); its type only lists the events.
        if (command) (command as unknown as () => void)();
        else viewer.camera.flyHome(FLIGHT_SECONDS);
      }
      if (s.sceneMode !== prev.sceneMode) applyMode(s.sceneMode);
    });
    return () => {
      unsubscribe();
      removeMorphListener();
    };
  }, [viewer]);
  return null;
}
