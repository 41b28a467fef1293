import type { Cartesian2 } from 'cesium';
import { Cartographic, Math as CesiumMath, ScreenSpaceEventHandler, ScreenSpaceEventType } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useTwinStore } from '../stores';

/**
 * Publishes the ground point under the mouse to the store, at most once per animation frame (on
 * the terrain where the globe has one, globe-terrain.tsx: at a low pitch the ellipsoid's point
 * lies far behind the ground's); null when the cursor leaves the globe or points at the sky.
 */
export function NavigationCursor(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const { setCursor } = useTwinStore.getState();
    const canvas = viewer.scene.canvas;
    const handler = new ScreenSpaceEventHandler(canvas);
    let pending: Cartesian2 | null = null;
    let frame = 0;
    const flush = () => {
      frame = 0;
      if (!pending || viewer.isDestroyed()) return;
      const ray = viewer.camera.getPickRay(pending);
      const cartesian =
        (ray ? viewer.scene.globe.pick(ray, viewer.scene) : undefined) ??
        viewer.camera.pickEllipsoid(pending, viewer.scene.globe.ellipsoid);
      pending = null;
      if (!cartesian) {
        setCursor(null);
        return;
      }
      const c = Cartographic.fromCartesian(cartesian);
      setCursor({ lon: CesiumMath.toDegrees(c.longitude), lat: CesiumMath.toDegrees(c.latitude) });
    };
    handler.setInputAction((e: { endPosition: Cartesian2 }) => {
      pending = e.endPosition.clone();
      if (!frame) frame = requestAnimationFrame(flush);
    }, ScreenSpaceEventType.MOUSE_MOVE);
    const leave = () => {
      pending = null;
      setCursor(null);
    };
    canvas.addEventListener('mouseleave', leave);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      canvas.removeEventListener('mouseleave', leave);
      handler.destroy();
      setCursor(null);
    };
  }, [viewer]);
  return null;
}
