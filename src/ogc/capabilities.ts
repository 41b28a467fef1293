/**
 * GetCapabilities over HTTP: builds the request, reads the answer, says in words what failed.
 */
import { OgcError } from './errors';
import { parseWfsCapabilities, type WfsCapabilities } from './wfs';
import { parseWmtsCapabilities, type WmtsCapabilities } from './wmts';

/** The GetCapabilities URL of `service` at `endpoint` (existing parameters kept). */
export function capabilitiesUrl(endpoint: string, service: 'WMTS' | 'WFS' | 'WMS'): string {
  const u = new URL(endpoint);
  for (const key of [...u.searchParams.keys()]) {
    if (['SERVICE', 'REQUEST', 'VERSION', 'ACCEPTVERSIONS'].includes(key.toUpperCase()))
      u.searchParams.delete(key);
  }
  u.searchParams.set('SERVICE', service);
  u.searchParams.set('REQUEST', 'GetCapabilities');
  if (service === 'WFS') u.searchParams.set('ACCEPTVERSIONS', '2.0.0');
  if (service === 'WMTS') u.searchParams.set('VERSION', '1.0.0');
  return u.href;
}

async function fetchText(url: string, what: string, init: { fetch?: typeof fetch; signal?: AbortSignal }) {
  let response: Response;
  try {
    response = await (init.fetch ?? fetch)(url, init.signal ? { signal: init.signal } : {});
  } catch (e) {
    if (init.signal?.aborted) throw e;
    throw new OgcError('network', `${what} ${url} cannot be reached (${(e as Error).message})`);
  }
  const body = await response.text();
  if (!response.ok) throw new OgcError('http', `${what} ${url}: HTTP ${response.status}`);
  return body;
}

/** Options of the capabilities fetchers. */
export interface FetchOptions {
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

/** Fetches and reads the WMTS capabilities of `endpoint`. */
export async function fetchWmtsCapabilities(
  endpoint: string,
  options: FetchOptions = {},
): Promise<WmtsCapabilities> {
  const url = capabilitiesUrl(endpoint, 'WMTS');
  return parseWmtsCapabilities(await fetchText(url, 'WMTS capabilities', options), url);
}

/** Fetches and reads the WFS 2.0 capabilities of `endpoint`. */
export async function fetchWfsCapabilities(
  endpoint: string,
  options: FetchOptions = {},
): Promise<WfsCapabilities> {
  const url = capabilitiesUrl(endpoint, 'WFS');
  return parseWfsCapabilities(await fetchText(url, 'WFS capabilities', options), url);
}
