/**
 * Loading a scenario (file picker, drop, or a URL served with the twin from the permalink) and
 * computing its ENAF impact from the latest OCS2D vintage's vector tiles. No Cesium here.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { useEffect } from 'react';
import type { LayerEntry, MvtLayerEntry } from '../../../format/catalog';
import type { TileAddress } from '../../../format/grid';
import { sameOriginUrl } from '../../config/same-origin';
import { impactFromTiles } from '../../scenario/enaf-impact';
import { parseScenario } from '../../scenario/scenario-file';
import { useTwinStore } from '../../stores';

/** Largest scenario file read, bytes. */
export const MAX_SCENARIO_BYTES = 5_000_000;

/** Parses `text` and shows it, or records its problems (nothing shown). True when shown. */
export function showScenarioText(text: string, name: string, url: string | null): boolean {
  const r = parseScenario(text, name);
  const s = useTwinStore.getState();
  if (r.ok) s.setScenario(r.scenario, url);
  else s.setScenarioProblems(name, r.problems);
  return r.ok;
}

/** Reads a file chosen or dropped. */
export async function showScenarioFile(file: File): Promise<void> {
  if (file.size > MAX_SCENARIO_BYTES) {
    useTwinStore
      .getState()
      .setScenarioProblems(file.name, [
        { feature: 0, field: 'JSON', code: 'too-large', detail: String(MAX_SCENARIO_BYTES / 1e6) },
      ]);
    return;
  }
  showScenarioText(await file.text(), file.name, null);
}

/** Loads `pendingScenarioUrl` (set by the permalink) once; reports an unreadable one. */
export function useScenarioUrlLoader(onProblem: (p: string | null) => void): void {
  const pending = useTwinStore((s) => s.pendingScenarioUrl);
  useEffect(() => {
    if (!pending) return;
    useTwinStore.getState().setPendingScenarioUrl(null);
    const url = sameOriginUrl(pending, window.location.href);
    if (!url) {
      onProblem(pending);
      return;
    }
    fetch(url)
      .then(async (r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url);
        if (showScenarioText(await r.text(), name, pending)) onProblem(null);
      })
      .catch((e: unknown) => onProblem(`${pending} — ${(e as Error).message}`));
  }, [pending, onProblem]);
}

/** The OCS2D vector tile layer of the latest vintage (undated ones last), or null. */
export function latestOcs2dLayer(layers: readonly LayerEntry[]): MvtLayerEntry | null {
  const mvt = layers.filter(
    (l): l is MvtLayerEntry => l.kind === 'ocs2d' && l.source.type === 'mvt' && l.source.layer === 'ocs2d',
  );
  mvt.sort((a, b) => (b.vintage ?? -1) - (a.vintage ?? -1));
  return mvt[0] ?? null;
}

async function fetchTile(template: string, t: TileAddress): Promise<VectorTile | null> {
  const url = template.replace('{z}', String(t.z)).replace('{x}', String(t.x)).replace('{y}', String(t.y));
  const r = await fetch(url);
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${url}`);
  return new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer())));
}

/** Computes the loaded scenario's ENAF impact whenever it or the catalog changes. */
export function useScenarioImpact(): void {
  const scenario = useTwinStore((s) => s.scenario);
  const layers = useTwinStore((s) => (s.catalog.status === 'loaded' ? s.catalog.catalog.layers : null));
  useEffect(() => {
    const set = useTwinStore.getState().setScenarioImpact;
    if (!scenario || !layers) return;
    const entry = latestOcs2dLayer(layers);
    if (!entry) {
      set({ status: 'none' });
      return;
    }
    let live = true;
    set({ status: 'computing' });
    const b = scenario.buildings;
    impactFromTiles(
      b.flatMap((x) => x.l93),
      b.flatMap((x) => x.wgs84),
      (t) => fetchTile(entry.source.url, t),
      entry.source.layer,
      entry.source.maxZoom,
    )
      .then((impact) => {
        if (live) set({ status: 'done', impact, vintage: entry.vintage ?? null, layerId: entry.id });
      })
      .catch((e: unknown) => {
        if (live) set({ status: 'failed', error: (e as Error).message });
      });
    return () => {
      live = false;
    };
  }, [scenario, layers]);
}
