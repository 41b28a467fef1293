import type { StateCreator } from 'zustand';
import type { TwinState } from './twin-store';

/** The link slice owns what the opened permalink got wrong (src/features/permalink writes it). */
export interface LinkSlice {
  /** Parameters of the opened link that were invalid and replaced by defaults (shown as a notice). */
  linkProblems: readonly string[];
  setLinkProblems: (names: readonly string[]) => void;
}

export const createLinkSlice: StateCreator<TwinState, [], [], LinkSlice> = (set) => ({
  linkProblems: [],
  setLinkProblems: (linkProblems) => set({ linkProblems }),
});
