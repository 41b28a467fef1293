/**
 * A real HTTP server on loopback for the OGC client tests: it answers GetCapabilities with the
 * real documents of ../shared/data/ogc-fixtures, and WFS 2.0 GetFeature (GeoJSON) over the real
 * 3,782 Hauts-de-France communes, filtered by BBOX and paged by COUNT / STARTINDEX like
 * GeoServer. A GetFeature without BBOX or COUNT is refused: a client must never ask for a whole
 * layer. Every request is logged for the tests to inspect.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

export const SHARED_DATA = resolve('../shared/data');
export const FIXTURES = resolve(SHARED_DATA, 'ogc-fixtures');
export const WMTS_GEOPF = resolve(FIXTURES, 'geopf-capabilities/data.geopf.fr_wmts_GetCapabilities.xml');
export const WFS_GEOPF = resolve(FIXTURES, 'geopf-capabilities/data.geopf.fr_wfs_GetCapabilities.xml');
export const WFS_GEO2FRANCE = resolve(FIXTURES, 'ogc-client/wfs/capabilities-geo2france-2-0-0.xml');
export const WMTS_IGN_LEGACY = resolve(FIXTURES, 'ogc-client/wmts/ign.xml');
export const COMMUNES_GEOJSON = resolve(
  SHARED_DATA,
  'admin-epci-derived/communes-hauts-de-france-cog-current.geojson',
);

/** The type name the server publishes the communes under. */
export const COMMUNES_TYPE = 'hdf:communes';

interface Feature {
  type: 'Feature';
  properties: { code: string; nom: string };
  geometry: { type: string; coordinates: unknown };
  bbox: [number, number, number, number];
}

function coordsBbox(coords: unknown, b: [number, number, number, number]) {
  if (Array.isArray(coords) && typeof coords[0] === 'number') {
    const [x, y] = coords as [number, number];
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  } else if (Array.isArray(coords)) for (const c of coords) coordsBbox(c, b);
}

function loadCommunes(): Feature[] {
  const fc = JSON.parse(readFileSync(COMMUNES_GEOJSON, 'utf8')) as { features: Omit<Feature, 'bbox'>[] };
  return fc.features
    .map((f) => {
      const b: [number, number, number, number] = [180, 90, -180, -90];
      coordsBbox(f.geometry.coordinates, b);
      return { ...f, bbox: b };
    })
    .sort((a, b) => a.properties.code.localeCompare(b.properties.code));
}

const exceptionReport = (code: string, text: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0"><ows:Exception exceptionCode="${code}"><ows:ExceptionText>${text}</ows:ExceptionText></ows:Exception></ows:ExceptionReport>`;

/** A running server: its base URL, the request log, and `close()`. */
export interface OgcTestServer {
  readonly baseUrl: string;
  readonly requests: URL[];
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1, on a free port. */
export async function startOgcTestServer(): Promise<OgcTestServer> {
  const docs: Record<string, string> = {
    '/wmts': readFileSync(WMTS_GEOPF, 'utf8'),
    '/legacy/wmts': readFileSync(WMTS_IGN_LEGACY, 'utf8'),
    '/geopf/wfs': readFileSync(WFS_GEOPF, 'utf8'),
    '/geoserver/cr_hdf/wfs': readFileSync(WFS_GEO2FRANCE, 'utf8'),
  };
  let communes: Feature[] | undefined;
  const requests: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const p = (name: string) => {
      for (const [k, v] of url.searchParams) if (k.toUpperCase() === name) return v;
      return null;
    };
    const send = (status: number, type: string, body: string) => {
      // Browsers call it from the viewer's origin (test/browser/layers.spec.ts).
      res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*' });
      res.end(body);
    };
    if (url.pathname === '/broken') return send(500, 'text/plain', 'Internal error');
    if (url.pathname === '/html') return send(200, 'text/html', '<html><body><p>Maintenance</p></body>');
    if (url.pathname === '/exception') {
      return send(200, 'application/xml', exceptionReport('InvalidParameterValue', 'Unknown layer'));
    }
    const request = p('REQUEST');
    if (request === 'GetCapabilities') {
      const doc = docs[url.pathname];
      return doc ? send(200, 'application/xml', doc) : send(404, 'text/plain', 'Not found');
    }
    if (request === 'GetFeature' && url.pathname === '/geoserver/hdf/wfs') {
      if (p('TYPENAMES') !== COMMUNES_TYPE) {
        return send(400, 'application/xml', exceptionReport('InvalidParameterValue', 'Unknown type'));
      }
      const bbox = p('BBOX');
      const count = Number(p('COUNT'));
      const start = Number(p('STARTINDEX') ?? 0);
      if (!bbox || !Number.isInteger(count) || count <= 0) {
        return send(
          400,
          'application/xml',
          exceptionReport('MissingParameterValue', 'BBOX and COUNT are required'),
        );
      }
      const parts = bbox.split(',');
      const nums = parts.slice(0, 4).map(Number);
      // urn:ogc:def:crs:EPSG::4326 is latitude, longitude; anything else is refused here.
      if (parts[4] !== 'urn:ogc:def:crs:EPSG::4326' || nums.some((n) => !Number.isFinite(n))) {
        return send(400, 'application/xml', exceptionReport('InvalidParameterValue', `BBOX ${bbox}`));
      }
      const [s, w, n, e] = nums as [number, number, number, number];
      communes ??= loadCommunes();
      const matched = communes.filter(
        (f) => f.bbox[0] <= e && f.bbox[2] >= w && f.bbox[1] <= n && f.bbox[3] >= s,
      );
      const page = matched
        .slice(start, start + count)
        .map(({ bbox: _b, ...f }) => ({ ...f, id: f.properties.code }));
      return send(
        200,
        'application/json',
        JSON.stringify({
          type: 'FeatureCollection',
          features: page,
          numberMatched: matched.length,
          numberReturned: page.length,
        }),
      );
    }
    send(404, 'text/plain', 'Not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((ok, ko) => server.close((e) => (e ? ko(e) : ok()))),
  };
}
