import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CatalogIssue, parseCatalog, resolveUrl, xyzTemplateProblem } from '../../format/catalog';

const CATALOG_URL = 'http://127.0.0.1:4173/twin/catalog.json';

/** The catalog of docs/catalog.md, one entry per kind and source type. */
function goodCatalog() {
  return {
    version: 1,
    title: 'Échantillon Villeneuve-d’Ascq',
    home: [2.9, 50.6, 3.3, 50.7],
    layers: [
      {
        id: 'ortho-2021',
        kind: 'orthoimagery',
        title: { fr: 'Orthophoto PCRS 2021', en: 'PCRS orthophoto 2021' },
        vintage: 2021,
        attribution: 'Géo2France / PCRS (échantillon synthétique)',
        visible: true,
        opacity: 1,
        source: {
          type: 'xyz',
          url: '2021/ortho/{z}/{x}/{y}.jpg',
          minZoom: 14,
          maxZoom: 21,
          bounds: [3.13, 50.61, 3.15, 50.62],
        },
      },
      {
        id: 'ign-ortho',
        kind: 'orthoimagery',
        title: 'Photographies aériennes IGN',
        source: {
          type: 'wmts',
          url: 'https://data.geopf.fr/wmts',
          layer: 'ORTHOIMAGERY.ORTHOPHOTOS',
          tileMatrixSet: 'PM',
          format: 'image/jpeg',
          style: 'normal',
          maxZoom: 21,
        },
      },
      {
        id: 'g2f-ortho',
        kind: 'orthoimagery',
        title: 'Orthophoto régionale 2021 (Géo2France)',
        source: {
          type: 'wms',
          url: 'https://www.geo2france.fr/geoserver/ows',
          layers: '2021_R32_Ortho_0m20_RVB_COG',
          format: 'image/jpeg',
        },
      },
      { id: 'pcrs-3d', kind: '3dtiles', title: 'Maquette PCRS', source: { url: '2021/3d/tileset.json' } },
      {
        id: 'ocs2d-2021',
        kind: 'ocs2d',
        vintage: 2021,
        title: 'OCS2D 2021',
        source: { type: 'geojson', url: 'sample/ocs2d/ocs2d-2021.geojson', crs: 'EPSG:2154' },
      },
      {
        id: 'changes',
        kind: 'changes',
        title: 'Changements 2022',
        source: { type: 'geojson', url: 'sample/changes.geojson', crs: 'EPSG:2154' },
      },
      {
        id: 'communes',
        kind: 'territories',
        title: 'Communes',
        source: { type: 'geojson', url: '/admin/c.geojson' },
      },
    ],
  };
}

/** The catalog with layer `index` replaced by `patch(layer)`. */
function withLayer(index: number, patch: (layer: Record<string, unknown>) => unknown) {
  const c = goodCatalog();
  (c.layers as unknown[])[index] = patch(structuredClone(c.layers[index]) as Record<string, unknown>);
  return c;
}

/** The single issue of a catalog expected to have exactly one. */
function onlyIssue(json: unknown): CatalogIssue {
  const { issues } = parseCatalog(json, CATALOG_URL);
  expect(issues).toHaveLength(1);
  return issues[0] as CatalogIssue;
}

