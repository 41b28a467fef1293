import { useEffect, useState } from 'react';
import { type FetchProblem, fetchProblemOf, fetchShipped } from '../../config/fetch-problem';
import { useTwinStore } from '../../stores';
import {
  HIERARCHY_INDEX_URL,
  type Hierarchy,
  readHierarchy,
  readScotPerimeters,
  type ScotInput,
} from './hierarchy';

/** The hierarchy as the panel sees it; SCoT problems are reported beside it. */
export type HierarchyState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly hierarchy: Hierarchy; readonly scotProblem: string | null }
  | { readonly status: 'failed'; readonly problem: FetchProblem };

async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  return (await fetchShipped(url, signal)).json();
}

/** SCoT perimeter files: the catalog's `territories` entries with a GeoJSON source. */
function useScotUrls(): string {
  return useTwinStore((s) =>
    s.catalog.status === 'loaded'
      ? s.catalog.catalog.layers
          .filter((l) => l.kind === 'territories' && l.source.type === 'geojson')
          .map((l) => l.source.url)
          .join('\n')
      : '',
  );
}

/** Fetches the territory index and the configured SCoT perimeters; says in words what failed. */
export function useHierarchy(): HierarchyState {
  const [state, setState] = useState<HierarchyState>({ status: 'loading' });
  const scotUrls = useScotUrls();
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    (async () => {
      const index = await fetchJson(HIERARCHY_INDEX_URL, signal);
      const hierarchy = readHierarchy(index);
      const scot: ScotInput[] = [];
      let scotProblem: string | null = null;
      for (const url of scotUrls.split('\n').filter(Boolean)) {
        try {
          scot.push(...readScotPerimeters(await fetchJson(url, signal), url));
        } catch (e) {
          scotProblem = (e as Error).message;
        }
      }
      return { hierarchy: scot.length > 0 ? readHierarchy(index, scot) : hierarchy, scotProblem };
    })()
      .then(({ hierarchy, scotProblem }) => setState({ status: 'ready', hierarchy, scotProblem }))
      .catch((e: unknown) => {
        if (signal.aborted) return;
        console.warn('territory hierarchy:', e);
        setState({ status: 'failed', problem: fetchProblemOf(e) });
      });
    return () => controller.abort();
  }, [scotUrls]);
  return state;
}
