import { describe, expect, it } from 'vitest';
import { exportFileName, figuresToCsv, formatCsvNumber, territoryGeoJson } from './exports';
import {
  consumptionByDestination,
  defaultVintages,
  readStatsFile,
  type StatsFile,
  sumCommunes,
  surfaceRows,
  transitionMatrix,
} from './figures';
import { DEFAULT_SRADDET_TARGETS, readSraddetTargets, sraddetProgress } from './sraddet';

const empty = { cs: {}, us: {}, p4: {}, p21: {}, enaf: {} };
/** Two hand-made communes of one EPCI and a third elsewhere. */
const STATS: StatsFile = {
  version: 1,
  attribution: 'test',
  vintages: [2021, 2024],
  communes: {
    '59009': {
      name: "Villeneuve-d'Ascq",
      epci: 'E1',
      dep: '59',
      areaHa: 2759.0677,
      surfaces: {
        '2021': { ...empty, enaf: { A: 10.5, Uh: 2.25 } },
        '2024': { ...empty, enaf: { A: 8.5, Uh: 4.25 } },
      },
      transitions: { '2021-2024': { ...empty, enaf: { 'A>A': 8.5, 'A>Uh': 2, 'Uh>Uh': 2.25 } } },
      consumption: { '2021-2024': { habitat: 2 } },
      changes: { vers_bati: 1.5 },
    },
    '59350': {
      name: 'Lille',
      epci: 'E1',
      dep: '59',
      areaHa: 3483.1,
      surfaces: {
        '2021': { ...empty, enaf: { A: 1, F: 3 } },
        '2024': { ...empty, enaf: { A: 0.5, F: 3, Ue: 0.5 } },
      },
      transitions: { '2021-2024': { ...empty, enaf: { 'A>A': 0.5, 'A>Ue': 0.5, 'F>F': 3 } } },
      consumption: { '2021-2024': { activite: 0.5 } },
      changes: { vers_bati: 0.25, vers_terrassement: 1 },
    },
    '80021': {
      name: 'Amiens',
      epci: 'E2',
      dep: '80',
      areaHa: 4956,
      surfaces: { '2021': { ...empty, enaf: { N: 7 } }, '2024': { ...empty, enaf: { N: 7 } } },
      transitions: { '2021-2024': { ...empty, enaf: { 'N>N': 7 } } },
      consumption: { '2021-2024': {} },
      changes: {},
    },
  },
};

