/**
 * The camera for permalinks: records the pose in the store each time the camera stops moving,
 * and puts the camera where a permalink asks. Renders nothing. Mount it after HomeView, so that
 * a permalink's pose wins over the catalog's home extent when both arrive together.
 */
import { Cartesian3, Math as CesiumMath } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { type CameraView, type TwinState, useTwinStore } from '../stores';

const selectHome = (s: TwinState) => (s.catalog.status === 'loaded' ? s.catalog.catalog.home : undefined);

/** Keeps the store's `camera` up to date and carries out `cameraRequest`. */
export function CompareCamera(): null {
  const { viewer } = useCesium();
  const request = useTwinStore((s) => s.cameraRequest);
  // Re-applied when the home extent arrives: HomeView frames it in the same commit.
  const home = useTwinStore(selectHome);

  useEffect(() => {
    if (!viewer) return;
    const record = () => {
      if (viewer.isDestroyed()) return;
      const c = viewer.camera;
      const p = c.positionCartographic;
      const view: CameraView = {
        lon: CesiumMath.toDegrees(p.longitude),
        lat: CesiumMath.toDegrees(p.latitude),
        heightMetres: p.height,
        headingDegrees: CesiumMath.toDegrees(c.heading),
        pitchDegrees: CesiumMath.toDegrees(c.pitch),
        rollDegrees: CesiumMath.toDegrees(c.roll),
      };
      useTwinStore.getState().setCamera(view);
    };
    record();
    return viewer.camera.moveEnd.addEventListener(record);
  }, [viewer]);

  useEffect(() => {
    if (!viewer || !request || viewer.isDestroyed()) return;
    void home;
    const v = request.view;
    viewer.camera.setView({
      destination: Cartesian3.fromDegrees(v.lon, v.lat, v.heightMetres),
      orientation: {
        heading: CesiumMath.toRadians(v.headingDegrees),
        pitch: CesiumMath.toRadians(v.pitchDegrees),
        roll: CesiumMath.toRadians(v.rollDegrees),
      },
    });
    viewer.scene.requestRender();
  }, [viewer, request, home]);
  return null;
}