describe('parseCatalog on a good catalog', () => {
  it('keeps every entry, in order, with no issue', () => {
    const { catalog, issues } = parseCatalog(goodCatalog(), CATALOG_URL);
    expect(issues).toEqual([]);
    expect(catalog?.layers.map((l) => l.id)).toEqual([
      'ortho-2021',
      'ign-ortho',
      'g2f-ortho',
      'pcrs-3d',
      'ocs2d-2021',
      'changes',
      'communes',
    ]);
    expect(catalog?.home).toEqual([2.9, 50.6, 3.3, 50.7]);
  });

  it('resolves relative URLs against the catalog and keeps the {z}/{x}/{y} placeholders', () => {
    const layers = parseCatalog(goodCatalog(), CATALOG_URL).catalog?.layers ?? [];
    const url = (id: string) => layers.find((l) => l.id === id)?.source.url;
    expect(url('ortho-2021')).toBe('http://127.0.0.1:4173/twin/2021/ortho/{z}/{x}/{y}.jpg');
    expect(url('pcrs-3d')).toBe('http://127.0.0.1:4173/twin/2021/3d/tileset.json');
    expect(url('communes')).toBe('http://127.0.0.1:4173/admin/c.geojson');
    expect(url('ign-ortho')).toBe('https://data.geopf.fr/wmts');
  });

  it('applies the defaults: visible, opaque, WGS 84 GeoJSON, minZoom 0', () => {
    const layers = parseCatalog(goodCatalog(), CATALOG_URL).catalog?.layers ?? [];
    const g2f = layers.find((l) => l.id === 'g2f-ortho');
    expect(g2f).toMatchObject({ visible: true, opacity: 1 });
    expect(layers.find((l) => l.id === 'communes')?.source).toMatchObject({ crs: 'EPSG:4326' });
    const xyz = withLayer(0, (l) => ({
      ...l,
      source: { type: 'xyz', url: 't/{z}/{x}/{y}.png', maxZoom: 3 },
    }));
    expect(parseCatalog(xyz, CATALOG_URL).catalog?.layers[0]?.source).toMatchObject({ minZoom: 0 });
  });

  it('accepts a catalog without home or title', () => {
    const { home: _h, title: _t, ...rest } = goodCatalog();
    const { catalog, issues } = parseCatalog(rest, CATALOG_URL);
    expect(issues).toEqual([]);
    expect(catalog?.home).toBeUndefined();
  });
});

