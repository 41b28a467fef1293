/**
 * The polygons that outline a territory for the lens, from the territories TopoJSON the build
 * ships: a commune's, an EPCI's, a département's or the région's own polygons (merged from the
 * communes' shared arcs when the file was made, so a département is a handful of rings, cheap
 * to clip); a SCoT's, merged here from its member communes. Loading is injected, so tests pass
 * the file itself.
 */
import { FetchProblemError, fetchShipped } from '../../config/fetch-problem';
import type { Hierarchy, TerritoryRef } from './hierarchy';
import {
  type LonLatPolygon,
  polygonsOfCode,
  polygonsOfCommunes,
  readTerritoryShapes,
  shapesText,
  TERRITORY_SHAPES_URL,
  type TerritoryShapes,
} from './shapes';

/** Reads the boundaries (once; the loader may cache). */
export type ShapesLoader = () => Promise<TerritoryShapes>;

/** Polygons outlining `t`: empty when the file has none for it. */
export async function lensPolygonsOf(
  h: Hierarchy,
  t: TerritoryRef,
  load: ShapesLoader,
): Promise<LonLatPolygon[]> {
  const s = await load();
  switch (t.kind) {
    case 'region':
      return polygonsOfCode(s, 'region', t.code);
    case 'dep':
      return polygonsOfCode(s, 'departements', t.code);
    case 'epci':
      return polygonsOfCode(s, 'epci', t.code);
    case 'commune':
      return polygonsOfCode(s, 'communes', t.code);
    default:
      return polygonsOfCommunes(s, h.scot.find((g) => g.code === t.code)?.members ?? []);
  }
}

let shared: Promise<TerritoryShapes> | null = null;

/**
 * The browser loader: fetches and unzips `/generated/hdf-territories.topo.json.gz` once per
 * page (a failed load is retried at the next choice).
 * @throws FetchProblemError (missing, unreachable, invalid)
 */
export function fetchShapesLoader(url = TERRITORY_SHAPES_URL): ShapesLoader {
  return () => {
    shared ??= (async () => {
      const r = await fetchShipped(url);
      try {
        return readTerritoryShapes(JSON.parse(await shapesText(await r.arrayBuffer())));
      } catch (e) {
        throw new FetchProblemError('invalid', `${url}: ${(e as Error).message}`);
      }
    })();
    shared.catch(() => {
      shared = null;
    });
    return shared;
  };
}
