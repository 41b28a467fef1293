/**
 * The polygons that outline a territory for the lens, from the per-département shapes files:
 * a commune's own polygons; an EPCI's; for a département or a SCoT, the EPCI lying wholly inside
 * it plus the communes of the others (a few dozen polygons instead of hundreds, so the clipping
 * stays cheap). The région is not clipped (null). Fetching is injected, so tests pass files.
 */
import type { Hierarchy, TerritoryRef } from './hierarchy';
import { decodePolygons, type LonLatPolygon, readTerritoryShapes, type TerritoryShapesFile } from './shapes';

/** Reads the shapes file of a département. */
export type ShapesLoader = (dep: string) => Promise<TerritoryShapesFile>;

/** Polygons outlining `t` (null for the région). */
export async function lensPolygonsOf(
  h: Hierarchy,
  t: TerritoryRef,
  load: ShapesLoader,
): Promise<LonLatPolygon[] | null> {
  if (t.kind === 'region') return null;
  const files = new Map<string, TerritoryShapesFile>();
  const file = async (dep: string) => {
    let f = files.get(dep);
    if (!f) {
      f = await load(dep);
      files.set(dep, f);
    }
    return f;
  };
  const communePolygons = async (code: string) => {
    const c = h.communes.get(code);
    const enc = c ? (await file(c.dep)).communes[code] : undefined;
    return enc ? decodePolygons(enc) : [];
  };
  const epciPolygons = async (code: string) => {
    const e = h.epci.find((x) => x.code === code);
    for (const dep of e?.deps ?? []) {
      const enc = (await file(dep)).epci[code];
      if (enc) return decodePolygons(enc);
    }
    return null;
  };
  if (t.kind === 'commune') return communePolygons(t.code);
  if (t.kind === 'epci') {
    const own = await epciPolygons(t.code);
    if (own) return own;
  }
  const group =
    t.kind === 'epci'
      ? h.epci.find((e) => e.code === t.code)
      : (t.kind === 'dep' ? h.deps : h.scot).find((g) => g.code === t.code);
  const members = new Set(group?.members ?? []);
  const out: LonLatPolygon[] = [];
  const covered = new Set<string>();
  if (t.kind !== 'epci') {
    for (const e of h.epci) {
      if (e.members.length === 0 || !e.members.every((m) => members.has(m))) continue;
      const p = await epciPolygons(e.code);
      if (!p) continue;
      out.push(...p);
      for (const m of e.members) covered.add(m);
    }
  }
  for (const m of members) if (!covered.has(m)) out.push(...(await communePolygons(m)));
  return out;
}

/** The browser loader: `/generated/territory-shapes/<dep>.json`. */
export function fetchShapesLoader(signal: AbortSignal, urlOf: (dep: string) => string): ShapesLoader {
  return async (dep) => {
    const url = urlOf(dep);
    const r = await fetch(url, { signal });
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return readTerritoryShapes(await r.json(), url);
  };
}
