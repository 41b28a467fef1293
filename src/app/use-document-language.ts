import { useEffect } from 'react';
import { localize, useMessages } from '../i18n';
import { useTwinStore } from '../stores';

/** Keeps `<html lang>` and the window title in the interface language. */
export function useDocumentLanguage(): void {
  const locale = useTwinStore((s) => s.locale);
  const catalogTitle = useTwinStore((s) =>
    s.catalog.status === 'loaded' ? s.catalog.catalog.title : undefined,
  );
  const m = useMessages();
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = catalogTitle ? `${localize(catalogTitle, locale)} — ${m.appTitle}` : m.appTitle;
  }, [locale, catalogTitle, m]);
}
