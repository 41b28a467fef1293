import { describe, expect, it } from 'vitest';
import { CHANGE_CLASSES } from '../../format/change-classes';
import { LABELS_EN } from '../../format/ocs2d/labels-en';
import { NOMENCLATURE_CLASSES } from '../../format/ocs2d/tables';
import { createTwinStore } from '../stores/twin-store';
import { classColour, classLabel, legendLabel } from './nomenclature';

const NOMENCLATURES = ['cs', 'us', 'p4', 'p21', 'enaf'] as const;
/** Words that are the same in both languages. */
const SAME_IN_BOTH = new Set(['Dunes']);

describe('English labels of the nomenclatures', () => {
  it.each(NOMENCLATURES)('every %s code of the tables has an English label, and no other code', (n) => {
    const codes = NOMENCLATURE_CLASSES[n].map((c) => c.code);
    expect(Object.keys(LABELS_EN[n]).sort()).toEqual([...codes].sort());
    for (const c of NOMENCLATURE_CLASSES[n]) {
      const en = LABELS_EN[n][c.code] ?? '';
      expect(en.trim(), `${n}:${c.code}`).not.toBe('');
      // A translation, not the French label copied over.
      if (!SAME_IN_BOTH.has(c.label)) expect(en, `${n}:${c.code}`).not.toBe(c.label);
    }
  });

  it('the tables have the expected sizes (33 CS, 53 US, 4, 21, 7 ENAF classes)', () => {
    expect(NOMENCLATURES.map((n) => NOMENCLATURE_CLASSES[n].length)).toEqual([33, 53, 4, 21, 7]);
  });

  it('every change class has an English label', () => {
    expect(Object.keys(LABELS_EN.change).sort()).toEqual(CHANGE_CLASSES.map((c) => c.code).sort());
  });

  it('English labels are unique within a nomenclature (a legend never shows two equal lines)', () => {
    for (const n of [...NOMENCLATURES, 'change'] as const) {
      const labels = Object.values(LABELS_EN[n]);
      expect(new Set(labels).size, n).toBe(labels.length);
    }
  });
});

describe('class labels by locale', () => {
  it('gives the official French label, or the English one', () => {
    expect(classLabel('cs', 'CS1.1.1', 'fr')).toBe('Surfaces bâties');
    expect(classLabel('cs', 'CS1.1.1', 'en')).toBe('Built-up surfaces');
    expect(classLabel('us', 'US5.2.2', 'en')).toBe('Discontinuous housing, moderately compact');
    expect(classLabel('p21', '15', 'fr')).toBe('Prairies');
    expect(classLabel('p21', '15', 'en')).toBe('Grassland');
    expect(classLabel('enaf', 'A', 'fr')).toBe('Agricole');
    expect(classLabel('class', 'zones_artificialisees', 'en')).toBe('Artificialised areas');
    expect(classLabel('class', 'zones_artificialisees', 'fr')).toBe('Zones artificialisées');
  });

  it('says "unclassified" for no class, and keeps an unknown code as it is', () => {
    expect(classLabel('enaf', '?', 'fr')).toBe('Non classé');
    expect(classLabel('p4', 'none', 'en')).toBe('Unclassified');
    expect(classLabel('cs', 'CS9.9.9', 'en')).toBe('CS9.9.9');
  });

  it('labels a legend entry in English even when the pipeline wrote no labelEn', () => {
    const entry = { code: 'CS6.3.0', label: 'Terres arables' };
    expect(legendLabel('cs', entry, 'en')).toBe('Arable land');
    expect(legendLabel('cs', entry, 'fr')).toBe('Terres arables');
    // A code unknown here keeps the data's own words.
    expect(legendLabel('cs', { code: 'X', label: 'Autre', labelEn: 'Other' }, 'en')).toBe('Other');
  });

  it('gives every change class a real colour (the swatch of a class absent from the data)', () => {
    for (const c of CHANGE_CLASSES) expect(classColour('class', c.code)).toMatch(/^#[0-9a-f]{6}$/i);
    expect(classColour('class', 'zones_artificialisees')).toBe('#e7298a');
    expect(classColour('p4', '1')).toBe('#da9694');
  });
});

describe('vector metadata in the store', () => {
  it('gains English labels for every legend group', () => {
    const store = createTwinStore();
    store.getState().setVectorMetadata('ocs2d-2024', {
      kind: 'ocs2d',
      minzoom: 10,
      maxzoom: 16,
      bounds: [3.1, 50.6, 3.2, 50.7],
      legend: {
        cs: [{ code: 'CS1.1.1', label: 'Surfaces bâties', colour: '#ff9191', count: 1, areaM2: 10 }],
        class: [{ code: 'vers_bati', label: 'Vers bâti', colour: '#d7301f', count: 1, areaM2: 5 }],
      },
    });
    const legend = store.getState().vectorMetadata['ocs2d-2024']?.legend;
    expect(legend?.cs?.[0]?.labelEn).toBe('Built-up surfaces');
    expect(legend?.class?.[0]?.labelEn).toBe('To built');
  });
});
