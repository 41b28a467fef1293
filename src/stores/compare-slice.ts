import type { StateCreator } from 'zustand';
import type { TwinState } from './twin-store';

/**
 * The vintage shown (one control for every layer) and the before/after comparison: when
 * `compare.enabled`, the left of the divider shows vintage `left` and the right shows `right`;
 * `position` is the divider's place, 0 (left edge) to 1 (right edge).
 */
export interface CompareState {
  readonly enabled: boolean;
  readonly left: number | null;
  readonly right: number | null;
  readonly position: number;
}

export interface CompareSlice {
  /** The vintage shown outside compare mode (null: each layer as the catalog says). */
  vintage: number | null;
  setVintage: (vintage: number | null) => void;
  compare: CompareState;
  /** Starts (or updates) a comparison of two vintages. */
  startCompare: (left: number, right: number) => void;
  stopCompare: () => void;
  /** Moves the divider; clamped to 0..1. */
  setComparePosition: (position: number) => void;
}

export const COMPARE_OFF: CompareState = { enabled: false, left: null, right: null, position: 0.5 };

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5);

export const createCompareSlice: StateCreator<TwinState, [], [], CompareSlice> = (set) => ({
  vintage: null,
  setVintage: (vintage) => set({ vintage }),
  compare: COMPARE_OFF,
  startCompare: (left, right) => set((s) => ({ compare: { ...s.compare, enabled: true, left, right } })),
  stopCompare: () => set((s) => ({ compare: { ...s.compare, enabled: false } })),
  setComparePosition: (position) => set((s) => ({ compare: { ...s.compare, position: clamp01(position) } })),
});
