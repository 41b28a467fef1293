import { useEffect, useState } from 'react';
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
  | { readonly status: 'failed'; readonly detail: string };

async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  const r = await fetch(url, { signal });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
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
      const scot: ScotInput[] = [];
      let scotProblem: string | null = null;
      for (const url of scotUrls.split('\n').filter(Boolean)) {
        try {
          scot.push(...readScotPerimeters(await fetchJson(url, signal), url));
        } catch (e) {
          scotProblem = (e as Error).message;
        }
      }
      return { hierarchy: readHierarchy(index, scot), scotProblem };
    })()
      .then(({ hierarchy, scotProblem }) => setState({ status: 'ready', hierarchy, scotProblem }))
      .catch((e: unknown) => {
        if (!signal.aborted) setState({ status: 'failed', detail: (e as Error).message });
      });
    return () => controller.abort();
  }, [scotUrls]);
  return state;
}
