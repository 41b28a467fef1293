/**
 * Indicators on hand-computable polygons: the spatial rules of the 4/21 classes and ENAF
 * (interior point within 20 m, farm structures within 50 m of the urban envelope, envelope
 * closing and 10 ha threshold), surfaces, the transition matrix, ENAF consumption and changes
 * per commune, in Lambert-93 hectares.
 */
import { describe, expect, it } from 'vitest';
import { classifyVintage, computeStats, envelopeGeometry, type OcsFeature } from '../../../tiling/stats';

/** Axis-aligned rectangle [x0, y0]-[x1, y1] as Lambert-93 polygons (offset into the region). */
const X = 700000;
const Y = 7050000;
function rect(x0: number, y0: number, x1: number, y1: number): number[][][][] {
  return [
    [
      [
        [X + x0, Y + y0],
        [X + x1, Y + y0],
        [X + x1, Y + y1],
        [X + x0, Y + y1],
        [X + x0, Y + y0],
      ],
    ],
  ];
}
const f = (cs: string, us: string, polygons: number[][][][]): OcsFeature => ({ cs, us, polygons });

describe('rule B: US7.0.0 by the interior point within 20 m of an urbanised polygon', () => {
  it('classes near and far copies, judging by the interior point only', () => {
    const out = classifyVintage([
      f('CS1.1.1', 'US5.4.0', rect(0, 0, 10, 10)), // isolated house: 4-class 1
      f('CS1.2.1', 'US7.0.0', rect(15, 0, 25, 10)), // interior point (20, 5): 10 m away
      f('CS1.2.1', 'US7.0.0', rect(1000, 0, 1010, 10)), // far away
      f('CS1.2.1', 'US7.0.0', rect(15, -15, 55, 25)), // edge 5 m away, interior point 25 m away
    ]);
    expect(out.map((o) => [o.p4, o.p21, o.enaf])).toEqual([
      [1, 1, 'Uh'],
      [1, 13, 'Ua'],
      [3, 21, 'N'],
      [3, 21, 'N'],
    ]);
  });
});

describe('rule A: farm buildings near the urban envelope', () => {
  const block = f('CS1.1.1', 'US5.1.1', rect(0, 0, 400, 300)); // 12 ha of housing: an envelope
  it('a farm structure within 50 m is activité (Ue), further it is agricole (A), measured from the whole structure', () => {
    const out = classifyVintage([
      block,
      f('CS1.1.1', 'US1.1.1', rect(430, 100, 450, 120)), // 30 m
      f('CS1.1.1', 'US1.1.1', rect(600, 100, 620, 120)), // 200 m
      f('CS1.1.1', 'US1.1.1', rect(440, 200, 460, 220)), // 40 m ...
      f('CS1.1.2', 'US1.1.7', rect(460, 200, 480, 220)), // ... and a yard 60 m away touching it
    ]);
    expect(out.map((o) => o.enaf)).toEqual(['Uh', 'Ue', 'A', 'Ue', 'Ue']);
  });

  it('an envelope needs 10 ha: a 6.25 ha block makes none, so its farm stays agricultural', () => {
    const out = classifyVintage([
      f('CS1.1.1', 'US5.1.1', rect(0, 0, 250, 250)),
      f('CS1.1.1', 'US1.1.1', rect(280, 100, 300, 120)),
    ]);
    expect(out[1]?.enaf).toBe('A');
  });

  it('closes gaps narrower than 100 m between seeds: two 5 ha blocks 90 m apart make one envelope, 110 m apart none', () => {
    const near = envelopeGeometry([
      f('CS1.1.1', 'US5.1.1', rect(0, 0, 250, 200)),
      f('CS1.1.1', 'US5.1.1', rect(340, 0, 590, 200)),
    ]);
    expect(near.getNumGeometries()).toBe(1);
    // 10 ha of blocks plus most of the 90 m x 200 m gap (the bevelled corners take a little).
    expect(near.getArea() / 1e4).toBeGreaterThan(11.5);
    expect(near.getArea() / 1e4).toBeLessThan(11.81);
    const far = envelopeGeometry([
      f('CS1.1.1', 'US5.1.1', rect(0, 0, 250, 200)),
      f('CS1.1.1', 'US5.1.1', rect(360, 0, 610, 200)),
    ]);
    expect(far.getNumGeometries()).toBe(0);
  });
});

describe('computeStats', () => {
  const communes = [
    { code: '59001', name: 'Ouest', epci: '200000001', dep: '59', polygons: rect(0, 0, 100, 100) },
    { code: '59002', name: 'Est', epci: '200000001', dep: '59', polygons: rect(100, 0, 200, 100) },
  ];
  const stats = computeStats({
    communes,
    vintages: [
      {
        year: 2024,
        features: [
          f('CS1.1.1', 'US5.1.1', rect(50, 0, 150, 100)),
          f('CS2.2.1', 'US1.1.1', rect(0, 0, 50, 100)),
          f('CS2.2.1', 'US1.1.3', rect(150, 0, 200, 100)),
        ],
      },
      { year: 2021, features: [f('CS2.2.1', 'US1.1.1', rect(0, 0, 200, 100))] },
    ],
    changes: [{ classCode: 'vers_bati', polygons: rect(90, 0, 110, 100) }],
  });

  it('sums surfaces per commune and vintage in Lambert-93 hectares', () => {
    expect(stats.vintages).toEqual([2021, 2024]);
    const west = stats.communes['59001'];
    expect(west?.areaHa).toBe(1);
    expect(west?.surfaces['2021']?.enaf).toEqual({ A: 1 });
    expect(west?.surfaces['2024']?.enaf).toEqual({ A: 0.5, Uh: 0.5 });
    expect(west?.surfaces['2024']?.cs).toEqual({ 'CS1.1.1': 0.5, 'CS2.2.1': 0.5 });
    expect(west?.surfaces['2024']?.us).toEqual({ 'US1.1.1': 0.5, 'US5.1.1': 0.5 });
    expect(stats.communes['59002']?.surfaces['2024']?.us).toEqual({ 'US1.1.3': 0.5, 'US5.1.1': 0.5 });
  });

  it('builds the transition matrix and the ENAF consumption between the vintages', () => {
    const west = stats.communes['59001'];
    expect(west?.transitions['2021-2024']?.enaf).toEqual({ 'A>A': 0.5, 'A>Uh': 0.5 });
    expect(west?.transitions['2021-2024']?.p4).toEqual({ '2>1': 0.5, '2>2': 0.5 });
    expect(west?.consumption['2021-2024']).toEqual({ habitat: 0.5 });
    expect(stats.communes['59002']?.consumption['2021-2024']).toEqual({ habitat: 0.5 });
  });

  it('sums detected changes per commune and keeps the hierarchy codes', () => {
    expect(stats.communes['59001']?.changes).toEqual({ vers_bati: 0.1 });
    expect(stats.communes['59002']?.changes).toEqual({ vers_bati: 0.1 });
    expect(stats.communes['59002']).toMatchObject({ name: 'Est', epci: '200000001', dep: '59' });
  });
});
