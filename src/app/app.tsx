import { TwinGlobe } from '../cesium/twin-globe';
import { PanelBoundary } from '../components/panel-boundary';
import { CatalogStatus } from '../features/catalog/catalog-status';
import { CompareControls } from '../features/compare/compare-controls';
import { CompareFigures } from '../features/compare/compare-figures';
import { CompareSwipe } from '../features/compare/compare-swipe';
import { CouncilButton, CouncilMode } from '../features/council/council-mode';
import { ExportPanel } from '../features/export/export-panel';
import { IndicatorsPanel } from '../features/indicators/indicators-panel';
import { LayerPanel } from '../features/layers/layer-panel';
import { Coordinates } from '../features/navigation/coordinates';
import { NavigationControls } from '../features/navigation/navigation-controls';
import { Ocs2dPanel } from '../features/ocs2d/ocs2d-panel';
import { PermalinkButton, PermalinkNotice, usePermalink } from '../features/permalink/permalink';
import { FeatureCard, PickHint } from '../features/picking/feature-panel';
import { ReviewPanel } from '../features/review/review-panel';
import { ScenarioPanel } from '../features/scenario/scenario-panel';
import { TerritorySearch } from '../features/search/territory-search';
import { TerritoryPanel } from '../features/territory/territory-panel';
import { VintageControl } from '../features/vintage/vintage-control';
import { localize, useMessages } from '../i18n';
import { useTwinStore } from '../stores';
import { ConsoleApp, pageFromUrl, pageHref } from './console-app';
import { GlobeNotice } from './globe-notice';
import { LanguageSwitch } from './language-switch';
import { PanelToggle, SheetHandle, SIDE_PANEL_ID } from './panel-toggle';
import { useCatalogLoader } from './use-catalog-loader';
import { useDocumentLanguage } from './use-document-language';

function CatalogTitle() {
  const locale = useTwinStore((s) => s.locale);
  const title = useTwinStore((s) => (s.catalog.status === 'loaded' ? s.catalog.catalog.title : undefined));
  return title ? <p className="panel__subtitle">{localize(title, locale)}</p> : null;
}

/**
 * The viewer: side panel (catalog status, layers) beside the globe, collapsible; on a phone a
 * bottom sheet under the map. Each part in its own error boundary; the picked feature's card
 * sits over the map.
 */
export function App() {
  return pageFromUrl() === 'console' ? <ConsoleApp /> : <TwinApp />;
}

/** The twin's page (the default). */
function TwinApp() {
  useCatalogLoader();
  useDocumentLanguage();
  usePermalink();
  const m = useMessages();
  const council = useTwinStore((s) => s.councilMode);
  const panel = useTwinStore((s) => s.panel);
  return (
    <div className={`app app--panel-${panel}${council ? ' app--council' : ''}`}>
      <aside id={SIDE_PANEL_ID} className="app__panel" aria-label={m.panelLabel}>
        <SheetHandle />
        <header className="panel__header">
          <h1 className="panel__title">{m.appTitle}</h1>
          <div className="panel__header-row">
            <CatalogTitle />
            <LanguageSwitch />
          </div>
          <a className="button panel__console-link" href={pageHref('console')}>
            {m.console.link}
          </a>
        </header>
        <PanelBoundary>
          <section className="panel__navigation" aria-label={m.navigationLabel}>
            <TerritorySearch />
            <NavigationControls />
          </section>
        </PanelBoundary>
        <PanelBoundary>
          <TerritoryPanel />
        </PanelBoundary>
        <PanelBoundary>
          <IndicatorsPanel />
        </PanelBoundary>
        <PanelBoundary>
          <CatalogStatus />
        </PanelBoundary>
        <PanelBoundary>
          <VintageControl />
          <CompareControls />
          <CompareFigures />
        </PanelBoundary>
        <PanelBoundary>
          <ScenarioPanel />
        </PanelBoundary>
        <PanelBoundary>
          <LayerPanel />
        </PanelBoundary>
        <PanelBoundary>
          <Ocs2dPanel />
        </PanelBoundary>
        <PickHint />
        <PanelBoundary>
          <PermalinkButton />
          <ExportPanel />
          <CouncilButton />
        </PanelBoundary>
        <PanelBoundary>
          <ReviewPanel />
        </PanelBoundary>
      </aside>
      <main className="app__globe" aria-label={m.globeLabel}>
        <PanelBoundary message={(mm, detail) => mm.globeFailed(detail)}>
          <TwinGlobe className="globe" />
        </PanelBoundary>
        <PanelToggle />
        <CompareSwipe />
        <GlobeNotice />
        <PermalinkNotice />
        <CouncilMode>
          <CompareFigures big />
        </CouncilMode>
        <Coordinates />
        <PanelBoundary>
          <FeatureCard />
        </PanelBoundary>
      </main>
    </div>
  );
}
