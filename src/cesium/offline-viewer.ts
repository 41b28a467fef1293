/**
 * The Viewer settings both globes share (the twin's, twin-globe.tsx, and the technicians'
 * console's, console-globe.tsx): no Cesium ion base layer, picker, geocoder or widgets that would
 * ask a server, and rendering on demand (a frame when something changed, not 60 a second).
 */
import { EllipsoidTerrainProvider, WebMercatorProjection } from 'cesium';

/** Props of resium's Viewer common to every globe of the viewer. */
export const OFFLINE_VIEWER_PROPS = {
  baseLayer: false,
  baseLayerPicker: false,
  geocoder: false,
  timeline: false,
  animation: false,
  sceneModePicker: false,
  fullscreenButton: false,
  infoBox: false,
  selectionIndicator: false,
  requestRenderMode: true,
  maximumRenderTimeChange: Number.POSITIVE_INFINITY,
  showRenderLoopErrors: false,
} as const;

/**
 * A globe's first terrain (the ellipsoid: asks no server) and its 2D projection: Web Mercator,
 * the imagery pyramids' own grid, so the orthophoto keeps its shape (the default plate carrée
 * squeezes it to cos(50.6°) ≈ 0.64 of its height here). Call once per globe (useState).
 */
export function offlineGlobeParts(): {
  terrainProvider: EllipsoidTerrainProvider;
  mapProjection: WebMercatorProjection;
} {
  return { terrainProvider: new EllipsoidTerrainProvider(), mapProjection: new WebMercatorProjection() };
}