describe('territory figures', () => {
  it('an EPCI sums its communes: surfaces, transitions, consumption and changes add up', () => {
    const f = sumCommunes(STATS, ['59009', '59350']);
    expect(f.communeCount).toBe(2);
    expect(f.communesWithData).toBe(2);
    expect(f.areaHa).toBe(6242.1677);
    expect(f.surfaces['2021']?.enaf).toEqual({ A: 11.5, Uh: 2.25, F: 3 });
    expect(f.surfaces['2024']?.enaf).toEqual({ A: 9, Uh: 4.25, F: 3, Ue: 0.5 });
    expect(f.transitions['2021-2024']?.enaf).toEqual({
      'A>A': 9,
      'A>Uh': 2,
      'Uh>Uh': 2.25,
      'A>Ue': 0.5,
      'F>F': 3,
    });
    expect(f.consumption['2021-2024']).toEqual({ habitat: 2, activite: 0.5 });
    expect(f.changes).toEqual({ vers_bati: 1.75, vers_terrassement: 1 });
  });

  it('the region equals the sum of its départements, and a commune without data counts as none', () => {
    const region = sumCommunes(STATS, ['59009', '59350', '80021', '02001']);
    const d59 = sumCommunes(STATS, ['59009', '59350']);
    const d80 = sumCommunes(STATS, ['80021']);
    expect(region.communeCount).toBe(4);
    expect(region.communesWithData).toBe(3);
    for (const k of ['A', 'F', 'N', 'Uh', 'Ue'])
      expect(region.surfaces['2024']?.enaf[k] ?? 0).toBeCloseTo(
        (d59.surfaces['2024']?.enaf[k] ?? 0) + (d80.surfaces['2024']?.enaf[k] ?? 0),
        9,
      );
    expect(consumptionByDestination(region, 2021, 2024).totalHa).toBe(2.5);
  });

  it('surface rows and the transition matrix follow the official order and accept vintages in either order', () => {
    const f = sumCommunes(STATS, ['59009', '59350']);
    const order = ['A', 'F', 'N', 'Ua', 'Ue', 'Uh', 'Ui'];
    expect(surfaceRows(f, 'enaf', 2024, 2021, order)).toEqual([
      { code: 'A', from: 11.5, to: 9, delta: -2.5 },
      { code: 'F', from: 3, to: 3, delta: 0 },
      { code: 'Ue', from: 0, to: 0.5, delta: 0.5 },
      { code: 'Uh', from: 2.25, to: 4.25, delta: 2 },
    ]);
    const m = transitionMatrix(f, 'enaf', 2024, 2021, order);
    expect(m.from).toBe(2021);
    expect(m.rows).toEqual(['A', 'F', 'Uh']);
    expect(m.columns).toEqual(['A', 'F', 'Ue', 'Uh']);
    expect(m.cells[0]).toEqual([9, 0, 0.5, 2]);
    expect(m.changedHa).toBe(2.5);
    expect(m.totalHa).toBe(16.75);
    expect(consumptionByDestination(f, 2021, 2024).byDestination).toEqual({
      habitat: 2,
      activite: 0.5,
      infrastructure: 0,
      autre: 0,
    });
  });

  it('default vintages are the first and last of the file', () => {
    expect(defaultVintages({ vintages: [2024, 2018, 2021] })).toEqual([2018, 2024]);
    expect(defaultVintages({ vintages: [2021] })).toBeNull();
  });

  it('a file of another version or shape is refused in words', () => {
    expect(() => readStatsFile({ version: 2, vintages: [], communes: {} }, 'x.json')).toThrow(
      /x.json has version 2; expected 1/,
    );
    expect(() => readStatsFile({ version: 1, vintages: ['a'], communes: {} })).toThrow(
      /"vintages" must be a list of years/,
    );
    expect(() => readStatsFile({ version: 1, vintages: [2021], communes: [] })).toThrow(
      /"communes" must be an object/,
    );
    expect(readStatsFile(STATS)).toBe(STATS);
  });
});

