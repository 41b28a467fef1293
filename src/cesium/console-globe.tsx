/**
 * The globe of the technicians' console: the offline base layer, the selected batch's dalles
 * coloured by state (dalle-footprints.tsx) and its preview swipe (console-preview.tsx); offline and
 * on demand like the twin's globe (twin-globe.tsx), in 2D Web Mercator where footprints read best.
 */
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { Camera, SceneMode } from 'cesium';
import { useState } from 'react';
import { Viewer } from 'resium';
import { HAUTS_DE_FRANCE_BBOX } from '../../format/grid';
import { ConsolePreview } from './console-preview';
import { DalleFootprints } from './dalle-footprints';
import { OfflineBaseLayer } from './offline-base-layer';
import { OFFLINE_VIEWER_PROPS, offlineGlobeParts } from './offline-viewer';
import { bboxToRectangle } from './rectangle';
import { TestHook } from './test-hook';

// Before a batch is chosen the map shows the region (as the twin's globe does).
Camera.DEFAULT_VIEW_RECTANGLE = bboxToRectangle(HAUTS_DE_FRANCE_BBOX);
Camera.DEFAULT_VIEW_FACTOR = 0;

/** Props of {@link ConsoleGlobe}. */
export interface ConsoleGlobeProps {
  readonly className?: string;
  /** A dalle clicked on the map. */
  readonly onPickDalle: (index: number) => void;
}

export function ConsoleGlobe({ className, onPickDalle }: ConsoleGlobeProps) {
  const [{ terrainProvider, mapProjection }] = useState(offlineGlobeParts);
  return (
    <Viewer
      {...(className ? { className } : {})}
      {...OFFLINE_VIEWER_PROPS}
      terrainProvider={terrainProvider}
      mapProjection={mapProjection}
      sceneMode={SceneMode.SCENE2D}
      navigationHelpButton={false}
      homeButton={false}
    >
      <OfflineBaseLayer />
      <ConsolePreview />
      <DalleFootprints onPick={onPickDalle} />
      <TestHook />
    </Viewer>
  );
}
