import { useEffect, useState } from 'react';
import { type FetchProblem, fetchProblemOf, fetchShipped } from '../../config/fetch-problem';
import { readTerritoryIndex, TERRITORY_INDEX_URL, type Territory } from './territory-index';

/** The territory index as the search box sees it. */
export type TerritoryIndexState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly territories: readonly Territory[] }
  | { readonly status: 'failed'; readonly problem: FetchProblem };

/** Fetches the territory index once (about 270 kB, 90 kB gzip); says in words when it cannot. */
export function useTerritoryIndex(url = TERRITORY_INDEX_URL): TerritoryIndexState {
  const [state, setState] = useState<TerritoryIndexState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetchShipped(url, controller.signal)
      .then(async (r) => readTerritoryIndex(await r.json()))
      .then((territories) => setState({ status: 'ready', territories }))
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        console.warn('territory search:', e);
        setState({ status: 'failed', problem: fetchProblemOf(e) });
      });
    return () => controller.abort();
  }, [url]);
  return state;
}
