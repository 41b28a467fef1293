import { useMessages } from '../i18n';
import { useTwinStore } from '../stores';

/** Switches the interface between French and English; labelled in the language it switches to. */
export function LanguageSwitch() {
  const m = useMessages();
  const setLocale = useTwinStore((s) => s.setLocale);
  const target = m.otherLanguageCode === 'en' ? 'en' : 'fr';
  return (
    <button
      type="button"
      className="button language-switch"
      lang={target}
      title={m.switchLanguageTitle}
      onClick={() => setLocale(target)}
    >
      {m.otherLanguageName}
    </button>
  );
}
