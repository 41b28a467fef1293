import { describe, expect, it } from 'vitest';
import { DataError } from '../../../tiling/core';
import {
  changeClassOf,
  heatGrid,
  type InputFeature,
  polygonArea,
  polygonAreaInRect,
  prepareFeatures,
} from '../../../tiling/vector';

const X = 708_000;
const Y = 7_057_000;
function square(x: number, y: number, side: number): number[][] {
  return [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
    [x, y],
  ];
}
const poly = (...rings: number[][][]) => ({ type: 'Polygon', coordinates: rings });
const ocs = (
  props: Record<string, unknown>,
  geometry: InputFeature['geometry'] = poly(square(X, Y, 100)),
) => ({
  properties: props,
  geometry,
});

describe('planar Lambert-93 areas', () => {
  it('subtract holes whatever the rings winding', () => {
    const hole = square(X + 10, Y + 10, 20).reverse();
    expect(polygonArea([square(X, Y, 100), hole])).toBeCloseTo(10_000 - 400, 6);
    expect(polygonArea([square(X, Y, 100).reverse(), square(X + 10, Y + 10, 20)])).toBeCloseTo(9_600, 6);
  });

  it('count only the part of a polygon inside a cell', () => {
    const rings = [square(X - 50, Y, 100)];
    expect(polygonAreaInRect(rings, X, Y, X + 100, Y + 100)).toBeCloseTo(5_000, 6);
    expect(polygonAreaInRect(rings, X + 200, Y, X + 300, Y + 100)).toBe(0);
  });
});

describe('prepareFeatures (ocs2d)', () => {
  it('keeps cs/us/id/millesime and adds p4, p21, ENAF and the Lambert-93 area', () => {
    const layer = prepareFeatures('t', [ocs({ id: 'a', cs: 'CS1.1.1', us: 'US5.2.2', millesime: 2021 })], {
      kind: 'ocs2d',
    });
    expect(layer.features[0]?.properties).toEqual({
      id: 'a',
      cs: 'CS1.1.1',
      us: 'US5.2.2',
      p4: 1,
      p21: 1,
      enaf: 'Uh',
      millesime: 2021,
      area_m2: 10_000,
    });
    expect(layer.legend.cs).toEqual([
      { code: 'CS1.1.1', label: 'Surfaces bâties', colour: '#ff9191', count: 1, areaM2: 10_000 },
    ]);
    expect(layer.legend.p4?.[0]).toMatchObject({ code: '1', labelEn: 'Urbanised areas' });
  });

  it('reads cs21/us21 fields of the vintage, and codes given for inputs without any', () => {
    const a = prepareFeatures('t', [ocs({ cs21: 'CS6.3.0', us21: 'US1.1.3' })], {
      kind: 'ocs2d',
      vintage: 2021,
    });
    expect(a.features[0]?.properties).toMatchObject({ cs: 'CS6.3.0', p4: 2, millesime: 2021 });
    const b = prepareFeatures('t', [ocs({ CODE_CULTU: 'BTH' })], {
      kind: 'ocs2d',
      defaultCs: 'CS6.3.0',
      defaultUs: 'US1.1.3',
    });
    expect(b.features[0]?.properties.enaf).toBe('A');
  });

  it('refuses bad features, listing each one with what to do, and writes nothing', () => {
    const bad: InputFeature[] = [
      ocs({ id: 'no-code' }),
      ocs({ id: 'bad-pair', cs: 'CS1.1.1', us: 'US9.9.9' }),
      ocs({ id: 'point', cs: 'CS1.1.1', us: 'US5.2.2' }, { type: 'Point', coordinates: [X, Y] }),
      ocs({ id: 'degrees', cs: 'CS1.1.1', us: 'US5.2.2' }, poly(square(3.1, 50.6, 0.001))),
      ocs({ id: 'fine', cs: 'CS1.1.1', us: 'US5.2.2' }),
    ];
    let error: unknown;
    try {
      prepareFeatures('ocs2d.geojson', bad, { kind: 'ocs2d' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    const message = (error as DataError).message;
    expect(message).toContain('4 of the 5 features of "ocs2d.geojson" cannot be tiled; nothing was written.');
    expect(message).toContain(
      'feature 1 (id "no-code") has no "cs" and "us" code; name the fields with --cs-field/--us-field',
    );
    expect(message).toContain(
      'feature 2 (id "bad-pair") has the pair CS1.1.1 / US9.9.9, not in the OCS2D 2021 nomenclature',
    );
    expect(message).toContain('feature 3 (id "point") is a Point; expected Polygon or MultiPolygon');
    expect(message).toContain(
      'feature 4 (id "degrees") has the position (3.1, 50.6), outside Lambert-93 France: it looks like degrees',
    );
    expect(() => prepareFeatures('empty.geojson', [], { kind: 'ocs2d' })).toThrow(
      '"empty.geojson" has no feature',
    );
  });
});

describe('prepareFeatures (changes) and the heat grid', () => {
  const change = (cls: string, confidence: number, ring: number[][]) => ({
    properties: { class: cls, confidence, date_before: '2021-05-12', date_after: '2024-06-06' },
    geometry: poly(ring),
  });

  it('names classes by code or label and checks the confidence', () => {
    expect(changeClassOf('Vers bâti')?.code).toBe('vers_bati');
    expect(changeClassOf('zone artificialisée')?.code).toBe('zones_artificialisees');
    expect(changeClassOf('vers la mer')).toBeUndefined();
    expect(() =>
      prepareFeatures('c', [change('vers la mer', 0.8, square(X, Y, 10))], { kind: 'changes' }),
    ).toThrow(
      'has the class "vers la mer"; expected one of vers_bati, vers_impermeable, vers_terrassement, zones_artificialisees',
    );
    expect(() =>
      prepareFeatures('c', [change('vers_bati', 1.5, square(X, Y, 10))], { kind: 'changes' }),
    ).toThrow('has the confidence 1.5; expected a number from 0 to 1');
  });

  it('sums hectares per 100 m cell by class, leaving out doubtful detections', () => {
    const layer = prepareFeatures(
      'c',
      [
        // 200 m x 100 m straddling two cells, half and half: 1 ha each.
        change(
          'Vers bâti',
          0.9,
          square(X + 50, Y, 100).map(([x, y]) => [x as number, y as number]),
        ),
        change('vers_terrassement', 0.9, square(X + 150, Y, 100)),
        change('vers_impermeable', 0.3, square(X, Y, 100)),
      ],
      { kind: 'changes' },
    );
    expect(layer.features[0]?.properties).toMatchObject({
      class_code: 'vers_bati',
      confidence: 0.9,
      area_m2: 10_000,
    });
    const cells = heatGrid(layer.features, 100, 0.5);
    const total = cells.reduce((s, c) => s + c.hectares, 0);
    expect(total).toBeCloseTo(2, 6);
    expect(cells.map((c) => [c.x - X, c.byClass])).toEqual([
      [0, { vers_bati: 0.5 }],
      [100, { vers_bati: 0.5, vers_terrassement: 0.5 }],
      [200, { vers_terrassement: 0.5 }],
    ]);
  });
});
