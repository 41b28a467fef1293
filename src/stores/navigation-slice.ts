import type { StateCreator } from 'zustand';
import type { Bbox } from '../../format/grid';
import type { TwinState } from './twin-store';

/** The globe's projection: the 3D globe or the flat 2D map. */
export type SceneMode = '3d' | '2d';

/** A place to fly to; `seq` changes with every request, so asking twice flies twice. */
export interface FlyTarget {
  readonly bbox: Bbox;
  /** What the user chose, said by the panel once the flight is asked. */
  readonly label: string;
  readonly seq: number;
}

/** A point of the globe, degrees (WGS 84). */
export interface GroundPoint {
  readonly lon: number;
  readonly lat: number;
}

/**
 * Navigation: where to fly, the scene mode, and the point under the cursor. The cursor changes
 * at mouse speed: read it with `useTwinStore.subscribe` into a ref, not as React state.
 */
export interface NavigationSlice {
  sceneMode: SceneMode;
  setSceneMode: (mode: SceneMode) => void;
  flyTarget: FlyTarget | null;
  flyTo: (bbox: Bbox, label: string) => void;
  /** Changes with each "home" request (the catalog's home extent). */
  homeRequest: number;
  goHome: () => void;
  cursor: GroundPoint | null;
  setCursor: (point: GroundPoint | null) => void;
}

/** Creates the navigation slice. */
export const createNavigationSlice: StateCreator<TwinState, [], [], NavigationSlice> = (set) => ({
  sceneMode: '3d',
  setSceneMode: (sceneMode) => set({ sceneMode }),
  flyTarget: null,
  flyTo: (bbox, label) => set((s) => ({ flyTarget: { bbox, label, seq: (s.flyTarget?.seq ?? 0) + 1 } })),
  homeRequest: 0,
  goHome: () => set((s) => ({ homeRequest: s.homeRequest + 1 })),
  cursor: null,
  setCursor: (cursor) => set({ cursor }),
});