describe('parseCatalog names the bad entry and the field', () => {
  it('an xyz url without placeholders, as in the style guide', () => {
    const issue = onlyIssue(withLayer(0, (l) => ({ ...l, source: { ...(l.source as object), url: 42 } })));
    expect(issue).toMatchObject({
      layerIndex: 0,
      layerId: 'ortho-2021',
      path: 'source.url',
      problem: { code: 'template' },
      received: { type: 'json', text: '42' },
    });
  });

  it('a template missing {y} says which placeholder is missing', () => {
    const issue = onlyIssue(
      withLayer(0, (l) => ({ ...l, source: { ...(l.source as object), url: 'o/{z}/{x}.jpg' } })),
    );
    expect(issue.problem).toEqual({ code: 'template', missing: ['y'] });
    expect(issue.received).toEqual({ type: 'string', value: 'o/{z}/{x}.jpg' });
  });

  it('an unknown placeholder', () => {
    const issue = onlyIssue(
      withLayer(0, (l) => ({ ...l, source: { ...(l.source as object), url: 'o/{z}/{x}/{y}/{t}.jpg' } })),
    );
    expect(issue.problem).toEqual({ code: 'templateUnknown', placeholder: 't' });
  });

  it('an unknown kind lists the known ones', () => {
    const issue = onlyIssue(withLayer(3, (l) => ({ ...l, kind: 'pointcloud' })));
    expect(issue).toMatchObject({ layerIndex: 3, layerId: 'pcrs-3d', path: 'kind' });
    expect(issue.problem).toEqual({
      code: 'oneOf',
      options: ['orthoimagery', 'terrain', 'buildings', '3dtiles', 'ocs2d', 'changes', 'territories'],
    });
    expect(issue.received).toEqual({ type: 'string', value: 'pointcloud' });
  });

  it('reads a quantized-mesh terrain and a buildings tileset, URLs resolved', () => {
    const { catalog, issues } = parseCatalog(
      {
        version: 1,
        layers: [
          {
            id: 'terrain',
            kind: 'terrain',
            title: 'Relief',
            source: { type: 'quantized-mesh', url: 'terrain' },
          },
          {
            id: 'buildings-2024',
            kind: 'buildings',
            title: 'Bâtiments 2024',
            vintage: 2024,
            source: { url: '2024/buildings/tileset.json' },
          },
        ],
      },
      'http://twin.test/twin/catalog.json',
    );
    expect(issues).toEqual([]);
    expect(catalog?.layers.map((l) => [l.kind, l.source.url])).toEqual([
      ['terrain', 'http://twin.test/twin/terrain'],
      ['buildings', 'http://twin.test/twin/2024/buildings/tileset.json'],
    ]);
  });

  it('a terrain entry needs a quantized-mesh source', () => {
    const { catalog, issues } = parseCatalog(
      {
        version: 1,
        layers: [{ id: 't', kind: 'terrain', title: 'Relief', source: { type: 'xyz', url: 'x' } }],
      },
      'http://twin.test/catalog.json',
    );
    expect(catalog?.layers).toEqual([]);
    expect(issues[0]).toMatchObject({ layerId: 't', path: 'source.type' });
  });

  it('an unknown source type', () => {
    const issue = onlyIssue(
      withLayer(1, (l) => ({ ...l, source: { ...(l.source as object), type: 'tms' } })),
    );
    expect(issue).toMatchObject({
      path: 'source.type',
      problem: { code: 'oneOf', options: ['xyz', 'wmts', 'wms'] },
    });
  });

  it('a missing field is reported as missing, without a received value', () => {
    const issue = onlyIssue(withLayer(2, ({ title: _t, ...l }) => l));
    expect(issue).toEqual({
      layerIndex: 2,
      layerId: 'g2f-ortho',
      path: 'title',
      problem: { code: 'required' },
    });
    expect(onlyIssue(withLayer(2, ({ source: _s, ...l }) => l))).toMatchObject({
      path: 'source',
      problem: { code: 'required' },
    });
  });

  it('vintage out of range, not an integer, or not a number', () => {
    expect(onlyIssue(withLayer(0, (l) => ({ ...l, vintage: 1900 }))).problem).toEqual({
      code: 'min',
      limit: 1950,
    });
    expect(onlyIssue(withLayer(0, (l) => ({ ...l, vintage: 2101 }))).problem).toEqual({
      code: 'max',
      limit: 2100,
    });
    expect(onlyIssue(withLayer(0, (l) => ({ ...l, vintage: 2021.5 }))).problem).toEqual({
      code: 'type',
      expected: 'integer',
    });
    expect(onlyIssue(withLayer(0, (l) => ({ ...l, vintage: '2021' }))).problem).toEqual({
      code: 'type',
      expected: 'number',
    });
  });

  it('a series id with spaces, or a series title that is not text, is named', () => {
    expect(onlyIssue(withLayer(0, (l) => ({ ...l, series: 'ortho pcrs' }))).problem).toEqual({
      code: 'idFormat',
    });
    expect(onlyIssue(withLayer(0, (l) => ({ ...l, seriesTitle: 42 }))).path).toBe('seriesTitle');
  });

  it('opacity above 1', () => {
    const issue = onlyIssue(withLayer(4, (l) => ({ ...l, opacity: 1.5 })));
    expect(issue).toMatchObject({
      layerId: 'ocs2d-2021',
      path: 'opacity',
      problem: { code: 'max', limit: 1 },
    });
  });

  it('a title that is neither a string nor {fr, en}', () => {
    const issue = onlyIssue(withLayer(4, (l) => ({ ...l, title: { en: 'Land cover' } })));
    expect(issue).toMatchObject({ path: 'title', problem: { code: 'localizedText' } });
  });

  it('bounds that are inverted', () => {
    const issue = onlyIssue(
      withLayer(0, (l) => ({
        ...l,
        source: { ...(l.source as object), bounds: [3.15, 50.61, 3.13, 50.62] },
      })),
    );
    expect(issue).toMatchObject({ path: 'source.bounds', problem: { code: 'bbox' } });
  });

  it('maxZoom below minZoom', () => {
    const issue = onlyIssue(
      withLayer(0, (l) => ({ ...l, source: { ...(l.source as object), maxZoom: 12 } })),
    );
    expect(issue).toMatchObject({ path: 'source.maxZoom', problem: { code: 'zoomOrder', minZoom: 14 } });
  });

  it('a url with a forbidden scheme', () => {
    const issue = onlyIssue(withLayer(3, (l) => ({ ...l, source: { url: 'javascript:alert(1)' } })));
    expect(issue).toMatchObject({ path: 'source.url', problem: { code: 'url' } });
  });

  it('an id with spaces, and an entry that is not an object', () => {
    expect(onlyIssue(withLayer(5, (l) => ({ ...l, id: 'mes changements' })))).toMatchObject({
      layerId: 'mes changements',
      path: 'id',
      problem: { code: 'idFormat' },
    });
    const notObject = onlyIssue(withLayer(5, () => 'changes'));
    expect(notObject).toMatchObject({
      layerIndex: 5,
      path: '',
      problem: { code: 'type', expected: 'object' },
    });
    expect(notObject.layerId).toBeUndefined();
  });

  it('a repeated id keeps the first entry and names it', () => {
    const c = goodCatalog();
    c.layers[6] = { ...c.layers[6], id: 'changes' } as (typeof c.layers)[6];
    const { catalog, issues } = parseCatalog(c, CATALOG_URL);
    expect(issues).toEqual([
      {
        layerIndex: 6,
        layerId: 'changes',
        path: 'id',
        problem: { code: 'duplicateId', firstIndex: 5 },
        received: { type: 'string', value: 'changes' },
      },
    ]);
    expect(catalog?.layers.map((l) => l.id)).not.toContain('communes');
    expect(catalog?.layers).toHaveLength(6);
  });

  it('keeps the valid entries beside several bad ones', () => {
    const c = goodCatalog() as { layers: unknown[] };
    c.layers[0] = { ...(c.layers[0] as object), vintage: 3000 };
    c.layers[3] = { ...(c.layers[3] as object), kind: 'mesh' };
    const { catalog, issues } = parseCatalog(c, CATALOG_URL);
    expect(issues.map((i) => i.layerIndex)).toEqual([0, 3]);
    expect(catalog?.layers.map((l) => l.id)).toEqual([
      'ign-ortho',
      'g2f-ortho',
      'ocs2d-2021',
      'changes',
      'communes',
    ]);
  });
});

