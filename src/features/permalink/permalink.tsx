import { useEffect, useState } from 'react';
import { useMessages } from '../../i18n';
import { type TwinState, useTwinStore } from '../../stores';
import { restoreSelection } from './restore-selection';
import { applyPermalink, decodePermalink, encodePermalink, permalinkFromStore } from './url-codec';
import './permalink.css';

/** How long the URL waits for the state to settle before it is rewritten, ms. */
const WRITE_DELAY_MS = 250;

const ready = (s: TwinState) => s.catalog.status !== 'idle' && s.catalog.status !== 'loading';
const changed = (s: TwinState, p: TwinState) =>
  s.camera !== p.camera ||
  s.layers !== p.layers ||
  s.layerOrder !== p.layerOrder ||
  s.vintage !== p.vintage ||
  s.compare !== p.compare ||
  s.ocs2dNomenclature !== p.ocs2dNomenclature ||
  s.territoryFocus !== p.territoryFocus ||
  s.picked !== p.picked ||
  s.scenarioUrl !== p.scenarioUrl ||
  s.locale !== p.locale;

/**
 * The page's query without `lang`: once the permalink carries the language, an old `?lang=en`
 * must not override a later switch to French on reload.
 */
function searchWithoutLang(search: string): string {
  const q = new URLSearchParams(search);
  if (!q.has('lang')) return search;
  q.delete('lang');
  const rest = q.toString();
  return rest ? `?${rest}` : '';
}

/**
 * Keeps the URL's fragment a permalink of the view: reads it once the catalog is loaded (and
 * again when the user edits it), then rewrites it (replaceState, no history entry) as the view
 * changes. A bad parameter is replaced by its default and named in a notice.
 */
export function usePermalink(): void {
  useEffect(() => {
    const store = useTwinStore;
    let applied = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = (fragment: string) => {
      const decoded = decodePermalink(fragment);
      const more = applyPermalink(decoded.state, store);
      store.getState().setLinkProblems([...decoded.invalid, ...more]);
      const sel = decoded.state.selection;
      if (sel && !more.includes('sel'))
        void restoreSelection(sel).then((found) => {
          if (!found) store.getState().setLinkProblems([...store.getState().linkProblems, 'sel']);
        });
    };
    const tryFirstApply = (s: TwinState) => {
      if (applied || !ready(s)) return;
      applied = true;
      apply(window.location.hash);
    };
    // The language first, before the catalog arrives, so nothing shows in the wrong one.
    const lang = decodePermalink(window.location.hash).state.lang;
    if (lang && lang !== store.getState().locale) store.getState().setLocale(lang);
    const write = () => {
      const fragment = encodePermalink(permalinkFromStore(store.getState()));
      const search = searchWithoutLang(window.location.search);
      const url = `${window.location.pathname}${search}${fragment ? `#${fragment}` : ''}`;
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`)
        window.history.replaceState(window.history.state, '', url);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      tryFirstApply(s);
      if (applied && changed(s, prev)) {
        clearTimeout(timer);
        timer = setTimeout(write, WRITE_DELAY_MS);
      }
    });
    tryFirstApply(store.getState());
    const onHashChange = () => apply(window.location.hash);
    window.addEventListener('hashchange', onHashChange);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      window.removeEventListener('hashchange', onHashChange);
    };
  }, []);
}

/** Says which parameters of the opened link were invalid (text only, never HTML). */
export function PermalinkNotice() {
  const t = useMessages().twinCompare;
  const problems = useTwinStore((s) => s.linkProblems);
  if (problems.length === 0) return null;
  return (
    <div className="notice permalink-notice" role="alert">
      <span>{t.permalinkNotice(problems.join(', '))}</span>{' '}
      <button type="button" onClick={() => useTwinStore.getState().setLinkProblems([])}>
        {t.dismiss}
      </button>
    </div>
  );
}

/** Copies the link of the current view; shows it to copy by hand when the clipboard is refused. */
export function PermalinkButton() {
  const t = useMessages().twinCompare;
  const [shown, setShown] = useState<{ href: string; copied: boolean } | null>(null);
  const copy = () => {
    const href = window.location.href;
    navigator.clipboard
      ?.writeText(href)
      .then(() => setShown({ href, copied: true }))
      .catch(() => setShown({ href, copied: false })) ?? setShown({ href, copied: false });
  };
  return (
    <div className="permalink">
      <button type="button" onClick={copy}>
        {t.permalinkCopy}
      </button>
      {shown?.copied && <span role="status">{t.permalinkCopied}</span>}
      {shown && !shown.copied && (
        <input className="permalink__url" readOnly value={shown.href} aria-label={t.permalinkCopy} />
      )}
    </div>
  );
}
