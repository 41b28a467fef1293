/**
 * WMTS and WFS GetCapabilities read from the real documents of the Géoplateforme and of
 * Géo2France, fetched over HTTP from a loopback server (test/ogc/ogc-test-server.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  capabilitiesUrl,
  fetchWfsCapabilities,
  fetchWmtsCapabilities,
  geoJsonFormat,
  OgcError,
  parseWmtsCapabilities,
  wmtsCatalogSource,
} from '../../src/ogc';
import { type OgcTestServer, startOgcTestServer } from './ogc-test-server';

let server: OgcTestServer;
beforeAll(async () => {
  server = await startOgcTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('WMTS capabilities (data.geopf.fr, 543 layers, 42 matrix sets)', () => {
  it('lists every layer and matrix set, with formats, styles, extents and matrices', async () => {
    const caps = await fetchWmtsCapabilities(`${server.baseUrl}/wmts`);
    expect(caps.layers).toHaveLength(543);
    expect(caps.tileMatrixSets).toHaveLength(42);
    expect(caps.getTileUrl).toBe('https://data.geopf.fr/wmts');
    const ortho = caps.layers.find((l) => l.identifier === 'ORTHOIMAGERY.ORTHOPHOTOS');
    expect(ortho).toMatchObject({ title: 'Photographies aériennes', formats: ['image/jpeg'] });
    expect(ortho?.styles[0]).toMatchObject({ identifier: 'normal', isDefault: true });
    expect(ortho?.tileMatrixSetLinks.map((l) => l.tileMatrixSet)).toEqual(['PM_0_21']);
    const pm = caps.tileMatrixSets.find((s) => s.identifier === 'PM_0_21');
    expect(pm?.crs).toBe('EPSG:3857');
    expect(pm?.matrices).toHaveLength(22);
    expect(pm?.matrices[21]).toMatchObject({ identifier: '21', matrixWidth: 2 ** 21, tileWidth: 256 });
    const lamb = caps.tileMatrixSets.find((s) => s.identifier === 'LAMB93_5cm');
    expect(lamb?.crs).toMatch(/2154|LAMB93/);
    const ocs = caps.layers.find((l) => l.identifier === 'OCSGE.COUVERTURE');
    expect(ocs?.bbox?.[3]).toBeCloseTo(51.0991, 3);
    // The request the client sent is a WMTS GetCapabilities.
    const sent = server.requests.at(-1);
    expect(sent?.searchParams.get('SERVICE')).toBe('WMTS');
    expect(sent?.searchParams.get('REQUEST')).toBe('GetCapabilities');
  });

  it('gives the catalog source of a layer: Web Mercator set, zoom range from its limits', async () => {
    const caps = await fetchWmtsCapabilities(`${server.baseUrl}/wmts`);
    expect(wmtsCatalogSource(caps, 'ORTHOIMAGERY.ORTHOPHOTOS', server.baseUrl)).toEqual({
      type: 'wmts',
      url: 'https://data.geopf.fr/wmts',
      layer: 'ORTHOIMAGERY.ORTHOPHOTOS',
      tileMatrixSet: 'PM_0_21',
      format: 'image/jpeg',
      style: 'normal',
      minZoom: 0,
      maxZoom: 21,
      bounds: [-180, -85.0511287798066, 180, 85.0511287798066],
    });
    const ocs = wmtsCatalogSource(caps, 'OCSGE.COUVERTURE', server.baseUrl);
    expect(ocs).toMatchObject({ tileMatrixSet: 'PM_6_16', format: 'image/png', minZoom: 6, maxZoom: 16 });
    expect(ocs.tileMatrixLabels).toBeUndefined();
  });

  it('a layer only in Lambert-93 or geographic sets is refused, naming the sets offered', async () => {
    const caps = await fetchWmtsCapabilities(`${server.baseUrl}/wmts`);
    const onlyOther = caps.layers.find((l) =>
      l.tileMatrixSetLinks.every((link) => !link.tileMatrixSet.startsWith('PM')),
    );
    expect(onlyOther, 'the document has layers outside Web Mercator').toBeDefined();
    const id = onlyOther?.identifier ?? '';
    expect(() => wmtsCatalogSource(caps, id, 'https://data.geopf.fr/wmts')).toThrow(
      new RegExp(
        `WMTS layer "${id.replace(/\./g, '\\.')}" of https://data.geopf.fr/wmts has no Web Mercator tile matrix set \\(offered: `,
      ),
    );
  });

  it('an unknown layer is named, with close names', async () => {
    const caps = await fetchWmtsCapabilities(`${server.baseUrl}/wmts`);
    expect(() => wmtsCatalogSource(caps, 'ORTHOIMAGERY.ORTHOFOTOS', 'https://data.geopf.fr/wmts')).toThrow(
      /WMTS layer "ORTHOIMAGERY.ORTHOFOTOS" is not in the capabilities of https:\/\/data.geopf.fr\/wmts \(543 layers; close: ORTHOIMAGERY\.ORTHOPHOTOS, /,
    );
  });

  it('the legacy IGN document: matrix sets named EPSG:3857 and a prefixed one', async () => {
    const caps = await fetchWmtsCapabilities(`${server.baseUrl}/legacy/wmts`);
    expect(caps.layers.map((l) => l.identifier)).toEqual(['ORTHOIMAGERY.ORTHOPHOTOS']);
    expect(caps.tileMatrixSets.map((s) => s.identifier)).toEqual(['PM', 'Prefixed']);
    expect(wmtsCatalogSource(caps, 'ORTHOIMAGERY.ORTHOPHOTOS', 'x')).toMatchObject({
      tileMatrixSet: 'PM',
      minZoom: 0,
      maxZoom: 19,
    });
  });
});

describe('WFS 2.0 capabilities', () => {
  it('Géo2France GeoServer (cr_hdf): feature types, paging, GeoJSON, endpoint', async () => {
    const caps = await fetchWfsCapabilities(`${server.baseUrl}/geoserver/cr_hdf/wfs`);
    expect(caps.version).toBe('2.0.0');
    expect(caps.title).toBe('Service WFS de Géo2France');
    expect(caps.getFeatureUrl).toBe('https://www.geo2france.fr/geoserver/cr_hdf/wfs');
    expect(caps.paging).toBe(true);
    expect(caps.countDefault).toBe(1_000_000);
    expect(geoJsonFormat(caps)).toBe('application/json');
    expect(caps.featureTypes.map((t) => t.name)).toContain('cr_hdf:epci_2020');
    const epci = caps.featureTypes.find((t) => t.name === 'cr_hdf:epci_2020');
    expect(epci?.defaultCrs).toBe('urn:ogc:def:crs:EPSG::2154');
    const [w, s, e, n] = epci?.bbox ?? [];
    expect([w, s, e, n].every((v) => typeof v === 'number')).toBe(true);
    expect(w).toBeGreaterThan(1);
    expect(n).toBeLessThan(51.2);
    const sent = server.requests.at(-1);
    expect(sent?.searchParams.get('SERVICE')).toBe('WFS');
    expect(sent?.searchParams.get('ACCEPTVERSIONS')).toBe('2.0.0');
  });

  it('Géoplateforme: 436 feature types, the admin layers among them', async () => {
    const caps = await fetchWfsCapabilities(`${server.baseUrl}/geopf/wfs`);
    expect(caps.featureTypes).toHaveLength(436);
    const names = caps.featureTypes.map((t) => t.name);
    expect(names).toContain('ADMINEXPRESS-COG.LATEST:commune');
    expect(names).toContain('ADMINEXPRESS-COG.LATEST:epci');
    expect(names).toContain('BDTOPO_V3:batiment');
  });
});

describe('failures are said in words, naming the document and the URL', () => {
  it('HTTP error', async () => {
    const err = await fetchWmtsCapabilities(`${server.baseUrl}/broken`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OgcError);
    expect((err as OgcError).code).toBe('http');
    expect((err as OgcError).message).toMatch(
      /^WMTS capabilities http:\/\/127\.0\.0\.1:\d+\/broken\?.* HTTP 500$/,
    );
  });

  it('unreachable server', async () => {
    const err = await fetchWfsCapabilities('http://127.0.0.1:9/wfs').catch((e: unknown) => e);
    expect((err as OgcError).code).toBe('network');
    expect((err as OgcError).message).toMatch(
      /WFS capabilities http:\/\/127\.0\.0\.1:9\/wfs\?.*cannot be reached/,
    );
  });

  it('an exception report, an HTML page, a WFS document read as WMTS', async () => {
    await expect(fetchWmtsCapabilities(`${server.baseUrl}/exception`)).rejects.toThrow(
      /the service answered with an exception \(InvalidParameterValue: Unknown layer\)/,
    );
    await expect(fetchWmtsCapabilities(`${server.baseUrl}/html`)).rejects.toThrow(
      /is not valid XML: .*line 1/,
    );
    await expect(fetchWmtsCapabilities(`${server.baseUrl}/geopf/wfs`)).rejects.toThrow(
      /expected a <Capabilities> element with <Contents>, found <WFS_Capabilities>/,
    );
  });

  it('truncated XML names the line', () => {
    expect(() => parseWmtsCapabilities('<Capabilities><Contents>\n<Layer>', 'file.xml')).toThrow(
      /WMTS capabilities from file.xml is not valid XML: .*\(line \d+, column \d+\)/,
    );
  });

  it('capabilitiesUrl keeps an endpoint’s own parameters and replaces ours', () => {
    expect(capabilitiesUrl('https://x.fr/ows?map=a.qgz&service=WMS', 'WFS')).toBe(
      'https://x.fr/ows?map=a.qgz&SERVICE=WFS&REQUEST=GetCapabilities&ACCEPTVERSIONS=2.0.0',
    );
  });
});
