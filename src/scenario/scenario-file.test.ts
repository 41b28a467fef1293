import { describe, expect, it } from 'vitest';
import { wgs84ToLambert93 } from '../../format/crs';
import { parseScenario } from './scenario-file';

const square = (x: number, y: number, d: number) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];
const fc = (features: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'FeatureCollection', ...extra, features });
const feat = (coordinates: unknown, properties: Record<string, unknown>, type = 'Polygon') => ({
  type: 'Feature',
  properties,
  geometry: { type, coordinates },
});

describe('parseScenario', () => {
  it('reads Lambert-93 footprints (detected) with heights and storeys', () => {
    const r = parseScenario(
      fc([
        feat(square(706000, 7058000, 20), { name: 'Halle', height: 12 }),
        feat([square(706100, 7058000, 10)], { storeys: 4 }, 'MultiPolygon'),
      ]),
      'projet.geojson',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.scenario.crs).toBe('EPSG:2154');
    expect(r.scenario.buildings.map((b) => [b.label, b.heightM])).toEqual([
      ['Halle', 12],
      ['n° 2', 12],
    ]);
    const [lon, lat] = r.scenario.buildings[0]?.wgs84[0]?.[0]?.[0] ?? [0, 0];
    expect(wgs84ToLambert93(lon, lat)[0]).toBeCloseTo(706000, 3);
  });

  it('reads WGS 84 footprints and projects them to Lambert-93', () => {
    const r = parseScenario(
      fc([feat(square(3.14, 50.615, 0.001), { height: '9.5' })], {
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
      }),
      'a.json',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.scenario.crs).toBe('EPSG:4326');
    expect(r.scenario.buildings[0]?.heightM).toBe(9.5);
    const [x, y] = r.scenario.buildings[0]?.l93[0]?.[0]?.[0] ?? [0, 0];
    expect([x, y]).toEqual(wgs84ToLambert93(3.14, 50.615));
  });

  it('names the feature and the field of every problem', () => {
    const r = parseScenario(
      fc([
        feat(square(3.14, 50.615, 0.001), { name: 'A' }),
        feat(square(3.14, 50.615, 0.001), { name: 'B', storeys: 2.5 }),
        feat(square(3.14, 50.615, 0.001), { id: 7, height: -3 }),
        { type: 'Feature', properties: { height: 3 }, geometry: { type: 'Point', coordinates: [3, 50] } },
        feat([[[3, 50]]], { height: 3 }),
      ]),
      'bad.geojson',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.feature, p.label, p.field, p.code])).toEqual([
      [1, 'A', 'height', 'height-missing'],
      [2, 'B', 'storeys', 'height-invalid'],
      [3, '7', 'height', 'height-invalid'],
      [4, 'n° 4', 'geometry.type', 'geometry-type'],
      [5, 'n° 5', 'geometry.coordinates', 'coordinates'],
    ]);
  });

  it('refuses a file that is not a GeoJSON collection, has another CRS or lies outside the region', () => {
    const code = (text: string) => {
      const r = parseScenario(text, 'x');
      return r.ok ? 'ok' : r.problems.map((p) => `${p.feature}:${p.field}:${p.code}`).join(',');
    };
    expect(code('{nope')).toBe('0:JSON:not-json');
    expect(code('{"type":"Feature"}')).toBe('0:type:not-collection');
    expect(code(fc([]))).toBe('0:features:empty');
    expect(
      code(fc([feat(square(1, 1, 1), { height: 3 })], { crs: { properties: { name: 'EPSG:3857' } } })),
    ).toBe('0:crs:crs');
    expect(code(fc([feat(square(4.83, 45.76, 0.001), { height: 3 })]))).toBe(
      '1:geometry.coordinates:out-of-region',
    );
  });
});
