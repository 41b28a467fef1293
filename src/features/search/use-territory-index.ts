import { useEffect, useState } from 'react';
import { readTerritoryIndex, TERRITORY_INDEX_URL, type Territory } from './territory-index';

/** The territory index as the search box sees it. */
export type TerritoryIndexState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly territories: readonly Territory[] }
  | { readonly status: 'failed'; readonly detail: string };

/** Fetches the territory index once (about 90 kB gzip); says in words when it cannot. */
export function useTerritoryIndex(url = TERRITORY_INDEX_URL): TerritoryIndexState {
  const [state, setState] = useState<TerritoryIndexState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetch(url, { signal: controller.signal })
      .then(async (r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return readTerritoryIndex(await r.json());
      })
      .then((territories) => setState({ status: 'ready', territories }))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', detail: (e as Error).message });
      });
    return () => controller.abort();
  }, [url]);
  return state;
}
