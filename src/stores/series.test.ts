import { describe, expect, it } from 'vitest';
import { type LayerEntry, parseCatalog } from '../../format/catalog';
import { layerSides, selectLayerSides, vintageSubstitutes } from './compare-slice';
import { effectiveVintage, layerSeries, seriesKeyOf, shownIds } from './series';
import { createTwinStore } from './twin-store';

/** The demo's catalog, as scripts/demo.mjs writes it (trimmed to what grouping reads). */
const DEMO = {
  version: 1,
  layers: [
    ...[2021, 2024].map((v) => ({
      id: `ortho-${v}`,
      kind: 'orthoimagery',
      title: { fr: `Orthophoto PCRS ${v} (5 cm)`, en: `PCRS orthophoto ${v} (5 cm)` },
      vintage: v,
      visible: v === 2024,
      opacity: v === 2024 ? 0.8 : 1,
      source: { type: 'xyz', url: `${v}/ortho/{z}/{x}/{y}.jpg`, maxZoom: 21 },
    })),
    ...[2021, 2024].map((v) => ({
      id: `terrain-3d-${v}`,
      kind: '3dtiles',
      title: `Terrain 3D ${v} (PCRS + MNT)`,
      vintage: v,
      visible: false,
      source: { url: `${v}/3d/tileset.json` },
    })),
    ...(['heat', 'changes'] as const).map((layer) => ({
      id: layer === 'heat' ? 'changes-heat' : 'changes',
      kind: 'changes',
      title: layer === 'heat' ? 'Changements : hectares par maille' : 'Changements détectés (IA)',
      vintage: 2024,
      visible: false,
      source: { type: 'mvt', url: 'c/{z}/{x}/{y}.pbf', metadata: 'c/m.json', layer, maxZoom: 16 },
    })),
    ...[2021, 2024].map((v) => ({
      id: `ocs2d-${v}`,
      kind: 'ocs2d',
      title: `OCS2D ${v}`,
      vintage: v,
      visible: false,
      source: {
        type: 'mvt',
        url: `${v}/o/{z}/{x}/{y}.pbf`,
        metadata: 'o/m.json',
        layer: 'ocs2d',
        maxZoom: 16,
      },
    })),
  ],
};

function parse(json: unknown): readonly LayerEntry[] {
  const { catalog, issues } = parseCatalog(json, 'http://localhost/twin/catalog.json');
  expect(issues).toEqual([]);
  if (!catalog) throw new Error('catalog did not parse');
  return catalog.layers;
}

function loadedStore(json: unknown) {
  const store = createTwinStore();
  const { catalog } = parseCatalog(json, 'http://localhost/twin/catalog.json');
  if (!catalog) throw new Error('catalog did not parse');
  store.getState().finishCatalogLoad({ status: 'loaded', url: '/twin/catalog.json', catalog, issues: [] });
  return store;
}

