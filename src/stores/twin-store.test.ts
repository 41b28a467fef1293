import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../format/catalog';
import type { CatalogLoadResult } from '../config/load-catalog';
import { createTwinStore } from './twin-store';

const URL_ = 'http://localhost/twin/catalog.json';

function loaded(): CatalogLoadResult {
  const { catalog, issues } = parseCatalog(
    {
      version: 1,
      layers: [
        {
          id: 'ortho',
          kind: 'orthoimagery',
          title: 'Ortho',
          opacity: 0.5,
          source: { type: 'xyz', url: 'o/{z}/{x}/{y}.jpg', maxZoom: 16 },
        },
        {
          id: 'ocs',
          kind: 'ocs2d',
          title: 'OCS2D',
          visible: false,
          source: { type: 'geojson', url: 'o.geojson' },
        },
      ],
    },
    URL_,
  );
  if (!catalog) throw new Error('test catalog is invalid');
  return { status: 'loaded', url: '/twin/catalog.json', catalog, issues };
}

describe('twin store', () => {
  it('starts idle, in French, with no layer', () => {
    const s = createTwinStore().getState();
    expect(s.catalog).toEqual({ status: 'idle' });
    expect(s.locale).toBe('fr');
    expect(s.layerOrder).toEqual([]);
  });

  it('loading a catalog sets each layer’s state from the entry’s defaults', () => {
    const store = createTwinStore();
    store.getState().startCatalogLoad('/twin/catalog.json');
    expect(store.getState().catalog.status).toBe('loading');
    store.getState().finishCatalogLoad(loaded());
    const s = store.getState();
    expect(s.layerOrder).toEqual(['ortho', 'ocs']);
    expect(s.layers.ortho).toEqual({ visible: true, opacity: 0.5, status: 'pending', failedTiles: 0 });
    // Kinds the globe cannot draw yet are marked so, for the panel's "coming soon".
    expect(s.layers.ocs).toMatchObject({ visible: false, status: 'unsupported' });
  });

  it('a missing catalog leaves no layer', () => {
    const store = createTwinStore();
    store.getState().finishCatalogLoad(loaded());
    store
      .getState()
      .finishCatalogLoad({ status: 'missing', url: '/x.json', reason: 'notFound', httpStatus: 404 });
    expect(store.getState().layerOrder).toEqual([]);
    expect(store.getState().layers).toEqual({});
  });

  it('visibility and opacity change one layer; opacity is clamped; unknown ids are ignored', () => {
    const store = createTwinStore();
    store.getState().finishCatalogLoad(loaded());
    const { setLayerVisible, setLayerOpacity } = store.getState();
    setLayerVisible('ortho', false);
    setLayerOpacity('ortho', 1.7);
    expect(store.getState().layers.ortho).toMatchObject({ visible: false, opacity: 1 });
    setLayerOpacity('ortho', -1);
    expect(store.getState().layers.ortho?.opacity).toBe(0);
    setLayerOpacity('ortho', Number.NaN);
    expect(store.getState().layers.ortho?.opacity).toBe(0);
    const before = store.getState().layers;
    setLayerVisible('nope', true);
    expect(store.getState().layers).toBe(before);
    expect(store.getState().layers.ocs?.visible).toBe(false);
  });

  it('statuses: tile failures are counted, a failure reason is kept then cleared', () => {
    const store = createTwinStore();
    store.getState().finishCatalogLoad(loaded());
    const { recordTileFailure, setLayerStatus } = store.getState();
    recordTileFailure('ortho');
    recordTileFailure('ortho');
    expect(store.getState().layers.ortho).toMatchObject({ status: 'failed', failedTiles: 2 });
    setLayerStatus('ortho', 'failed', 'HTTP 404');
    expect(store.getState().layers.ortho?.failure).toBe('HTTP 404');
    setLayerStatus('ortho', 'ready');
    expect(store.getState().layers.ortho).not.toHaveProperty('failure');
  });

  it('switches language and records globe problems', () => {
    const store = createTwinStore();
    store.getState().setLocale('en');
    expect(store.getState().locale).toBe('en');
    store.getState().setGlobeProblem({ kind: 'render', detail: 'WebGL context lost' });
    expect(store.getState().globeProblem?.kind).toBe('render');
  });
});
