import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useTwinStore } from '../stores';
import { describeError } from './errors';

/**
 * Reports a stopped frame loop to the store in words (Cesium's own error panel is turned off:
 * the page shows the message in the reader's language).
 */
export function GlobeHealth(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const { setGlobeProblem } = useTwinStore.getState();
    return viewer.scene.renderError.addEventListener((_scene: unknown, error: unknown) => {
      setGlobeProblem({ kind: 'render', detail: describeError(error) });
    });
  }, [viewer]);
  return null;
}
