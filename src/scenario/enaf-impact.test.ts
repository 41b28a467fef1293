import { VectorTile } from '@mapbox/vector-tile';
import type { Feature } from 'geojson';
import { PbfReader } from 'pbf';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { LAMBERT_93_PROJ4 } from '../../format/crs';
import { tileToBbox } from '../../format/grid';
import { vectorTiles } from '../../tiling/vector/tiles';
import { footprintImpact, impactFromTiles, multiPolygonArea } from './enaf-impact';
import type { Polygon } from './scenario-file';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];

describe('footprintImpact (planar, hand-computed)', () => {
  const field = { polygons: [rect(0, 0, 100, 100)], enaf: 'A', p4: '3', p21: '3.1' };
  const wood = { polygons: [rect(100, 0, 200, 100)], enaf: 'F', p4: '4', p21: '4.2' };
  const town = { polygons: [rect(0, 100, 200, 200)], enaf: 'Uh', p4: '1', p21: '1.1' };

  it('splits a 1 ha square across a field, a wood and a built area', () => {
    // 100 m × 100 m centred on (100, 100): a quarter (0.25 ha) in each of field and wood, half in town.
    const r = footprintImpact([rect(50, 50, 150, 150)], [field, wood, town]);
    expect(r.footprintHa).toBeCloseTo(1, 9);
    expect(r.nafHa).toBeCloseTo(0.5, 9);
    expect(r.byEnaf.A).toBeCloseTo(0.25, 9);
    expect(r.byEnaf.F).toBeCloseTo(0.25, 9);
    expect(r.byEnaf.Uh).toBeCloseTo(0.5, 9);
    expect(r.nafByP4).toEqual({ '3': expect.closeTo(0.25, 9), '4': expect.closeTo(0.25, 9) });
    expect(r.nafByP21['1.1']).toBeUndefined();
    expect(r.uncoveredHa).toBeCloseTo(0, 9);
  });

  it('counts overlapping buildings once and reports land outside the OCS2D', () => {
    // Two 100 × 50 m buildings overlapping on 50 × 50 m: union 1.25 ha... of which x < 0 is uncovered.
    const r = footprintImpact([rect(-50, 0, 50, 50), rect(0, 0, 100, 50)], [field]);
    expect(r.footprintHa).toBeCloseTo(0.75, 9);
    expect(r.byEnaf.A).toBeCloseTo(0.5, 9);
    expect(r.uncoveredHa).toBeCloseTo(0.25, 9);
  });

  it('subtracts holes and leaves an empty result for no footprint', () => {
    const ring = [...rect(0, 0, 100, 100), ...rect(25, 25, 75, 75)];
    expect(multiPolygonArea([ring])).toBeCloseTo(10_000 - 2_500, 6);
    expect(footprintImpact([], [field]).footprintHa).toBe(0);
  });
});

describe('impactFromTiles (real MVT written by tiling vector)', () => {
  const l93 = proj4('WGS84', LAMBERT_93_PROJ4);
  const z = 16;
  // A tile corner near Villeneuve-d'Ascq, in Lambert-93: the footprint straddles four tiles.
  const [w, , , n] = tileToBbox({ z, x: 33338, y: 22040 });
  const [cx, cy] = l93.forward([w, n]) as [number, number];
  const toLonLat = (p: Polygon) => p.map((r) => r.map(([x, y]) => l93.inverse([x, y]) as [number, number]));
  const feature = (p: Polygon, props: Record<string, string>): Feature => ({
    type: 'Feature',
    properties: props,
    geometry: { type: 'Polygon', coordinates: toLonLat(p).map((r) => r.map((xy) => [...xy])) },
  });

  it('reads the pyramid at max zoom and finds the hand-computed hectares once', async () => {
    const ocs = [
      feature(rect(cx - 300, cy - 300, cx, cy + 300), { enaf: 'A', p4: '3', p21: '3.1' }),
      feature(rect(cx, cy - 300, cx + 300, cy + 300), { enaf: 'Ui', p4: '1', p21: '1.3' }),
    ];
    const bounds: [number, number, number, number] = [w - 0.01, n - 0.01, w + 0.01, n + 0.01];
    const tiles = new Map<string, VectorTile>();
    for (const t of vectorTiles({ ocs2d: ocs }, { minZoom: z, maxZoom: z, bounds }))
      tiles.set(`${t.z}/${t.x}/${t.y}`, new VectorTile(new PbfReader(t.bytes)));
    expect(tiles.size).toBeGreaterThanOrEqual(4);
    // 200 × 100 m footprint, 150 m of it west of the split (1.5 ha of A), 50 m east (0.5 ha of Ui).
    const fp = rect(cx - 150, cy - 50, cx + 50, cy + 50);
    let asked = 0;
    const r = await impactFromTiles(
      [fp],
      [toLonLat(fp)],
      async (t) => {
        asked++;
        return tiles.get(`${t.z}/${t.x}/${t.y}`) ?? null;
      },
      'ocs2d',
      z,
    );
    expect(asked).toBe(4);
    expect(r.footprintHa).toBeCloseTo(2, 6);
    expect(r.nafHa).toBeCloseTo(1.5, 2);
    expect(r.byEnaf.Ui).toBeCloseTo(0.5, 2);
    expect(r.nafByP21).toEqual({ '3.1': expect.closeTo(1.5, 2) });
    expect(r.uncoveredHa).toBeLessThan(0.002);
  });
});
