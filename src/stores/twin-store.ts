/**
 * The viewer's one store, made of typed slices (zustand "slices pattern"). It holds plain data
 * and user choices only: Cesium objects live in src/cesium/ and read the store.
 */
import { create, type StateCreator } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { type CameraSlice, createCameraSlice } from './camera-slice';
import { type CatalogSlice, createCatalogSlice } from './catalog-slice';
import { type CompareSlice, createCompareSlice } from './compare-slice';
import { type ConsoleSlice, createConsoleSlice } from './console-slice';
import { type CouncilSlice, createCouncilSlice } from './council-slice';
import { createLayersSlice, type LayersSlice } from './layers-slice';
import { createLinkSlice, type LinkSlice } from './link-slice';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice';
import { createPickingSlice, type PickingSlice } from './picking-slice';
import { createReviewSlice, type ReviewSlice } from './review-slice';
import { createScenarioSlice, type ScenarioSlice } from './scenario-slice';
import { createTerritorySlice, type TerritorySlice } from './territory-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createVectorSlice, type VectorSlice } from './vector-slice';

/** The whole state: every slice combined. */
export type TwinState = CatalogSlice &
  LayersSlice &
  UiSlice &
  VectorSlice &
  PickingSlice &
  NavigationSlice &
  CompareSlice &
  CameraSlice &
  LinkSlice &
  CouncilSlice &
  ReviewSlice &
  TerritorySlice &
  ScenarioSlice &
  ConsoleSlice;

const createTwinState: StateCreator<TwinState> = (...a) => ({
  ...createCatalogSlice(...a),
  ...createLayersSlice(...a),
  ...createUiSlice(...a),
  ...createNavigationSlice(...a),
  ...createVectorSlice(...a),
  ...createPickingSlice(...a),
  ...createCompareSlice(...a),
  ...createCameraSlice(...a),
  ...createLinkSlice(...a),
  ...createCouncilSlice(...a),
  ...createTerritorySlice(...a),
  ...createReviewSlice(...a),
  ...createScenarioSlice(...a),
  ...createConsoleSlice(...a),
});

/** A fresh, independent store (tests; several viewers on one page). */
export const createTwinStore = () => createStore<TwinState>()(createTwinState);

/** The app's store as a React hook; outside React use `useTwinStore.getState()`. */
export const useTwinStore = create<TwinState>()(createTwinState);
