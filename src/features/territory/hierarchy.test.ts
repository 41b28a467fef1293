import { describe, expect, it } from 'vitest';
import { buildTerritoryIndex } from '../../../scripts/build-territory-index.mjs';
import { buildTerritoryShapes } from '../../../scripts/build-territory-shapes.mjs';
import {
  bboxOfTerritory,
  communeOptions,
  epciOptions,
  lineageOf,
  matchesQuery,
  membersOf,
  NO_CHOICE,
  readHierarchy,
  readScotPerimeters,
  scotOptions,
  territoryOfChoice,
} from './hierarchy';
import { lensPolygonsOf } from './lens-shapes';
import { decodeRing } from './shapes';

// The real index of the build (2026 COG, @etalab/decoupage-administratif) and real boundaries.
const index = buildTerritoryIndex(() => {});
const MEL = '200093201';
const h = readHierarchy(index, [
  { code: 'SCOT-LM', name: 'SCoT de Lille Métropole', communes: ['59009', '59350', '59512'] },
]);

describe('territory hierarchy', () => {
  it('has the region’s 5 départements, 92 EPCI and 3,782 communes', () => {
    expect(h.deps.map((d) => `${d.code} ${d.name}`)).toEqual([
      '02 Aisne',
      '59 Nord',
      '60 Oise',
      '62 Pas-de-Calais',
      '80 Somme',
    ]);
    expect(h.epci).toHaveLength(92);
    expect(h.communes.size).toBe(3782);
    expect(h.deps.reduce((n, d) => n + d.members.length, 0)).toBe(3782);
  });

  it('choosing Nord narrows the EPCI; choosing the MEL narrows the communes to its members', () => {
    const all = epciOptions(h, NO_CHOICE).length;
    const nord = epciOptions(h, { ...NO_CHOICE, dep: '59' });
    expect(nord.length).toBeLessThan(all);
    expect(nord.every((e) => e.deps.includes('59'))).toBe(true);
    expect(nord.map((e) => e.code)).toContain(MEL);
    const inNord = communeOptions(h, { ...NO_CHOICE, dep: '59' });
    expect(inNord).toHaveLength(647);
    const inMel = communeOptions(h, { ...NO_CHOICE, dep: '59', epci: MEL });
    expect(inMel.length).toBeGreaterThan(80);
    expect(inMel.length).toBeLessThan(inNord.length);
    expect(inMel.every((c) => c.epci === MEL)).toBe(true);
    expect(inMel.map((c) => c.name)).toContain("Villeneuve-d'Ascq");
  });

  it('the SCoT level narrows EPCI and communes to its perimeter', () => {
    expect(scotOptions(h, { ...NO_CHOICE, dep: '80' })).toHaveLength(0);
    const choice = { ...NO_CHOICE, dep: '59', scot: 'SCOT-LM' };
    expect(epciOptions(h, choice).map((e) => e.code)).toEqual([MEL]);
    expect(
      communeOptions(h, { ...choice, epci: MEL })
        .map((c) => c.code)
        .sort(),
    ).toEqual(['59009', '59350', '59512']);
  });

  it('type-ahead matches code starts and name words, accents and case ignored', () => {
    const vda = h.communes.get('59009');
    if (!vda) throw new Error('59009 missing');
    expect(matchesQuery(vda, '5900')).toBe(true);
    expect(matchesQuery(vda, '5935')).toBe(false);
    expect(matchesQuery(vda, 'villeneuve ascq')).toBe(true);
    expect(matchesQuery(vda, 'VILLENEUVE-D')).toBe(true);
    expect(matchesQuery(vda, 'lille')).toBe(false);
  });

  it('the territory of a choice is its most specific level, with members, lineage and extent', () => {
    const choice = { ...NO_CHOICE, dep: '59', epci: MEL, commune: '59009' };
    const t = territoryOfChoice(h, choice);
    expect(t).toEqual({ kind: 'commune', code: '59009', name: "Villeneuve-d'Ascq" });
    expect(membersOf(h, t)).toEqual(['59009']);
    expect(lineageOf(h, t, choice)).toEqual(['commune:59009', `epci:${MEL}`, 'dep:59', 'region:32']);
    const bbox = bboxOfTerritory(h, t);
    expect(bbox?.[0]).toBeGreaterThan(3.1);
    expect(bbox?.[2]).toBeLessThan(3.25);
    expect(territoryOfChoice(h, NO_CHOICE).kind).toBe('region');
    expect(membersOf(h, territoryOfChoice(h, NO_CHOICE))).toHaveLength(3782);
  });

  it('SCoT perimeter files without codes, names or members are refused in words', () => {
    const fc = (properties: object) => ({ type: 'FeatureCollection', features: [{ properties }] });
    expect(
      readScotPerimeters(fc({ code: 'S1', nom: 'SCoT 1', communes: '59009;59350' }), 'scot.geojson'),
    ).toEqual([{ code: 'S1', name: 'SCoT 1', communes: ['59009', '59350'] }]);
    expect(() => readScotPerimeters(fc({ code: 'S1' }), 'scot.geojson')).toThrow(
      'SCoT: scot.geojson, feature 1: expected properties "code", "name" and "communes" (INSEE codes)',
    );
    expect(() => readScotPerimeters([], 'x')).toThrow(/not a GeoJSON FeatureCollection/);
  });
});

describe('territory shapes', () => {
  const shapes = buildTerritoryShapes(() => {});
  const load = async (dep: string) => {
    const f = shapes[dep];
    if (!f) throw new Error(`no shapes for ${dep}`);
    return f;
  };

  it('rings decode from deltas in 1e-4 degree', () => {
    expect(decodeRing([31500, 506150, 10, 0, 0, 10, -10, -10])).toEqual([
      [3.15, 50.615],
      [3.151, 50.615],
      [3.151, 50.616],
      [3.15, 50.615],
    ]);
  });

  it('a département file stays small (< 400 kB) and every commune of the index has a shape', () => {
    for (const f of Object.values(shapes)) expect(JSON.stringify(f).length).toBeLessThan(400_000);
    const missing = [...h.communes.keys()].filter((c) => !shapes[h.communes.get(c)?.dep ?? '']?.communes[c]);
    expect(missing).toEqual([]);
  });

  it('a commune is outlined by its own polygon, within its extent', async () => {
    const t = { kind: 'commune' as const, code: '59009', name: "Villeneuve-d'Ascq" };
    const polys = await lensPolygonsOf(h, t, load);
    const bbox = bboxOfTerritory(h, t);
    if (!polys || !bbox) throw new Error('no outline');
    expect(polys.length).toBeGreaterThan(0);
    for (const [lon, lat] of polys.flat(2)) {
      expect(lon).toBeGreaterThanOrEqual(bbox[0] - 1e-4);
      expect(lat).toBeLessThanOrEqual(bbox[3] + 1e-4);
    }
  });

  it('a département is outlined by its whole EPCI plus the communes of the others: a few dozen polygons', async () => {
    const polys = await lensPolygonsOf(h, { kind: 'dep', code: '59', name: 'Nord' }, load);
    expect(polys?.length).toBeGreaterThan(5);
    expect(polys?.length).toBeLessThan(200);
    expect(await lensPolygonsOf(h, { kind: 'region', code: '32', name: 'Hauts-de-France' }, load)).toBeNull();
  });
});
