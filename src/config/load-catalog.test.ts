import { describe, expect, it } from 'vitest';
import { catalogUrlFromQuery, DEFAULT_CATALOG_URL, loadCatalog } from './load-catalog';

const PAGE = 'http://127.0.0.1:4173/?catalog=x';

/** A fetch answering `body` with `status` and `type`, recording the URL asked. */
function fakeFetch(status: number, body: string, type = 'application/json') {
  const asked: string[] = [];
  const f = (async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return new Response(status === 204 ? null : body, { status, headers: { 'content-type': type } });
  }) as typeof fetch;
  return { f, asked };
}

describe('catalogUrlFromQuery', () => {
  it('reads ?catalog= or falls back to /twin/catalog.json', () => {
    expect(catalogUrlFromQuery('?catalog=/twin/bad.json')).toBe('/twin/bad.json');
    expect(catalogUrlFromQuery('?catalog=')).toBe(DEFAULT_CATALOG_URL);
    expect(catalogUrlFromQuery('')).toBe('/twin/catalog.json');
  });
});

describe('loadCatalog', () => {
  it('loads, resolving against the catalog URL', async () => {
    const body = JSON.stringify({
      version: 1,
      layers: [{ id: 'a', kind: '3dtiles', title: 'A', source: { url: '3d/tileset.json' } }],
    });
    const { f, asked } = fakeFetch(200, body);
    const r = await loadCatalog('/data/cat.json', PAGE, { fetch: f });
    expect(asked).toEqual(['http://127.0.0.1:4173/data/cat.json']);
    expect(r.status).toBe('loaded');
    if (r.status === 'loaded') {
      expect(r.catalog.layers[0]?.source.url).toBe('http://127.0.0.1:4173/data/3d/tileset.json');
    }
  });

  it('a 404 or an HTML fallback page means missing', async () => {
    expect(await loadCatalog('/twin/catalog.json', PAGE, { fetch: fakeFetch(404, '').f })).toEqual({
      status: 'missing',
      url: '/twin/catalog.json',
      reason: 'notFound',
      httpStatus: 404,
    });
    const html = await loadCatalog('/twin/catalog.json', PAGE, {
      fetch: fakeFetch(200, '<!doctype html>', 'text/html').f,
    });
    expect(html).toMatchObject({ status: 'missing', reason: 'notFound' });
  });

  it('a network error, a server error, and a refused URL are missing with a reason', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await loadCatalog('/c.json', PAGE, { fetch: down })).toMatchObject({
      status: 'missing',
      reason: 'network',
      detail: 'Failed to fetch',
    });
    expect(await loadCatalog('/c.json', PAGE, { fetch: fakeFetch(500, '').f })).toMatchObject({
      reason: 'http',
      httpStatus: 500,
    });
    expect(await loadCatalog('javascript:alert(1)', PAGE, { fetch: fakeFetch(200, '{}').f })).toMatchObject({
      reason: 'badUrl',
    });
  });

  it('a file that is not JSON is invalid, with the parser’s words', async () => {
    const r = await loadCatalog('/c.json', PAGE, { fetch: fakeFetch(200, '{ nope').f });
    expect(r.status).toBe('invalid');
    if (r.status === 'invalid') expect(r.issues[0]?.problem.code).toBe('invalidJson');
  });
});
