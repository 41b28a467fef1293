import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../format/catalog';
import { createTwinStore } from '../../stores';
import {
  applyPermalink,
  decodePermalink,
  encodePermalink,
  MAX_FRAGMENT_LENGTH,
  type PermalinkState,
  permalinkFromStore,
} from './url-codec';

const FULL: PermalinkState = {
  camera: {
    lon: 3.1412345,
    lat: 50.6154321,
    heightMetres: 1234.5,
    headingDegrees: 12.5,
    pitchDegrees: -60,
    rollDegrees: 0,
  },
  layers: [
    { id: 'ortho-2024', visible: true, opacity: 0.8 },
    { id: 'ortho-2021', visible: false, opacity: 1 },
  ],
  vintage: 2021,
  compare: { left: 2021, right: 2024, position: 0.25 },
  nomenclature: 'p4',
};

describe('permalink codec', () => {
  it('round-trips every part of the state through the fragment', () => {
    const text = encodePermalink(FULL);
    expect(text).toBe(
      'cam=3.1412345,50.6154321,1234.5,12.5,-60,0&l=ortho-2024,1,80~ortho-2021,0,100&v=2021&cmp=2021,2024,0.25&nom=p4',
    );
    expect(decodePermalink(`#${text}`)).toEqual({ state: FULL, invalid: [] });
  });

  it('names each invalid parameter and keeps the valid ones', () => {
    const { state, invalid } = decodePermalink(
      '#cam=3,50,abc,0,0,0&l=ortho,1,80&v=1800&cmp=2021,2024,2&nom=<script>alert(1)</script>&zzz=1',
    );
    expect(invalid).toEqual(['cam', 'v', 'cmp', 'nom']);
    expect(state).toEqual({ layers: [{ id: 'ortho', visible: true, opacity: 0.8 }] });
  });

  it('refuses exponents, Infinity, empty numbers, hostile ids and an over-long fragment', () => {
    expect(decodePermalink('cam=1e3,50,1,0,0,0').invalid).toEqual(['cam']);
    expect(decodePermalink('cam=Infinity,50,1,0,0,0').invalid).toEqual(['cam']);
    expect(decodePermalink('cam=,50,1,0,0,0').invalid).toEqual(['cam']);
    expect(decodePermalink('l=javascript:alert(1),1,100').invalid).toEqual(['l']);
    expect(decodePermalink('l=__proto__,1,100').invalid).toEqual(['l']);
    expect(decodePermalink(`v=2021&x=${'a'.repeat(MAX_FRAGMENT_LENGTH)}`)).toEqual({
      state: {},
      invalid: ['#'],
    });
  });

  it('keeps a picked building by its id (sel with a 4th field); a hostile id is refused', () => {
    const sel = { layerId: 'buildings-2024', lon: 3.1, lat: 50.6, feature: 'BATIMENT0000000240953029' };
    const text = encodePermalink({ selection: sel });
    expect(text).toBe('sel=buildings-2024,3.1,50.6,BATIMENT0000000240953029');
    expect(decodePermalink(text)).toEqual({ state: { selection: sel }, invalid: [] });
    expect(decodePermalink('sel=ocs2d-2021,3.1,50.6').state.selection).toEqual({
      layerId: 'ocs2d-2021',
      lon: 3.1,
      lat: 50.6,
    });
    expect(decodePermalink('sel=buildings-2024,3.1,50.6,<b>').invalid).toEqual(['sel']);
    expect(decodePermalink('sel=buildings-2024,3.1,50.6,a,b').invalid).toEqual(['sel']);
  });

  it('never throws and only returns validated values, whatever the fragment', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const { state } = decodePermalink(text);
        if (state.vintage !== undefined) expect(Number.isInteger(state.vintage)).toBe(true);
        for (const l of state.layers ?? []) expect(l.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
        if (state.compare) expect(state.compare.position).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
    // Valid links with one character changed still decode without throwing.
    const base = encodePermalink(FULL);
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.string({ minLength: 1, maxLength: 3 }), (at, s) => {
        decodePermalink(base.slice(0, at) + s + base.slice(at + 1));
      }),
      { numRuns: 1000 },
    );
  });

  it('applies a link to the store (order, visibility, opacity, compare) and reports unknown layers', () => {
    const store = loadedStore();
    // The orthophoto series is listed first (it was below the OCS2D), at 80 %, then the OCS2D hidden.
    const invalid = applyPermalink(
      {
        ...FULL,
        layers: [
          { id: 'ortho-2024', visible: true, opacity: 0.8 },
          { id: 'ocs', visible: false, opacity: 0.5 },
          { id: 'gone', visible: true, opacity: 1 },
        ],
      },
      store,
    );
    expect(invalid).toEqual(['l']);
    const s = store.getState();
    expect(s.layerOrder).toEqual(['ortho-2021', 'ortho-2024', 'ocs']);
    // Opacity and visibility are the series': ortho 2021 (not listed) follows ortho 2024.
    expect(s.layers['ortho-2021']).toMatchObject({ visible: true, opacity: 0.8 });
    expect(s.layers.ocs).toMatchObject({ visible: false, opacity: 0.5 });
    expect(s.compare).toEqual({ enabled: true, left: 2021, right: 2024, position: 0.25 });
    expect(s.cameraRequest?.view).toEqual(FULL.camera);
    expect(s.ocs2dNomenclature).toBe('p4');
    // And the store gives back the same link (camera once the globe has recorded it).
    s.setCamera(FULL.camera as NonNullable<PermalinkState['camera']>);
    expect(decodePermalink(encodePermalink(permalinkFromStore(store.getState()))).state).toEqual({
      ...FULL,
      layers: [
        { id: 'ortho-2021', visible: true, opacity: 0.8 },
        { id: 'ortho-2024', visible: true, opacity: 0.8 },
        { id: 'ocs', visible: false, opacity: 0.5 },
      ],
    });
  });

  it('opens a link written before layers were series: one shown vintage shows its series', () => {
    const store = loadedStore();
    store.getState().setSeriesVisible('orthoimagery.xyz', false);
    // Then: ortho 2024 ticked, ortho 2021 unticked; the vintage control chose 2021.
    const invalid = applyPermalink(
      {
        layers: [
          { id: 'ortho-2024', visible: true, opacity: 0.6 },
          { id: 'ortho-2021', visible: false, opacity: 1 },
        ],
        vintage: 2021,
      },
      store,
    );
    expect(invalid).toEqual([]);
    const s = store.getState();
    // 2021 is the vintage drawn, and the series is shown, so the 2021 orthophoto is on screen.
    expect(s.vintage).toBe(2021);
    expect(s.layers['ortho-2021']).toMatchObject({ visible: true, opacity: 0.6 });
    // A link hiding every vintage of a series hides it.
    applyPermalink({ layers: [{ id: 'ortho-2021', visible: false, opacity: 1 }] }, store);
    expect(store.getState().layers['ortho-2024']?.visible).toBe(false);
  });
});

/** A store with a two-vintage orthophoto series and an OCS2D layer below it. */
function loadedStore() {
  const store = createTwinStore();
  const ortho = (vintage: number) => ({
    id: `ortho-${vintage}`,
    kind: 'orthoimagery',
    title: `Ortho ${vintage}`,
    vintage,
    source: { type: 'xyz', url: `ortho-${vintage}/{z}/{x}/{y}.jpg`, maxZoom: 16 },
  });
  const { catalog } = parseCatalog(
    {
      version: 1,
      layers: [
        {
          id: 'ocs',
          kind: 'ocs2d',
          title: 'OCS2D',
          vintage: 2021,
          source: {
            type: 'mvt',
            url: 'o/{z}/{x}/{y}.pbf',
            metadata: 'o/m.json',
            layer: 'ocs2d',
            maxZoom: 16,
          },
        },
        ortho(2021),
        ortho(2024),
      ],
    },
    'http://localhost/catalog.json',
  );
  if (!catalog) throw new Error('catalog did not parse');
  store.getState().finishCatalogLoad({ status: 'loaded', url: '/catalog.json', catalog, issues: [] });
  return store;
}
