/** The permalink's territory, selection and scenario parameters (issue 7). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../format/catalog';
import { sameOriginUrl } from '../../config/same-origin';
import { createTwinStore } from '../../stores';
import { applyPermalink, decodePermalink, encodePermalink, permalinkFromStore } from './url-codec';

describe('permalink: territory, selection, scenario', () => {
  it('round-trips terr, sel and scn', () => {
    const state = {
      territory: 'epci:200093201',
      selection: { layerId: 'ocs2d-2021', lon: 3.1412345, lat: 50.6154321 },
      scenario: 'twin/scenarios/projet-halle.geojson',
    };
    const text = encodePermalink(state);
    expect(text).toBe(
      'terr=epci:200093201&sel=ocs2d-2021,3.1412345,50.6154321&scn=twin/scenarios/projet-halle.geojson',
    );
    expect(decodePermalink(`#${text}`)).toEqual({ state, invalid: [] });
  });

  it('refuses unknown kinds, hostile codes, off-range points and scenario URLs that could leave the twin', () => {
    const bad = (fragment: string) => decodePermalink(fragment).invalid;
    expect(bad('terr=planet:1')).toEqual(['terr']);
    expect(bad('terr=epci:<script>')).toEqual(['terr']);
    expect(bad('terr=commune:')).toEqual(['terr']);
    expect(bad('sel=ocs2d,200,50')).toEqual(['sel']);
    expect(bad('sel=javascript:alert(1),3,50')).toEqual(['sel']);
    expect(bad('scn=https://evil.example/x.geojson')).toEqual(['scn']);
    expect(bad('scn=//evil.example/x.geojson')).toEqual(['scn']);
    expect(bad('scn=twin/../../etc/passwd.json')).toEqual(['scn']);
    expect(bad('scn=twin/x.js')).toEqual(['scn']);
    expect(bad(`scn=${'a/'.repeat(200)}x.json`)).toEqual(['scn']);
  });

  it('only ever yields scenario paths without scheme, host or parent steps', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const { state } = decodePermalink(`scn=${text}`);
        if (state.scenario === undefined) return;
        expect(state.scenario).not.toMatch(/:|\.\.|^\/\//);
        expect(sameOriginUrl(state.scenario, 'http://twin.test/app/?catalog=x')).toMatch(
          /^http:\/\/twin\.test\//,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('hands terr and scn to the store as pending, reports a selection of an unknown layer, and writes them back', () => {
    const store = createTwinStore();
    const { catalog } = parseCatalog(
      {
        version: 1,
        layers: [
          {
            id: 'ortho-2021',
            kind: 'orthoimagery',
            title: 'o',
            source: { type: 'xyz', url: 'o/{z}/{x}/{y}.jpg', maxZoom: 16 },
          },
        ],
      },
      'http://localhost/catalog.json',
    );
    if (!catalog) throw new Error('catalog did not parse');
    store.getState().finishCatalogLoad({ status: 'loaded', url: '/catalog.json', catalog, issues: [] });
    const invalid = applyPermalink(
      { territory: 'dep:59', scenario: 'twin/s.geojson', selection: { layerId: 'gone', lon: 3, lat: 50 } },
      store,
    );
    expect(invalid).toEqual(['sel']);
    expect(store.getState().pendingTerritory).toBe('dep:59');
    expect(store.getState().pendingScenarioUrl).toBe('twin/s.geojson');
    store.getState().setTerritoryFocus({
      kind: 'dep',
      code: '59',
      name: 'Nord',
      communes: [],
      lineage: ['dep:59', 'region:32'],
      chosenAt: 0,
    });
    store
      .getState()
      .setPicked({ layerId: 'ortho-2021', tileLayer: 'ocs2d', properties: {}, lon: 3.1, lat: 50.6 });
    store.getState().setScenario({ name: 's.geojson', crs: 'EPSG:4326', buildings: [] }, 'twin/s.geojson');
    expect(permalinkFromStore(store.getState())).toMatchObject({
      territory: 'dep:59',
      selection: { layerId: 'ortho-2021', lon: 3.1, lat: 50.6 },
      scenario: 'twin/s.geojson',
    });
  });

  it('resolves scenario references on the page origin only', () => {
    const base = 'http://twin.test/app/?catalog=/twin/c.json';
    expect(sameOriginUrl('twin/s.geojson', base)).toBe('http://twin.test/app/twin/s.geojson');
    expect(sameOriginUrl('/twin/s.geojson', base)).toBe('http://twin.test/twin/s.geojson');
    expect(sameOriginUrl('https://evil.example/s.geojson', base)).toBeNull();
    expect(sameOriginUrl('//evil.example/s.geojson', base)).toBeNull();
  });
});
