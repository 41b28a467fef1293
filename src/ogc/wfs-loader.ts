/**
 * WFS 2.0 GetFeature in GeoJSON for one view extent, page by page (`count` / `startIndex`):
 * never the whole layer. Pure apart from the injected `fetch` (docs/ogc.md).
 */
import type { Bbox } from '../../format/grid';
import { OgcError } from './errors';
import { parseXml } from './xml';

/** A GeoJSON feature as the loader passes it on (geometry and properties untouched). */
export interface GeoJsonFeature {
  readonly type: 'Feature';
  readonly id?: string | number;
  readonly geometry: unknown;
  readonly properties: Record<string, unknown> | null;
}

/** Options of {@link wfsGetFeatureUrl} and {@link loadWfsFeaturesInBbox}. */
export interface WfsQuery {
  /** GetFeature endpoint (KVP). */
  readonly url: string;
  /** Qualified type name, e.g. `spld:communes`. */
  readonly typeName: string;
  /** The view, `[west, south, east, north]` degrees. */
  readonly bbox: Bbox;
  /** Features per request (default {@link WFS_LOADER_DEFAULTS}.pageSize). */
  readonly pageSize?: number;
  /** Most features loaded for one view (default {@link WFS_LOADER_DEFAULTS}.maxFeatures). */
  readonly maxFeatures?: number;
  /** GeoJSON MIME type the server names (default `application/json`). */
  readonly outputFormat?: string;
}

/** Defaults of {@link WfsQuery}. */
export const WFS_LOADER_DEFAULTS = {
  pageSize: 500,
  maxFeatures: 5000,
  outputFormat: 'application/json',
} as const;

/**
 * The GetFeature URL for one page. The bbox is sent as `urn:ogc:def:crs:EPSG::4326`, whose axis
 * order is latitude, longitude (WFS 2.0); the output is asked in `EPSG:4326`, which GeoServer and
 * the Géoplateforme write as longitude, latitude in GeoJSON.
 */
export function wfsGetFeatureUrl(q: WfsQuery, startIndex: number, count: number): string {
  const u = new URL(q.url);
  const [w, s, e, n] = q.bbox;
  const params: Record<string, string> = {
    SERVICE: 'WFS',
    VERSION: '2.0.0',
    REQUEST: 'GetFeature',
    TYPENAMES: q.typeName,
    OUTPUTFORMAT: q.outputFormat ?? WFS_LOADER_DEFAULTS.outputFormat,
    SRSNAME: 'EPSG:4326',
    BBOX: `${s},${w},${n},${e},urn:ogc:def:crs:EPSG::4326`,
    COUNT: String(count),
    STARTINDEX: String(startIndex),
  };
  // Keep the endpoint's own parameters (e.g. a workspace's `map=`), replace ours case-insensitively.
  for (const key of [...u.searchParams.keys()]) {
    if (key.toUpperCase() in params) u.searchParams.delete(key);
  }
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.href;
}

/** One page as the loader saw it. */
export interface WfsPage {
  readonly url: string;
  readonly features: readonly GeoJsonFeature[];
  /** `numberMatched` when the server says (GeoServer: `totalFeatures` too). */
  readonly numberMatched?: number;
}

/** What {@link loadWfsFeaturesInBbox} returns. */
export interface WfsLoadResult {
  readonly features: readonly GeoJsonFeature[];
  readonly pages: readonly WfsPage[];
  /** True when `maxFeatures` stopped the loading before the last page. */
  readonly truncated: boolean;
  readonly numberMatched?: number;
}

function parsePage(json: unknown, url: string): Omit<WfsPage, 'url'> {
  if (
    typeof json !== 'object' ||
    json === null ||
    (json as { type?: unknown }).type !== 'FeatureCollection'
  ) {
    throw new OgcError('invalidGeoJson', `WFS GetFeature ${url}: expected a GeoJSON FeatureCollection`);
  }
  const fc = json as { features?: unknown; numberMatched?: unknown; totalFeatures?: unknown };
  if (!Array.isArray(fc.features)) {
    throw new OgcError('invalidGeoJson', `WFS GetFeature ${url}: "features" is not a list`);
  }
  const matched = typeof fc.numberMatched === 'number' ? fc.numberMatched : fc.totalFeatures;
  return {
    features: fc.features as GeoJsonFeature[],
    ...(typeof matched === 'number' ? { numberMatched: matched } : {}),
  };
}

/**
 * Loads the features of `q.typeName` inside `q.bbox`, `pageSize` at a time, until a page comes
 * back short, `numberMatched` is reached, or `maxFeatures` would be passed (then `truncated`).
 *
 * @param fetchFn - `fetch`, or any function with its signature (tests pass the real one)
 * @throws OgcError on an HTTP error, an exception report, or a body that is not GeoJSON
 */
export async function loadWfsFeaturesInBbox(
  q: WfsQuery,
  options: { readonly fetch?: typeof fetch; readonly signal?: AbortSignal } = {},
): Promise<WfsLoadResult> {
  const fetchFn = options.fetch ?? fetch;
  const pageSize = q.pageSize ?? WFS_LOADER_DEFAULTS.pageSize;
  const maxFeatures = q.maxFeatures ?? WFS_LOADER_DEFAULTS.maxFeatures;
  const features: GeoJsonFeature[] = [];
  const pages: WfsPage[] = [];
  let numberMatched: number | undefined;
  for (;;) {
    const count = Math.min(pageSize, maxFeatures - features.length);
    if (count <= 0) break;
    const url = wfsGetFeatureUrl(q, features.length, count);
    let response: Response;
    try {
      response = await fetchFn(url, options.signal ? { signal: options.signal } : {});
    } catch (e) {
      if (options.signal?.aborted) throw e;
      throw new OgcError('network', `WFS GetFeature ${url} cannot be reached (${(e as Error).message})`);
    }
    const body = await response.text();
    if (!response.ok) {
      throw new OgcError(
        'http',
        `WFS GetFeature ${url}: HTTP ${response.status}${body ? ` — ${body.slice(0, 200)}` : ''}`,
      );
    }
    if (body.trimStart().startsWith('<')) {
      // An XML answer to a GeoJSON request is an exception report (or a wrong format).
      parseXml(body, 'WFS GetFeature', url);
      throw new OgcError('invalidGeoJson', `WFS GetFeature ${url}: the service answered XML, not GeoJSON`);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      throw new OgcError('invalidGeoJson', `WFS GetFeature ${url}: not JSON (${(e as Error).message})`);
    }
    const page = parsePage(json, url);
    pages.push({ url, ...page });
    features.push(...page.features);
    numberMatched ??= page.numberMatched;
    if (page.features.length < count) break;
    if (numberMatched !== undefined && features.length >= numberMatched) break;
  }
  const truncated =
    features.length >= maxFeatures && (numberMatched === undefined || numberMatched > features.length);
  return { features, pages, truncated, ...(numberMatched !== undefined ? { numberMatched } : {}) };
}
