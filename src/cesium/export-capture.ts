/**
 * Captures the globe's picture for the PNG export. The WebGL canvas is drawn without
 * `preserveDrawingBuffer` (faster), so a capture renders one frame and copies it in the same
 * task, before the browser clears the buffer. For print sizes the drawing buffer is enlarged
 * (`resolutionScale`) for the capture, then put back.
 */
import type { Viewer } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';

let current: Viewer | null = null;

/** How long a print capture waits for the sharper tiles its larger buffer asks for, ms. */
const PRINT_TILE_WAIT_MS = 8000;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * A copy of the globe as drawn now, `scale` times the canvas's size (1: as on screen), with the
 * divider's place (0..1) when compare mode splits it.
 * @throws Error when no globe is shown (it failed to start, or is not mounted yet).
 */
export async function captureGlobe(scale = 1): Promise<HTMLCanvasElement> {
  const viewer = current;
  if (!viewer || viewer.isDestroyed()) throw new Error('no 3D globe to capture');
  const oldScale = viewer.resolutionScale;
  const scaled = scale !== 1 && Number.isFinite(scale) && scale > 0;
  try {
    if (scaled) {
      viewer.resolutionScale = oldScale * scale;
      viewer.resize();
      const until = performance.now() + PRINT_TILE_WAIT_MS;
      do {
        viewer.scene.requestRender();
        viewer.render();
        await nextFrame();
      } while (!viewer.scene.globe.tilesLoaded && performance.now() < until);
    }
    // requestRenderMode: without a request, render() draws nothing and the buffer is blank.
    viewer.scene.requestRender();
    viewer.render();
    const source = viewer.scene.canvas;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d');
    if (!ctx) throw new Error('the browser gave no 2D canvas');
    ctx.drawImage(source, 0, 0);
    return copy;
  } finally {
    if (scaled && !viewer.isDestroyed()) {
      viewer.resolutionScale = oldScale;
      viewer.resize();
      viewer.scene.requestRender();
    }
  }
}

/** Size of the globe's canvas in CSS pixels (what "screen size" means), or null. */
export function globeCssSize(): { width: number; height: number } | null {
  const viewer = current;
  if (!viewer || viewer.isDestroyed()) return null;
  const c = viewer.scene.canvas;
  return { width: c.clientWidth, height: c.clientHeight };
}

/** Makes the mounted globe the one {@link captureGlobe} reads. Renders nothing. */
export function ExportCapture(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    current = viewer;
    return () => {
      if (current === viewer) current = null;
    };
  }, [viewer]);
  return null;
}
