import { describe, expect, it } from 'vitest';
import {
  classifyCsUs,
  NOMENCLATURE_CLASSES,
  NOMENCLATURES,
  nomenclatureClass,
  PAIR_ROWS,
} from '../../../format/ocs2d';

describe('OCS2D tables (geo2france/ocs2d, GPL-3.0)', () => {
  it('cover the 33 CS x 53 US pairs of the 2021 nomenclature, with 4 and 21 classes and 7 ENAF classes', () => {
    expect(NOMENCLATURE_CLASSES.cs).toHaveLength(33);
    expect(NOMENCLATURE_CLASSES.us).toHaveLength(53);
    expect(NOMENCLATURE_CLASSES.p4).toHaveLength(4);
    expect(NOMENCLATURE_CLASSES.p21).toHaveLength(21);
    expect(NOMENCLATURE_CLASSES.enaf).toHaveLength(7);
    expect(PAIR_ROWS).toHaveLength(33 * 53);
  });

  it('give every class an official #rrggbb colour and a label', () => {
    for (const n of NOMENCLATURES)
      for (const c of NOMENCLATURE_CLASSES[n]) {
        expect(c.colour, `${n} ${c.code}`).toMatch(/^#[0-9a-f]{6}$/i);
        expect(c.label.trim(), `${n} ${c.code}`).not.toBe('');
      }
    // A label with a comma survives the CSV (it once came out as the colour).
    expect(nomenclatureClass('p4', '3')).toEqual({
      code: '3',
      label: 'Espaces Naturels, Semi-Naturels',
      colour: '#c4d79b',
    });
  });

  it('classify the sample twin pairs as docs/sample.md says (ENAF) and as the published matrices (4/21 classes)', () => {
    expect(classifyCsUs('CS1.1.1', 'US5.2.2')).toMatchObject({ p4: 1, enaf: 'Uh' });
    expect(classifyCsUs('CS6.3.0', 'US1.1.3')).toMatchObject({ p4: 2, enaf: 'A' });
    expect(classifyCsUs('CS4.1.2', 'US1.2.4')).toMatchObject({ p4: 3, enaf: 'F' });
    expect(classifyCsUs('CS1.1.2', 'US4.1.1')).toMatchObject({ p4: 4, enaf: 'Ui' });
    expect(classifyCsUs('CS1.2.1', 'US6.1.1')?.enaf).toBe('Ua');
    expect(classifyCsUs('CS1.1.1', 'US5.2.2')?.p21).toBe(1);
  });

  it('leave ENAF empty where a spatial rule decides (farm buildings), and know no invented pair', () => {
    expect(classifyCsUs('CS1.1.1', 'US1.1.1')?.enaf).toBeNull();
    expect(classifyCsUs('CS9.9.9', 'US5.2.2')).toBeUndefined();
    expect(classifyCsUs('cs1.1.1', 'us5.2.2')).toBeUndefined();
  });
});
