import type { StateCreator } from 'zustand';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale';
import type { TwinState } from './twin-store';

/** A problem with the globe itself, shown in words over it. */
export interface GlobeProblem {
  /** start: the viewer could not be created (no WebGL…); render: the frame loop stopped. */
  readonly kind: 'start' | 'render';
  readonly detail: string;
}

/** Interface choices: language, and the globe's health. */
export interface UiSlice {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  globeProblem: GlobeProblem | null;
  setGlobeProblem: (problem: GlobeProblem | null) => void;
  /**
   * The side panel (bottom sheet on a phone): `collapsed` leaves the whole page to the map (a
   * handle stays), `open` is the default (beside the map; on a phone, the lower part of the
   * screen), `full` gives a phone's sheet most of the screen (same as `open` on wider screens).
   */
  panel: PanelState;
  setPanel: (panel: PanelState) => void;
}

/** See {@link UiSlice.panel}. */
export type PanelState = 'collapsed' | 'open' | 'full';

/** Creates the UI slice. */
export const createUiSlice: StateCreator<TwinState, [], [], UiSlice> = (set) => ({
  locale: DEFAULT_LOCALE,
  setLocale: (locale) => set({ locale }),
  globeProblem: null,
  setGlobeProblem: (globeProblem) => set({ globeProblem }),
  panel: 'open',
  setPanel: (panel) => set({ panel }),
});
