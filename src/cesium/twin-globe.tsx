/**
 * The 3D globe: a Resium viewer set up to work offline (no Cesium ion, no default imagery,
 * no geocoder), rendering on demand, with the catalog's layers as children.
 */
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { Camera } from 'cesium';
import { useState } from 'react';
import { Viewer } from 'resium';
import { HAUTS_DE_FRANCE_BBOX } from '../../format/grid';
import { CatalogImagery } from './catalog-imagery';
import { CatalogTilesets } from './catalog-tilesets';
import { CompareCamera } from './compare-camera';
import { CompareSplit } from './compare-split';
import { ExportCapture } from './export-capture';
import { GlobeHealth } from './globe-health';
import { GlobeTerrain } from './globe-terrain';
import { HomeView } from './home-view';
import { NavigationCamera } from './navigation-camera';
import { NavigationCursor } from './navigation-cursor';
import { OfflineBaseLayer } from './offline-base-layer';
import { OFFLINE_VIEWER_PROPS, offlineGlobeParts } from './offline-viewer';
import { PickOutline } from './pick-outline';
import { bboxToRectangle } from './rectangle';
import { ReviewOutline } from './review-outline';
import { ScenarioVolumes } from './scenario-volumes';
import { TerritoryHighlight } from './territory-highlight';
import { TerritoryLens } from './territory-lens';
import { TestHook } from './test-hook';
import { VectorLayers } from './vector-layers';
import { WfsLayers } from './wfs-layers';
import { WidgetLabels } from './widget-labels';

// Nothing here uses Cesium ion: no base layer, terrain, geocoder or picker of its own (the
// browser tests check that no request leaves the page's origin).
// The first frame already shows the region, before the catalog (and its home) arrives.
Camera.DEFAULT_VIEW_RECTANGLE = bboxToRectangle(HAUTS_DE_FRANCE_BBOX);
Camera.DEFAULT_VIEW_FACTOR = 0;

/** Props of {@link TwinGlobe}. */
export interface TwinGlobeProps {
  /** Class of the viewer's container; it should give it a size. */
  readonly className?: string;
}

/** The offline Cesium viewer with the catalog's layers, home view and health reporting. */
export function TwinGlobe({ className }: TwinGlobeProps) {
  // The ellipsoid until the catalog's terrain is loaded (globe-terrain.tsx swaps it in and out).
  const [{ terrainProvider, mapProjection }] = useState(offlineGlobeParts);
  return (
    <Viewer
      {...(className ? { className } : {})}
      {...OFFLINE_VIEWER_PROPS}
      terrainProvider={terrainProvider}
      mapProjection={mapProjection}
      navigationHelpButton
      navigationInstructionsInitiallyVisible={false}
      homeButton
    >
      <GlobeTerrain />
      <OfflineBaseLayer />
      <CatalogImagery />
      <CatalogTilesets />
      <VectorLayers />
      <WfsLayers />
      <TerritoryHighlight />
      <TerritoryLens />
      <ReviewOutline />
      <PickOutline />
      <ScenarioVolumes />
      <HomeView />
      <CompareCamera />
      <CompareSplit />
      <ExportCapture />
      <NavigationCamera />
      <NavigationCursor />
      <GlobeHealth />
      <WidgetLabels />
      <TestHook />
    </Viewer>
  );
}
