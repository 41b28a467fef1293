/**
 * Finding and reading the catalog at start-up: the I/O edge in front of {@link parseCatalog}.
 */
import { type Catalog, type CatalogIssue, isFetchableUrl, parseCatalog } from '../../format/catalog';

/** Where the catalog is looked for when the page has no `?catalog=` parameter. */
export const DEFAULT_CATALOG_URL = '/twin/catalog.json';

/** The outcome of {@link loadCatalog}; `url` is the catalog location as the user gave it. */
export type CatalogLoadResult =
  | {
      readonly status: 'loaded';
      readonly url: string;
      readonly catalog: Catalog;
      /** Problems with some entries; the catalog holds the valid ones. */
      readonly issues: readonly CatalogIssue[];
    }
  | { readonly status: 'invalid'; readonly url: string; readonly issues: readonly CatalogIssue[] }
  | {
      readonly status: 'missing';
      readonly url: string;
      /** notFound: 404 or equivalent; http: another error status; network: no answer; badUrl: refused. */
      readonly reason: 'notFound' | 'http' | 'network' | 'badUrl';
      readonly httpStatus?: number;
      readonly detail?: string;
    };

/** The catalog location asked for by `?catalog=<url>` in `search`, else the default. */
export function catalogUrlFromQuery(search: string): string {
  const asked = new URLSearchParams(search).get('catalog');
  return asked && asked.trim() !== '' ? asked.trim() : DEFAULT_CATALOG_URL;
}

/** Options of {@link loadCatalog}. */
export interface LoadCatalogOptions {
  /** Defaults to the global `fetch`; tests pass their own. */
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

/**
 * Fetches and validates the catalog at `requested` (relative to `pageUrl`).
 * Never rejects for a missing or bad catalog (those are results); rejects only when aborted.
 */
export async function loadCatalog(
  requested: string,
  pageUrl: string,
  options: LoadCatalogOptions = {},
): Promise<CatalogLoadResult> {
  const url = requested;
  if (!isFetchableUrl(requested)) return { status: 'missing', url, reason: 'badUrl' };
  const absolute = new URL(requested, pageUrl).href;
  const doFetch = options.fetch ?? fetch;

  let response: Response;
  try {
    // Accept: JSON, so a single-page-app server answers 404 instead of its index.html.
    response = await doFetch(absolute, {
      headers: { Accept: 'application/json' },
      cache: 'no-cache',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    return { status: 'missing', url, reason: 'network', detail: e instanceof Error ? e.message : String(e) };
  }
  if (response.status === 404 || response.status === 410) {
    return { status: 'missing', url, reason: 'notFound', httpStatus: response.status };
  }
  if (!response.ok) return { status: 'missing', url, reason: 'http', httpStatus: response.status };
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    // An HTML page where JSON was asked for is a fallback page: the catalog is not there.
    return { status: 'missing', url, reason: 'notFound', httpStatus: response.status };
  }

  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch (e) {
    if (options.signal?.aborted) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    return { status: 'invalid', url, issues: [{ path: '', problem: { code: 'invalidJson', detail } }] };
  }
  const { catalog, issues } = parseCatalog(json, response.url || absolute);
  return catalog ? { status: 'loaded', url, catalog, issues } : { status: 'invalid', url, issues };
}
