/**
 * WFS GetFeature by view extent with paging, against a loopback server that filters the real
 * 3,782 communes by BBOX and pages them by COUNT / STARTINDEX (ogc-test-server.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWfsFeaturesInBbox, OgcError, wfsGetFeatureUrl } from '../../src/ogc';
import { COMMUNES_TYPE, type OgcTestServer, startOgcTestServer } from './ogc-test-server';

let server: OgcTestServer;
let endpoint: string;
beforeAll(async () => {
  server = await startOgcTestServer();
  endpoint = `${server.baseUrl}/geoserver/hdf/wfs`;
});
afterAll(async () => {
  await server.close();
});

/** Around Villeneuve-d'Ascq and Lille. */
const LILLE: readonly [number, number, number, number] = [2.95, 50.55, 3.25, 50.7];

describe('loadWfsFeaturesInBbox', () => {
  it('loads every commune in view, page by page, never the whole layer', async () => {
    server.requests.length = 0;
    const result = await loadWfsFeaturesInBbox({
      url: endpoint,
      typeName: COMMUNES_TYPE,
      bbox: LILLE,
      pageSize: 10,
    });
    const matched = result.numberMatched ?? 0;
    expect(matched).toBeGreaterThan(30);
    expect(matched).toBeLessThan(200);
    expect(result.features).toHaveLength(matched);
    expect(result.truncated).toBe(false);
    const codes = result.features.map((f) => f.properties?.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('59009'); // Villeneuve-d'Ascq
    expect(codes).toContain('59350'); // Lille
    expect(codes).not.toContain('80021'); // Amiens: out of view
    // Ceil(matched / 10) requests, each with the view and a page size, start indexes in step.
    expect(server.requests).toHaveLength(Math.ceil(matched / 10));
    server.requests.forEach((r, i) => {
      expect(r.searchParams.get('REQUEST')).toBe('GetFeature');
      expect(r.searchParams.get('COUNT')).toBe('10');
      expect(r.searchParams.get('STARTINDEX')).toBe(String(i * 10));
      expect(r.searchParams.get('BBOX')).toBe('50.55,2.95,50.7,3.25,urn:ogc:def:crs:EPSG::4326');
    });
  });

  it('stops at maxFeatures and says the result is truncated', async () => {
    server.requests.length = 0;
    const result = await loadWfsFeaturesInBbox({
      url: endpoint,
      typeName: COMMUNES_TYPE,
      bbox: LILLE,
      pageSize: 8,
      maxFeatures: 20,
    });
    expect(result.features).toHaveLength(20);
    expect(result.truncated).toBe(true);
    // 8 + 8 + 4: the last page asks only for what is left.
    expect(server.requests.map((r) => r.searchParams.get('COUNT'))).toEqual(['8', '8', '4']);
  });

  it('an empty view costs one request and returns nothing', async () => {
    server.requests.length = 0;
    const result = await loadWfsFeaturesInBbox({
      url: endpoint,
      typeName: COMMUNES_TYPE,
      bbox: [-5, 45, -4.9, 45.1],
    });
    expect(result.features).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('a service exception, an HTTP error and a non-GeoJSON answer are errors in words', async () => {
    await expect(loadWfsFeaturesInBbox({ url: endpoint, typeName: 'hdf:nope', bbox: LILLE })).rejects.toThrow(
      /WFS GetFeature http:\/\/127\.0\.0\.1:\d+\/geoserver\/hdf\/wfs\?.*HTTP 400/,
    );
    const err = await loadWfsFeaturesInBbox({
      url: `${server.baseUrl}/exception`,
      typeName: 'x',
      bbox: LILLE,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OgcError);
    expect((err as OgcError).message).toMatch(
      /the service answered with an exception \(InvalidParameterValue: Unknown layer\)/,
    );
    await expect(
      loadWfsFeaturesInBbox({ url: `${server.baseUrl}/html`, typeName: 'x', bbox: LILLE }),
    ).rejects.toThrow(/WFS GetFeature .*answered XML, not GeoJSON|not valid XML/);
  });

  it('can be aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      loadWfsFeaturesInBbox(
        { url: endpoint, typeName: COMMUNES_TYPE, bbox: LILLE },
        { signal: controller.signal },
      ),
    ).rejects.toThrow(/abort/i);
  });
});

describe('wfsGetFeatureUrl', () => {
  it('keeps the endpoint’s parameters, replaces ours whatever their case', () => {
    const url = new URL(
      wfsGetFeatureUrl(
        {
          url: 'https://qgis.example/ows?MAP=/x.qgz&request=GetCapabilities',
          typeName: 'a:b',
          bbox: [1, 2, 3, 4],
        },
        40,
        20,
      ),
    );
    expect(url.searchParams.get('MAP')).toBe('/x.qgz');
    expect(url.searchParams.getAll('REQUEST')).toEqual(['GetFeature']);
    expect(url.searchParams.has('request')).toBe(false);
    expect(url.searchParams.get('BBOX')).toBe('2,1,4,3,urn:ogc:def:crs:EPSG::4326');
    expect(url.searchParams.get('STARTINDEX')).toBe('40');
    expect(url.searchParams.get('COUNT')).toBe('20');
  });
});
