/**
 * Words of the page layout (the side panel's toggle, the phone's bottom sheet), French first.
 * Kept beside the layout so the shared dictionary (src/i18n/messages.ts) stays small.
 */
import type { Locale } from '../i18n/locale';
import { useTwinStore } from '../stores';

const fr = {
  hidePanel: 'Masquer le panneau',
  showPanel: 'Afficher le panneau',
  sheetOpen: 'Ouvrir le panneau',
  sheetClose: 'Réduire le panneau',
  sheetGrow: 'Agrandir le panneau',
  sheetShrink: 'Rétrécir le panneau',
  sheetHint: 'Glissez la poignée, ou flèches haut et bas',
};

const en: typeof fr = {
  hidePanel: 'Hide the panel',
  showPanel: 'Show the panel',
  sheetOpen: 'Open the panel',
  sheetClose: 'Collapse the panel',
  sheetGrow: 'Enlarge the panel',
  sheetShrink: 'Shrink the panel',
  sheetHint: 'Drag the handle, or use the up and down arrows',
};

/** The layout's words in each interface language. */
export const LAYOUT_MESSAGES: Record<Locale, typeof fr> = { fr, en };

/** The layout's words in the current language. */
export function useLayoutMessages(): typeof fr {
  return LAYOUT_MESSAGES[useTwinStore((s) => s.locale)];
}
