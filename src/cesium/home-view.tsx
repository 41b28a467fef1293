import { useEffect } from 'react';
import { useCesium } from 'resium';
import { HAUTS_DE_FRANCE_BBOX } from '../../format/grid';
import type { TwinState } from '../stores';
import { useTwinStore } from '../stores';
import { bboxToRectangle } from './rectangle';

const selectHome = (s: TwinState) => (s.catalog.status === 'loaded' ? s.catalog.catalog.home : undefined);

/** How long the home button's flight lasts, in seconds. */
const HOME_FLIGHT_SECONDS = 1.2;

/**
 * Frames the catalog's home extent (Hauts-de-France when it names none) and makes the home
 * button fly there instead of to Cesium's default view.
 */
export function HomeView(): null {
  const { viewer } = useCesium();
  const home = useTwinStore(selectHome);
  useEffect(() => {
    if (!viewer) return;
    const destination = bboxToRectangle(home ?? HAUTS_DE_FRANCE_BBOX);
    viewer.camera.setView({ destination });
    viewer.scene.requestRender();
    const command = viewer.homeButton?.viewModel.command;
    const removeListener = command?.beforeExecute.addEventListener((e: { cancel: boolean }) => {
      e.cancel = true;
      viewer.camera.flyTo({ destination, duration: HOME_FLIGHT_SECONDS });
    });
    return () => removeListener?.();
  }, [viewer, home]);
  return null;
}