describe('parseCatalog on a bad file', () => {
  it('refuses a wrong version or a missing layers list, with nothing usable', () => {
    const v2 = parseCatalog({ ...goodCatalog(), version: 2 }, CATALOG_URL);
    expect(v2.catalog).toBeNull();
    expect(v2.issues).toEqual([
      { path: 'version', problem: { code: 'oneOf', options: ['1'] }, received: { type: 'json', text: '2' } },
    ]);
    const noLayers = parseCatalog({ version: 1 }, CATALOG_URL);
    expect(noLayers.issues).toEqual([{ path: 'layers', problem: { code: 'required' } }]);
    expect(parseCatalog([], CATALOG_URL).issues[0]?.problem).toEqual({ code: 'type', expected: 'object' });
  });

  it('ignores a bad home and reports it', () => {
    const { catalog, issues } = parseCatalog({ ...goodCatalog(), home: [2.9, 50.6] }, CATALOG_URL);
    expect(catalog?.home).toBeUndefined();
    expect(catalog?.layers).toHaveLength(7);
    expect(issues).toMatchObject([{ path: 'home', problem: { code: 'bbox' } }]);
  });
});

describe('URL helpers', () => {
  it('resolveUrl resolves like a browser and keeps braces', () => {
    expect(resolveUrl('../x/{z}/{x}/{y}.png', 'https://h.fr/a/b/catalog.json')).toBe(
      'https://h.fr/a/x/{z}/{x}/{y}.png',
    );
    expect(resolveUrl('https://o.fr/t?z={z}&x={x}&y={y}', 'https://h.fr/c.json')).toBe(
      'https://o.fr/t?z={z}&x={x}&y={y}',
    );
  });

  it('xyzTemplateProblem accepts {reverseY} and subdomains', () => {
    expect(xyzTemplateProblem('https://{s}.t.fr/{z}/{x}/{reverseY}.png')).toBeNull();
    expect(xyzTemplateProblem('{z}/{x}/{y}')).toBeNull();
    expect(xyzTemplateProblem('no-placeholders.png')).toEqual({ code: 'template', missing: ['z', 'x', 'y'] });
  });
});

describe('docs/catalog.md', () => {
  it('its example catalog is valid', () => {
    const doc = readFileSync(new URL('../../docs/catalog.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const { catalog, issues } = parseCatalog(JSON.parse(block ?? ''), CATALOG_URL);
    expect(issues).toEqual([]);
    expect(catalog?.layers).toHaveLength(7);
  });
});
