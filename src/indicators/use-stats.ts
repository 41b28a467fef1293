/**
 * Loading the indicators file (the catalog's `indicators.stats`, format/stats.ts) once per URL for
 * every panel that shows figures (indicators, compare, council, scenario, export), and the
 * catalog's SRADDET targets. The React side of src/indicators/.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTwinStore } from '../stores';
import { readStatsFile, type StatsFile } from './figures';
import { DEFAULT_SRADDET_TARGETS, readSraddetTargets, type SraddetTarget } from './sraddet';

/** The stats file as the panel sees it. */
export type StatsState =
  | { readonly status: 'none' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly stats: StatsFile }
  | { readonly status: 'failed'; readonly detail: string };

/** One read per file for every panel that shows figures (side panel, compare, council, export). */
const reads = new Map<string, Promise<StatsFile>>();
function readStats(url: string): Promise<StatsFile> {
  let p = reads.get(url);
  if (!p) {
    p = fetch(url).then(async (r) => {
      // In words, not the raw address: the file's name and the server's answer.
      const name = url.split('/').pop() || 'stats.json';
      if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
      return readStatsFile(await r.json(), name);
    });
    // A failed read is tried again by the next panel that asks (the server may be back).
    p.catch(() => reads.delete(url));
    reads.set(url, p);
  }
  return p;
}

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
    let live = true;
    readStats(url)
      .then((stats) => {
        if (live) setState({ status: 'ready', stats });
      })
      .catch((e: unknown) => {
        if (live) setState({ status: 'failed', detail: (e as Error).message });
      });
    return () => {
      live = false;
    };
  }, [url]);
  return state;
}

/** The catalog's SRADDET targets (the region's default example when it gives none). */
export function useSraddetTargets(): { targets: readonly SraddetTarget[]; problem: string | null } {
  const raw = useTwinStore((s) =>
    s.catalog.status === 'loaded' ? s.catalog.catalog.indicators?.sraddet : undefined,
  );
  return useMemo(() => {
    if (raw === undefined) return { targets: DEFAULT_SRADDET_TARGETS, problem: null };
    try {
      return { targets: readSraddetTargets(raw), problem: null };
    } catch (e) {
      return { targets: DEFAULT_SRADDET_TARGETS, problem: (e as Error).message };
    }
  }, [raw]);
}
