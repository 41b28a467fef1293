import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../format/catalog';
import { createTwinStore } from './twin-store';

function storeWithLayers(ids: readonly string[]) {
  const store = createTwinStore();
  const { catalog } = parseCatalog(
    {
      version: 1,
      layers: ids.map((id) => ({
        id,
        kind: 'orthoimagery',
        title: id,
        source: { type: 'xyz', url: `${id}/{z}/{x}/{y}.jpg`, maxZoom: 16 },
      })),
    },
    'http://localhost/twin/catalog.json',
  );
  if (!catalog) throw new Error('test catalog is invalid');
  store.getState().finishCatalogLoad({ status: 'loaded', url: '/twin/catalog.json', catalog, issues: [] });
  return store;
}

describe('layer order', () => {
  it('moves a layer up and down, clamped at both ends', () => {
    const store = storeWithLayers(['a', 'b', 'c']);
    const { moveLayer } = store.getState();
    moveLayer('c', -1);
    expect(store.getState().layerOrder).toEqual(['a', 'c', 'b']);
    moveLayer('c', -5);
    expect(store.getState().layerOrder).toEqual(['c', 'a', 'b']);
    moveLayer('a', 1);
    expect(store.getState().layerOrder).toEqual(['c', 'b', 'a']);
  });

  it('a move past an end, by zero, by a fraction or of an unknown id changes nothing', () => {
    const store = storeWithLayers(['a', 'b']);
    const before = store.getState().layerOrder;
    store.getState().moveLayer('a', -1);
    store.getState().moveLayer('b', 1);
    store.getState().moveLayer('a', 0);
    store.getState().moveLayer('a', 0.5);
    store.getState().moveLayer('zz', 1);
    expect(store.getState().layerOrder).toBe(before);
  });

  it('a WFS layer of a vector kind is drawn (pending), and records its features', () => {
    const store = createTwinStore();
    const { catalog, issues } = parseCatalog(
      {
        version: 1,
        layers: [
          {
            id: 'communes',
            kind: 'territories',
            title: 'Communes',
            source: { type: 'wfs', url: 'https://x.fr/wfs', typeName: 'spld:communes' },
          },
        ],
      },
      'http://localhost/c.json',
    );
    expect(issues).toEqual([]);
    if (!catalog) throw new Error('invalid');
    expect(catalog.layers[0]?.source).toMatchObject({ pageSize: 500, maxFeatures: 5000, minZoom: 10 });
    store.getState().finishCatalogLoad({ status: 'loaded', url: '/c.json', catalog, issues });
    expect(store.getState().layers.communes?.status).toBe('pending');
    store.getState().setLayerStatus('communes', 'failed', 'HTTP 500');
    store.getState().setLayerFeatures('communes', 12, true);
    expect(store.getState().layers.communes).toMatchObject({
      status: 'ready',
      features: { count: 12, truncated: true },
    });
    expect(store.getState().layers.communes).not.toHaveProperty('failure');
  });
});

describe('navigation', () => {
  it('each fly request is new, even to the same place; home and scene mode are recorded', () => {
    const store = createTwinStore();
    const s = store.getState();
    expect(s.sceneMode).toBe('3d');
    s.flyTo([2.2, 49.8, 2.4, 49.95], 'Amiens');
    const first = store.getState().flyTarget;
    s.flyTo([2.2, 49.8, 2.4, 49.95], 'Amiens');
    const second = store.getState().flyTarget;
    expect(second?.label).toBe('Amiens');
    expect(second?.seq).toBe((first?.seq ?? 0) + 1);
    s.goHome();
    s.goHome();
    expect(store.getState().homeRequest).toBe(2);
    s.setSceneMode('2d');
    expect(store.getState().sceneMode).toBe('2d');
    s.setCursor({ lon: 3.14, lat: 50.61 });
    expect(store.getState().cursor).toEqual({ lon: 3.14, lat: 50.61 });
  });
});
