import type { StateCreator } from 'zustand';
import type { TwinState } from './twin-store';

/*
 * The picking slice owns the feature picked on the globe: what it is, whether a pick is being
 * searched, and where it sat on the map. src/cesium/ picks and outlines it (pick-outline.tsx),
 * src/features/picking/ shows its card, the permalink restores it.
 */

/** A feature picked on the globe: its layer and its attributes as read from the tile (untrusted text). */
export interface PickedFeature {
  readonly layerId: string;
  /** `ocs2d`, `changes` or `heat`: what the attributes mean. */
  readonly tileLayer: string;
  readonly properties: Readonly<Record<string, string | number | boolean>>;
  /** Where the user clicked, degrees. */
  readonly lon: number;
  readonly lat: number;
}

export interface PickingSlice {
  /** The feature under the last click, or null. */
  picked: PickedFeature | null;
  /** `searching` while tiles are read for a click; `none` when nothing is there. */
  pickStatus: 'idle' | 'searching' | 'none';
  setPicked: (picked: PickedFeature | null, status?: PickingSlice['pickStatus']) => void;
  /**
   * Where the picked point was on the map when it was outlined, as fractions of the map's width
   * and height (0..1, from the top-left); the card sits on the other side. Null when unknown.
   */
  pickedAt: { readonly x: number; readonly y: number } | null;
  setPickedAt: (at: { readonly x: number; readonly y: number } | null) => void;
}

export const createPickingSlice: StateCreator<TwinState, [], [], PickingSlice> = (set) => ({
  picked: null,
  pickStatus: 'idle',
  setPicked: (picked, status) =>
    set({ picked, pickStatus: status ?? (picked ? 'idle' : 'none'), pickedAt: null }),
  pickedAt: null,
  setPickedAt: (pickedAt) => set({ pickedAt }),
});
