import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTerritoryIndex, TERRITORIES_PATH } from '../../../scripts/build-territory-index.mjs';
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
import { type LonLatPolygon, readTerritoryShapes, shapesText } from './shapes';

// The real index of the build, from the territories the repository carries (data/territories/).
const index = buildTerritoryIndex();
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

/** Planar area in km² (degrees scaled at 50.3°N): enough to compare unions with their parts. */
function areaKm2(polys: readonly LonLatPolygon[]): number {
  const kx = 111.32 * Math.cos((50.3 * Math.PI) / 180);
  const ky = 110.95;
  let a = 0;
  for (const p of polys)
    p.forEach((ring, i) => {
      let r = 0;
      for (let j = 0, k = ring.length - 1; j < ring.length; k = j++) {
        const [x1, y1] = ring[k] as [number, number];
        const [x2, y2] = ring[j] as [number, number];
        r += x1 * kx * (y2 * ky) - x2 * kx * (y1 * ky);
      }
      a += (i === 0 ? 1 : -1) * Math.abs(r / 2);
    });
  return a;
}

describe('territory shapes (the committed TopoJSON, as the browser reads it)', () => {
  const bytes = readFileSync(TERRITORIES_PATH);
  const text = shapesText(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const shapes = text.then((t) => readTerritoryShapes(JSON.parse(t)));
  const load = () => shapes;
  const polygons = (kind: 'commune' | 'epci' | 'dep' | 'region' | 'scot', code: string) =>
    lensPolygonsOf(h, { kind, code, name: code }, load);

  it('unzips in the browser’s way and holds every territory of the index', async () => {
    expect((await text).startsWith('{"type":"Topology"')).toBe(true);
    const s = await shapes;
    expect([...h.communes.keys()].filter((c) => !s.byCode.communes.has(c))).toEqual([]);
    expect(h.epci.filter((e) => !s.byCode.epci.has(e.code))).toEqual([]);
    expect([...s.byCode.departements.keys()]).toEqual(['02', '59', '60', '62', '80']);
    expect([...s.byCode.region.keys()]).toEqual(['32']);
  });

  it('a commune is outlined by its own polygon, within its extent', async () => {
    const t = { kind: 'commune' as const, code: '59009', name: "Villeneuve-d'Ascq" };
    const polys = await lensPolygonsOf(h, t, load);
    const bbox = bboxOfTerritory(h, t);
    if (!bbox) throw new Error('no extent');
    expect(polys.length).toBeGreaterThan(0);
    // Villeneuve-d'Ascq: 27.46 km² (INSEE); the generalised boundary is within 3 %.
    expect(areaKm2(polys)).toBeGreaterThan(26.6);
    expect(areaKm2(polys)).toBeLessThan(28.3);
    for (const [lon, lat] of polys.flat(2)) {
      expect(lon).toBeGreaterThanOrEqual(bbox[0] - 1e-4);
      expect(lon).toBeLessThanOrEqual(bbox[2] + 1e-4);
      expect(lat).toBeGreaterThanOrEqual(bbox[1] - 1e-4);
      expect(lat).toBeLessThanOrEqual(bbox[3] + 1e-4);
    }
  });

  it('an EPCI, a département and the région are the union of their communes, in a few rings', async () => {
    const sum = async (codes: readonly string[]) => {
      let a = 0;
      for (const c of codes) a += areaKm2(await polygons('commune', c));
      return a;
    };
    const mel = h.epci.find((e) => e.code === MEL);
    const nord = h.deps.find((d) => d.code === '59');
    if (!mel || !nord) throw new Error('MEL or Nord missing');
    for (const [kind, code, members] of [
      ['epci', MEL, mel.members],
      ['dep', '59', nord.members],
    ] as const) {
      const polys = await polygons(kind, code);
      expect(polys.length).toBeLessThanOrEqual(3);
      expect(areaKm2(polys) / (await sum(members))).toBeCloseTo(1, 4);
    }
    // Nord: 5,743 km²; Hauts-de-France: 31,806 km² (INSEE).
    expect(areaKm2(await polygons('dep', '59'))).toBeGreaterThan(5650);
    expect(areaKm2(await polygons('dep', '59'))).toBeLessThan(5850);
    const region = await polygons('region', '32');
    expect(areaKm2(region)).toBeGreaterThan(31_300);
    expect(areaKm2(region)).toBeLessThan(32_300);
  });

  it('a SCoT is its member communes merged: one outline, no inner boundaries', async () => {
    const polys = await polygons('scot', 'SCOT-LM');
    const parts = await Promise.all(['59009', '59350', '59512'].map((c) => polygons('commune', c)));
    const sumArea = parts.reduce((s, p) => s + areaKm2(p), 0);
    expect(areaKm2(polys) / sumArea).toBeCloseTo(1, 4);
    const vertices = (p: LonLatPolygon[]) => p.flat().length;
    expect(vertices(polys)).toBeLessThan(parts.reduce((s, p) => s + vertices(p), 0));
  });

  it('a file that is not the territories TopoJSON is refused', () => {
    expect(() => readTerritoryShapes({ type: 'Topology', arcs: [], objects: {} })).toThrow(
      /territories TopoJSON/,
    );
  });
});
