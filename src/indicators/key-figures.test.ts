import { describe, expect, it } from 'vitest';
import type { StatsFile } from './figures';
import { keyFigures } from './key-figures';
import { KEY_FIGURE_MESSAGES, keyFigureMessages, scopeText, sraddetText } from './key-figures-messages';
import { DEFAULT_SRADDET_TARGETS, type SraddetTarget } from './sraddet';
import { figureVintages } from './use-key-figures';

const empty = { cs: {}, us: {}, p4: {}, p21: {}, enaf: {} };
/** Two hand-made communes; the sums below are done by hand. */
const STATS: StatsFile = {
  version: 1,
  attribution: 'test',
  vintages: [2021, 2024],
  communes: {
    '59009': {
      name: "Villeneuve-d'Ascq",
      epci: '200093201',
      dep: '59',
      areaHa: 2759,
      surfaces: {
        '2021': { ...empty, p4: { '1': 2.25, '2': 10.5 }, enaf: { A: 10.5, Uh: 2.25 } },
        '2024': { ...empty, p4: { '1': 4.25, '2': 8.5 }, enaf: { A: 8.5, Uh: 4.25 } },
      },
      transitions: {},
      consumption: { '2021-2024': { habitat: 2 } },
      changes: {},
    },
    '59350': {
      name: 'Lille',
      epci: '200093201',
      dep: '59',
      areaHa: 3483,
      surfaces: {
        '2021': { ...empty, p4: { '2': 1, '3': 3 }, enaf: { A: 1, F: 3 } },
        '2024': { ...empty, p4: { '1': 0.5, '2': 0.5, '3': 3 }, enaf: { A: 0.5, F: 3, Ue: 0.5 } },
      },
      transitions: {},
      consumption: { '2021-2024': { activite: 0.5 } },
      changes: {},
    },
  },
};

const LILLE = {
  name: 'Lille',
  communes: ['59350'],
  lineage: ['commune:59350', 'epci:200093201', 'region:32'],
};

describe('key figures', () => {
  it('sums the whole data area when no territory is chosen, against the region’s envelope', () => {
    const f = keyFigures(STATS, null, 2021, 2024, DEFAULT_SRADDET_TARGETS);
    expect(f.scope).toEqual({ kind: 'data', communes: ["Villeneuve-d'Ascq", 'Lille'] });
    expect(f.consumedHa).toBe(2.5);
    expect(f.nafA).toBe(14.5); // 10.5 + 1 + 3
    expect(f.nafB).toBe(12); // 8.5 + 0.5 + 3
    expect(f.sraddet).toMatchObject({ envelopeHa: 7410, territory: 'region:32', own: false });
    expect(f.sraddet?.percent).toBeCloseTo((100 * 2.5) / 7410, 4);
    expect(f.p4).toEqual([
      { code: '1', a: 2.25, b: 4.75 },
      { code: '2', a: 11.5, b: 9 },
      { code: '3', a: 3, b: 3 },
      { code: '4', a: 0, b: 0 },
    ]);
    expect(f.missing).toEqual([]);
  });

  it('follows the chosen territory and its own envelope when it has one', () => {
    const own: SraddetTarget[] = [{ territory: 'commune:59350', envelopeHa: 2, period: [2021, 2030] }];
    const f = keyFigures(STATS, LILLE, 2021, 2024, own);
    expect(f.scope).toEqual({ kind: 'territory', name: 'Lille' });
    expect(f.consumedHa).toBe(0.5);
    expect(f.sraddet).toMatchObject({ percent: 25, envelopeHa: 2, own: true });
    const m = keyFigureMessages('fr');
    expect(sraddetText(f, m)).toBe('25\u00a0% de 2,00\u00a0ha (2021-2030, Lille)');
  });

  it('keeps the order of the comparison: A and B swapped swap the surfaces, not the consumption', () => {
    const f = keyFigures(STATS, LILLE, 2024, 2021, DEFAULT_SRADDET_TARGETS);
    expect([f.a, f.b, f.from, f.to]).toEqual([2024, 2021, 2021, 2024]);
    expect([f.nafA, f.nafB]).toEqual([3.5, 4]);
    expect(f.consumedHa).toBe(0.5);
    expect(f.p4[0]).toEqual({ code: '1', a: 0.5, b: 0 });
  });

  it('names a vintage the file lacks, and counts nothing consumed between a vintage and itself', () => {
    const f = keyFigures(STATS, null, 2018, 2024, DEFAULT_SRADDET_TARGETS);
    expect(f.missing).toEqual([2018]);
    expect(f.nafA).toBeNull();
    const same = keyFigures(STATS, null, 2024, 2024, DEFAULT_SRADDET_TARGETS);
    expect(same.consumedHa).toBe(0);
    expect(same.sraddet).toBeNull();
    expect(sraddetText(same, keyFigureMessages('en'))).toBe('Same vintage on both sides');
  });

  it('says in words what the figures are for, in both languages', () => {
    const f = keyFigures(STATS, null, 2021, 2024, DEFAULT_SRADDET_TARGETS);
    expect(scopeText(f, keyFigureMessages('fr'))).toBe(
      "Aucun territoire choisi\u00a0: toute la zone couverte par les données (2\u00a0communes, en partie\u00a0: Villeneuve-d'Ascq, Lille)",
    );
    expect(scopeText(f, keyFigureMessages('en'), true)).toBe('Area the data cover (2 communes, in part)');
    expect(sraddetText(f, keyFigureMessages('en'))).toBe(
      '0.034\u00a0% of 7,410\u00a0ha (2021-2030, Hauts-de-France, parent territory)',
    );
  });

  it('takes the compared vintages first, then the indicators’ choice, then the file’s ends', () => {
    const off = { enabled: false, left: null, right: null, position: 0.5 };
    const on = { enabled: true, left: 2024, right: 2021, position: 0.5 };
    expect(figureVintages({ compare: on as never, indicatorVintages: [2021, 2021] }, STATS)).toEqual([
      2024, 2021,
    ]);
    expect(figureVintages({ compare: off as never, indicatorVintages: [2021, 2021] }, STATS)).toEqual([
      2021, 2021,
    ]);
    expect(figureVintages({ compare: off as never, indicatorVintages: null }, STATS)).toEqual([2021, 2024]);
  });

  it('has the same words in French and English', () => {
    const { fr, en } = KEY_FIGURE_MESSAGES;
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const k of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(typeof en[k], k).toBe(typeof fr[k]);
      if (typeof fr[k] === 'string') expect(en[k], k).not.toBe(fr[k]);
    }
  });
});