describe('CSV export', () => {
  const f = sumCommunes(STATS, ['59009', '59350']);
  const t = { name: 'Métropole Européenne de Lille', code: 'E1' };

  it('French format: semicolons and decimal commas; English: commas and decimal points', () => {
    const fr = figuresToCsv(t, f, 2021, 2024, 'fr').split('\r\n');
    expect(fr[0]).toBe('territoire;code;section;nomenclature;classe;classe_arrivee;millesime;hectares');
    expect(fr).toContain('Métropole Européenne de Lille;E1;surface;enaf;Uh;;2021;2,25');
    expect(fr).toContain('Métropole Européenne de Lille;E1;transition;enaf;A;Uh;2021-2024;2');
    expect(fr).toContain(
      'Métropole Européenne de Lille;E1;consommation_enaf;enaf;NAF;activite;2021-2024;0,5',
    );
    expect(fr).toContain('Métropole Européenne de Lille;E1;changement;changes;vers_bati;;;1,75');
    const en = figuresToCsv(t, f, 2021, 2024, 'en').split('\r\n');
    expect(en[0]).toBe('territory,code,section,nomenclature,class,to_class,vintage,hectares');
    expect(en).toContain('Métropole Européenne de Lille,E1,surface,enaf,Uh,,2021,2.25');
  });

  it('fields holding the separator or quotes are quoted', () => {
    const csv = figuresToCsv({ name: 'Saint-Jans; "Cappel"', code: '59' }, f, 2021, 2024, 'fr');
    expect(csv.split('\r\n')[1]?.startsWith('"Saint-Jans; ""Cappel""";59;')).toBe(true);
    const en = figuresToCsv({ name: 'A, B', code: '1' }, f, 2021, 2024, 'en');
    expect(en.split('\r\n')[1]?.startsWith('"A, B",1,')).toBe(true);
  });

  it('numbers: no thousands separator, at most 4 decimals', () => {
    expect(formatCsvNumber(7410, 'fr')).toBe('7410');
    expect(formatCsvNumber(1234.56789, 'fr')).toBe('1234,5679');
    expect(formatCsvNumber(1234.56789, 'en')).toBe('1234.5679');
  });

  it('files are named after the territory and the vintages', () => {
    expect(exportFileName({ name: "Villeneuve-d'Ascq", code: '59009' }, 2024, 2021, 'csv')).toBe(
      'indicateurs_villeneuve-d-ascq_59009_2021-2024.csv',
    );
    expect(exportFileName(t, 2021, 2024, 'geojson')).toBe(
      'indicateurs_metropole-europeenne-de-lille_E1_2021-2024.geojson',
    );
  });

  it('the GeoJSON export carries the outline and the figures', () => {
    const poly = [
      [
        [3.1, 50.6],
        [3.2, 50.6],
        [3.2, 50.7],
        [3.1, 50.6],
      ],
    ] as [number, number][][];
    const fc = JSON.parse(territoryGeoJson({ ...t, kind: 'epci' }, [poly], f, 2021, 2024));
    expect(fc.features[0].geometry).toEqual({ type: 'MultiPolygon', coordinates: [poly] });
    expect(fc.features[0].properties).toMatchObject({
      code: 'E1',
      consumption_habitat: 2,
      enaf_2024_Uh: 4.25,
    });
    expect(
      JSON.parse(territoryGeoJson({ ...t, kind: 'region' }, null, f, 2021, 2024)).features[0].geometry,
    ).toBeNull();
  });
});

describe('SRADDET comparison', () => {
  it('compares with the nearest ancestor with a target: 741 ha in 3 years of a 7,410 ha decade', () => {
    const p = sraddetProgress(
      741,
      2021,
      2024,
      ['commune:59009', 'epci:E1', 'dep:59', 'region:32'],
      DEFAULT_SRADDET_TARGETS,
    );
    expect(p?.own).toBe(false);
    expect(p?.target.territory).toBe('region:32');
    expect(p?.envelopeUsedPct).toBe(10);
    expect(p?.annualHa).toBe(247);
    expect(p?.allowedAnnualHa).toBe(741);
    expect(p?.projectedHa).toBe(2470);
    expect(p?.onTrack).toBe(true);
  });

  it('a territory with its own target uses it, and going too fast is said', () => {
    const targets = readSraddetTargets([
      { territory: 'epci:E1', envelopeHa: 100, period: [2021, 2030], referenceHa: 200, reductionPct: 50 },
      ...DEFAULT_SRADDET_TARGETS,
    ]);
    const p = sraddetProgress(60, 2021, 2024, ['epci:E1', 'dep:59', 'region:32'], targets);
    expect(p?.own).toBe(true);
    expect(p?.projectedHa).toBe(200);
    expect(p?.onTrack).toBe(false);
    expect(sraddetProgress(1, 2021, 2024, ['dep:80'], targets)).toBeNull();
  });

  it('malformed targets are refused naming the entry and the field', () => {
    expect(() =>
      readSraddetTargets([{ territory: 'region:32', envelopeHa: -1, period: [2021, 2030] }]),
    ).toThrow('indicators.sraddet[0].envelopeHa: expected a positive number of hectares, got -1');
    expect(() => readSraddetTargets([{ territory: 'pays:32', envelopeHa: 1, period: [2021, 2030] }])).toThrow(
      /\[0\]\.territory/,
    );
    expect(() =>
      readSraddetTargets([{ territory: 'region:32', envelopeHa: 1, period: [2030, 2021] }]),
    ).toThrow(/\[0\]\.period/);
    expect(() => readSraddetTargets({})).toThrow(/expected a list/);
  });
});
