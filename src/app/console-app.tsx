/**
 * The « Chantiers de tuilage » page (`?page=console`): the console's panel (src/features/console)
 * beside its map of dalles (src/cesium/console-globe.tsx), composed here so neither imports the
 * other. The twin's page links here from its header, and this page links back.
 */
import { ConsoleGlobe } from '../cesium/console-globe';
import { PanelBoundary } from '../components/panel-boundary';
import { ConsolePanel, openDalle } from '../features/console/console-panel';
import { useMessages } from '../i18n';
import { LanguageSwitch } from './language-switch';
import { useDocumentLanguage } from './use-document-language';

const pick = (index: number) => void openDalle(index).catch(() => {});

/** The URL of a page of the viewer, keeping the other query parameters (lang, catalog). */
export function pageHref(page: 'twin' | 'console'): string {
  const q = new URLSearchParams(window.location.search);
  if (page === 'console') q.set('page', 'console');
  else q.delete('page');
  const s = q.toString();
  return `${window.location.pathname}${s ? `?${s}` : ''}`;
}

/** The page asked by the address: `?page=console`, else the twin. */
export function pageFromUrl(): 'twin' | 'console' {
  return new URLSearchParams(window.location.search).get('page') === 'console' ? 'console' : 'twin';
}

export function ConsoleApp() {
  useDocumentLanguage();
  const m = useMessages();
  return (
    <div className="app app--console app--panel-open">
      <aside className="app__panel" aria-label={m.console.heading}>
        <header className="panel__header">
          <h1 className="panel__title">{m.console.heading}</h1>
          <div className="panel__header-row">
            <a className="button" href={pageHref('twin')}>
              {m.console.back}
            </a>
            <LanguageSwitch />
          </div>
        </header>
        <PanelBoundary>
          <ConsolePanel />
        </PanelBoundary>
      </aside>
      <main className="app__globe" aria-label={m.console.mapLabel}>
        <PanelBoundary message={(mm, detail) => mm.globeFailed(detail)}>
          <ConsoleGlobe className="globe" onPickDalle={pick} />
        </PanelBoundary>
      </main>
    </div>
  );
}
