import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../format/catalog';
import { createTwinStore } from '../stores';
import {
  changeShown,
  colourTable,
  featureFill,
  featureShown,
  heatColour,
  UNCLASSIFIED_COLOUR,
  type VectorStyle,
} from './vector-style';
import { lonLatToTileUnits, pointInRings } from './vector-tiles';

const style: VectorStyle = {
  nomenclature: 'cs',
  changeClasses: {
    vers_bati: true,
    vers_impermeable: true,
    vers_terrassement: false,
    zones_artificialisees: true,
  },
  minConfidence: 0.5,
};
const legend = [
  { code: 'CS1.1.1', label: 'Surfaces bâties', colour: '#ff9191', count: 1, areaM2: 1 },
  { code: '1', label: 'Espaces Urbanisés', colour: '#da9694', count: 1, areaM2: 1 },
  { code: 'bad', label: 'x', colour: 'url(javascript:alert(1))', count: 1, areaM2: 1 },
];

describe('vector style', () => {
  it('colours OCS2D by the chosen nomenclature, grey when the code has no class', () => {
    const colours = colourTable(legend);
    expect(featureFill('ocs2d', { cs: 'CS1.1.1', p4: 1 }, style, colours)).toBe('#ff9191');
    expect(featureFill('ocs2d', { cs: 'CS1.1.1', p4: 1 }, { ...style, nomenclature: 'p4' }, colours)).toBe(
      '#da9694',
    );
    expect(featureFill('ocs2d', { cs: 'CS1.1.1' }, { ...style, nomenclature: 'enaf' }, colours)).toBe(
      UNCLASSIFIED_COLOUR,
    );
    // A colour from a data file that is not #rrggbb never reaches the canvas.
    expect(colours.has('bad')).toBe(false);
  });

  it('hides changes of unticked classes or below the minimum confidence', () => {
    expect(changeShown({ class_code: 'vers_bati', confidence: 0.6 }, style)).toBe(true);
    expect(changeShown({ class_code: 'vers_bati', confidence: 0.4 }, style)).toBe(false);
    expect(changeShown({ class_code: 'vers_terrassement', confidence: 0.9 }, style)).toBe(false);
    expect(
      featureFill('changes', { class_code: 'vers_terrassement', confidence: 0.9 }, style, new Map()),
    ).toBeNull();
  });

  it('paints heat cells by the hectares of the shown classes only', () => {
    expect(featureFill('heat', { ha_vers_terrassement: 0.8 }, style, new Map())).toBeNull();
    expect(featureFill('heat', { ha_vers_bati: 1, ha_vers_terrassement: 0.8 }, style, new Map())).toBe(
      heatColour(1),
    );
    expect(heatColour(0)).not.toBe(heatColour(1));
  });

  it('picks exactly what it paints: every OCS2D polygon, shown changes, heat cells of shown classes', () => {
    expect(featureShown('ocs2d', { cs: 'CS9.9.9' }, style)).toBe(true);
    expect(featureShown('changes', { class_code: 'vers_bati', confidence: 0.6 }, style)).toBe(true);
    expect(featureShown('changes', { class_code: 'vers_bati', confidence: 0.4 }, style)).toBe(false);
    expect(featureShown('changes', { class_code: 'vers_terrassement', confidence: 0.9 }, style)).toBe(false);
    expect(featureShown('heat', { ha_vers_terrassement: 0.8 }, style)).toBe(false);
    expect(featureShown('heat', { ha_vers_bati: 0.1 }, style)).toBe(true);
  });
});

describe('picking geometry', () => {
  it('finds a point inside a ring and outside its hole (even-odd)', () => {
    const outer = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 100 },
      { x: 0, y: 100 },
    ];
    const hole = [
      { x: 40, y: 40 },
      { x: 60, y: 40 },
      { x: 60, y: 60 },
      { x: 40, y: 60 },
    ];
    expect(pointInRings(10, 10, [outer, hole])).toBe(true);
    expect(pointInRings(50, 50, [outer, hole])).toBe(false);
    expect(pointInRings(150, 50, [outer])).toBe(false);
  });

  it('places a point in tile units', () => {
    const [x, y] = lonLatToTileUnits(0, 0, { z: 1, x: 1, y: 1 }, 4096);
    expect(x).toBeCloseTo(0, 6);
    expect(y).toBeCloseTo(0, 6);
  });
});

describe('catalog and store for vector tiles', () => {
  it('accepts an mvt source, resolving url and metadata against the catalog', () => {
    const { catalog, issues } = parseCatalog(
      {
        version: 1,
        layers: [
          {
            id: 'ocs2d-2021',
            kind: 'ocs2d',
            title: 'OCS2D',
            source: {
              type: 'mvt',
              url: '2021/ocs2d/{z}/{x}/{y}.pbf',
              metadata: '2021/ocs2d/metadata.json',
              layer: 'ocs2d',
              maxZoom: 16,
            },
          },
          {
            id: 'bad',
            kind: 'changes',
            title: 'x',
            source: {
              type: 'mvt',
              url: 'c/{z}/{x}/{y}.pbf',
              metadata: 'c/metadata.json',
              layer: 'roads',
              maxZoom: 16,
            },
          },
        ],
      },
      'http://h/twin/catalog.json',
    );
    expect(catalog?.layers[0]?.source).toMatchObject({
      url: 'http://h/twin/2021/ocs2d/{z}/{x}/{y}.pbf',
      metadata: 'http://h/twin/2021/ocs2d/metadata.json',
      minZoom: 0,
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ layerId: 'bad', path: 'source.layer' });
  });

  it('keeps the filters in range and ignores unknown choices', () => {
    const store = createTwinStore();
    store.getState().setMinConfidence(1.7);
    expect(store.getState().minConfidence).toBe(1);
    store.getState().setMinConfidence(Number.NaN);
    expect(store.getState().minConfidence).toBe(1);
    store.getState().setOcs2dNomenclature('xx' as 'cs');
    expect(store.getState().ocs2dNomenclature).toBe('cs');
    store.getState().setChangeClassShown('vers_bati', false);
    expect(store.getState().changeClasses.vers_bati).toBe(false);
  });
});
