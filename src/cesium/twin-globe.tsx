/**
 * The 3D globe: a Resium viewer set up to work offline (no Cesium ion, no default imagery,
 * no geocoder), rendering on demand, with the catalog's layers as children.
 */
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { Camera, EllipsoidTerrainProvider, WebMercatorProjection } from 'cesium';
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
  const [terrainProvider] = useState(() => new EllipsoidTerrainProvider());
  // The 2D map in Web Mercator, the imagery pyramids' own grid: the orthophoto keeps its shape
  // (the default plate carrée squeezes it to cos(50.6°) ≈ 0.64 of its height here).
  const [mapProjection] = useState(() => new WebMercatorProjection());
  return (
    <Viewer
      {...(className ? { className } : {})}
      baseLayer={false}
      terrainProvider={terrainProvider}
      mapProjection={mapProjection}
      baseLayerPicker={false}
      geocoder={false}
      timeline={false}
      animation={false}
      sceneModePicker={false}
      fullscreenButton={false}
      infoBox={false}
      selectionIndicator={false}
      navigationHelpButton
      navigationInstructionsInitiallyVisible={false}
      homeButton
      requestRenderMode
      maximumRenderTimeChange={Number.POSITIVE_INFINITY}
      showRenderLoopErrors={false}
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
