import type { LocalizedText } from '../../format/catalog';

/** The interface languages: French first (the region's language), English on request. */
export const LOCALES = ['fr', 'en'] as const;
/** One of {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];
/** The language the viewer starts in. */
export const DEFAULT_LOCALE: Locale = 'fr';

/** The text of `text` in `locale`, falling back to French. */
export function localize(text: LocalizedText, locale: Locale): string {
  if (typeof text === 'string') return text;
  return locale === 'en' && text.en ? text.en : text.fr;
}

/** Whether `v` names a supported locale (for values read from the URL). */
export function isLocale(v: unknown): v is Locale {
  return (LOCALES as readonly unknown[]).includes(v);
}