describe('layer series', () => {
  it('groups the demo catalog into one series per product, named without the year', () => {
    const series = layerSeries(parse(DEMO));
    expect(series.map((s) => [s.key, s.ids, s.vintages, s.title])).toEqual([
      [
        'orthoimagery.xyz',
        ['ortho-2021', 'ortho-2024'],
        [2021, 2024],
        { fr: 'Orthophoto PCRS (5 cm)', en: 'PCRS orthophoto (5 cm)' },
      ],
      ['3dtiles', ['terrain-3d-2021', 'terrain-3d-2024'], [2021, 2024], 'Terrain 3D (PCRS + MNT)'],
      // The heat map is not a vintage of the change polygons: two rows, each with its own name.
      ['changes.heat', ['changes-heat'], [2024], 'Changements : hectares par maille'],
      ['changes.changes', ['changes'], [2024], 'Changements détectés (IA)'],
      ['ocs2d.ocs2d', ['ocs2d-2021', 'ocs2d-2024'], [2021, 2024], 'OCS2D'],
    ]);
  });

  it('keeps apart two entries of one vintage unless the catalog names their series', () => {
    const tiles = (id: string, extra: object = {}) => ({
      id,
      kind: '3dtiles',
      title: id,
      vintage: 2021,
      source: { url: `${id}/tileset.json` },
      ...extra,
    });
    const apart = parse({ version: 1, layers: [tiles('folder'), tiles('archive')] });
    expect(layerSeries(apart).map((s) => s.key)).toEqual(['folder', 'archive']);
    // Named series: the catalog says what belongs together, and names the row.
    const named = parse({
      version: 1,
      layers: [
        tiles('a', { series: 'pcrs-3d', seriesTitle: { fr: 'Maquette PCRS', en: 'PCRS model' } }),
        tiles('b', { series: 'pcrs-3d', vintage: 2024 }),
        tiles('c'),
      ],
    });
    expect(layerSeries(named).map((s) => [s.key, s.ids, s.title])).toEqual([
      ['pcrs-3d', ['a', 'b'], { fr: 'Maquette PCRS', en: 'PCRS model' }],
      ['3dtiles', ['c'], 'c'],
    ]);
    expect(seriesKeyOf(named, 'b')).toBe('pcrs-3d');
    expect(seriesKeyOf(named, 'zz')).toBeNull();
  });

  it('visibility and opacity belong to the series: whatever vintage is chosen, the series shows', () => {
    const store = loadedStore(DEMO);
    const s = store.getState();
    // Ortho 2024 said visible: the series is, both vintages carry it; opacity is the latest's.
    expect(s.layers['ortho-2021']).toMatchObject({ visible: true, opacity: 0.8 });
    expect(s.layers['ortho-2024']).toMatchObject({ visible: true, opacity: 0.8 });
    expect(s.layers['terrain-3d-2024']?.visible).toBe(false);
    // Default vintage: the latest, so ortho 2024 is drawn and 2021 is not.
    expect(selectLayerSides(s)).toMatchObject({ 'ortho-2024': 'both', 'ortho-2021': 'hidden' });
    // Choosing 2021 draws ortho 2021: the series is still visible.
    s.setVintage(2021);
    const at2021 = store.getState();
    const drawn = (id: string) =>
      at2021.layers[id]?.visible === true && selectLayerSides(at2021)[id] !== 'hidden';
    expect(drawn('ortho-2021')).toBe(true);
    expect(drawn('ortho-2024')).toBe(false);
    // Unticking one vintage's checkbox hides the whole series; ticking shows it again.
    s.setLayerVisible('ortho-2021', false);
    expect(store.getState().layers['ortho-2024']?.visible).toBe(false);
    s.setSeriesVisible('ocs2d.ocs2d', true);
    expect(store.getState().layers['ocs2d-2021']?.visible).toBe(true);
    expect(store.getState().layers['ocs2d-2024']?.visible).toBe(true);
    s.setSeriesOpacity('ocs2d.ocs2d', 3);
    expect(store.getState().layers['ocs2d-2021']?.opacity).toBe(1);
    s.setLayerOpacity('ocs2d-2024', 0.25);
    expect(store.getState().layers['ocs2d-2021']?.opacity).toBe(0.25);
  });

  it('keeps each series together in the order and moves it as one', () => {
    const store = loadedStore({
      version: 1,
      layers: [DEMO.layers[4], DEMO.layers[0], DEMO.layers[6], DEMO.layers[1], DEMO.layers[7]],
    });
    expect(store.getState().layerOrder).toEqual([
      'changes-heat',
      'ortho-2021',
      'ortho-2024',
      'ocs2d-2021',
      'ocs2d-2024',
    ]);
    store.getState().moveLayer('ortho-2024', -1);
    expect(store.getState().layerOrder).toEqual([
      'ortho-2021',
      'ortho-2024',
      'changes-heat',
      'ocs2d-2021',
      'ocs2d-2024',
    ]);
    store.getState().moveSeries('ocs2d.ocs2d', -5);
    expect(store.getState().layerOrder).toEqual([
      'ocs2d-2021',
      'ocs2d-2024',
      'ortho-2021',
      'ortho-2024',
      'changes-heat',
    ]);
    const before = store.getState().layerOrder;
    store.getState().moveSeries('nope', 1);
    store.getState().moveLayer('ocs2d-2021', -1);
    expect(store.getState().layerOrder).toBe(before);
  });

  it('compare: every series at A on the left and B on the right, and a series without A says so', () => {
    const entries = parse(DEMO);
    const sides = layerSides(entries, null, { enabled: true, left: 2021, right: 2024, position: 0.5 });
    expect(sides).toEqual({
      'ortho-2021': 'left',
      'ortho-2024': 'right',
      'terrain-3d-2021': 'left',
      'terrain-3d-2024': 'right',
      // Only 2024 exists: drawn on both sides (the nearest for 2021 too), and named in a note.
      'changes-heat': 'both',
      changes: 'both',
      'ocs2d-2021': 'left',
      'ocs2d-2024': 'right',
    });
    expect(vintageSubstitutes(entries, 2021, new Set(['changes.changes', 'orthoimagery.xyz']))).toEqual([
      {
        kind: 'changes',
        key: 'changes.changes',
        title: 'Changements détectés (IA)',
        wanted: 2021,
        shown: 2024,
      },
    ]);
    expect(effectiveVintage(entries, null)).toBe(2024);
    const ortho = layerSeries(entries)[0];
    if (!ortho) throw new Error('no series');
    expect(shownIds(entries, ortho, 2022)).toEqual(['ortho-2021']);
    expect(shownIds(entries, ortho, null)).toEqual(['ortho-2024']);
  });
});
