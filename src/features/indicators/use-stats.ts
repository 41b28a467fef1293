import { useEffect, useState } from 'react';
import { useTwinStore } from '../../stores';
import { readStatsFile, type StatsFile } from './figures';
import { DEFAULT_SRADDET_TARGETS, readSraddetTargets, type SraddetTarget } from './sraddet';

/** The stats file as the panel sees it. */
export type StatsState =
  | { readonly status: 'none' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly stats: StatsFile }
  | { readonly status: 'failed'; readonly detail: string };

/** Fetches the catalog's `indicators.stats` file once per catalog. */
export function useStats(): StatsState {
  const url = useTwinStore((s) =>
    s.catalog.status === 'loaded' ? s.catalog.catalog.indicators?.stats : undefined,
  );
  const [state, setState] = useState<StatsState>({ status: 'none' });
  useEffect(() => {
    if (!url) {
      setState({ status: 'none' });
      return;
    }
    setState({ status: 'loading' });
    const controller = new AbortController();
    fetch(url, { signal: controller.signal })
      .then(async (r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return readStatsFile(await r.json(), url);
      })
      .then((stats) => setState({ status: 'ready', stats }))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', detail: (e as Error).message });
      });
    return () => controller.abort();
  }, [url]);
  return state;
}

/** The catalog's SRADDET targets (the region's default example when it gives none). */
export function useSraddetTargets(): { targets: readonly SraddetTarget[]; problem: string | null } {
  const raw = useTwinStore((s) =>
    s.catalog.status === 'loaded' ? s.catalog.catalog.indicators?.sraddet : undefined,
  );
  if (raw === undefined) return { targets: DEFAULT_SRADDET_TARGETS, problem: null };
  try {
    return { targets: readSraddetTargets(raw), problem: null };
  } catch (e) {
    return { targets: DEFAULT_SRADDET_TARGETS, problem: (e as Error).message };
  }
}
