import { useEffect } from 'react';
import { catalogUrlFromQuery, loadCatalog } from '../config/load-catalog';
import { useTwinStore } from '../stores';

/** Loads the catalog named by `?catalog=` (else /twin/catalog.json) once, into the store. */
export function useCatalogLoader(): void {
  useEffect(() => {
    const controller = new AbortController();
    const url = catalogUrlFromQuery(window.location.search);
    const { startCatalogLoad, finishCatalogLoad } = useTwinStore.getState();
    startCatalogLoad(url);
    loadCatalog(url, window.location.href, { signal: controller.signal })
      .then(finishCatalogLoad)
      .catch(() => {
        // Only an abort rejects (the effect was cleaned up); nothing to report.
      });
    return () => controller.abort();
  }, []);
}
