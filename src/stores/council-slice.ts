import type { StateCreator } from 'zustand';
import type { TwinState } from './twin-store';

/** The council slice owns council mode (src/features/council): on or off. */
export interface CouncilSlice {
  /** Council mode: full screen, large type, the key figures as big numbers. */
  councilMode: boolean;
  setCouncilMode: (on: boolean) => void;
}

export const createCouncilSlice: StateCreator<TwinState, [], [], CouncilSlice> = (set) => ({
  councilMode: false,
  setCouncilMode: (councilMode) => set({ councilMode }),
});
