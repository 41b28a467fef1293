import { describe, expect, it } from 'vitest';
import { type CatalogIssue, type CatalogProblem, LAYER_KINDS } from '../../format/catalog';
import { localize } from './locale';
import { MESSAGES } from './messages';

const NBSP = '\u00a0';
/** Reads French text with plain spaces, as a test can type it. */
const plain = (s: string) => s.replaceAll(NBSP, ' ');

/** One problem of each code, so a new code without words fails here. */
const EVERY_PROBLEM: Record<CatalogProblem['code'], CatalogProblem> = {
  required: { code: 'required' },
  type: { code: 'type', expected: 'integer' },
  nonEmpty: { code: 'nonEmpty' },
  min: { code: 'min', limit: 1950 },
  max: { code: 'max', limit: 2100 },
  oneOf: { code: 'oneOf', options: ['xyz', 'wms'] },
  idFormat: { code: 'idFormat' },
  localizedText: { code: 'localizedText' },
  url: { code: 'url' },
  template: { code: 'template', missing: ['y'] },
  templateUnknown: { code: 'templateUnknown', placeholder: 't' },
  bbox: { code: 'bbox' },
  zoomOrder: { code: 'zoomOrder', minZoom: 14 },
  duplicateId: { code: 'duplicateId', firstIndex: 0 },
  invalidJson: { code: 'invalidJson', detail: 'Unexpected token' },
  other: { code: 'other', detail: 'x' },
};

describe('i18n dictionaries', () => {
  it('English has exactly the French keys, each a non-empty text or a function of the same arity', () => {
    const { fr, en } = MESSAGES;
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      const f = fr[key];
      const e = en[key];
      expect(typeof e, key).toBe(typeof f);
      if (typeof f === 'string') expect((e as string).trim(), key).not.toBe('');
      if (typeof f === 'function') expect((e as (...a: never[]) => unknown).length, key).toBe(f.length);
    }
  });

  it('names every layer kind in both languages', () => {
    for (const kind of LAYER_KINDS) {
      expect(MESSAGES.fr.kindNames[kind]).toBeTruthy();
      expect(MESSAGES.en.kindNames[kind]).toBeTruthy();
    }
  });

  it('words every catalog problem in both languages', () => {
    for (const problem of Object.values(EVERY_PROBLEM)) {
      for (const m of [MESSAGES.fr, MESSAGES.en]) {
        const text = m.issue({ layerIndex: 1, layerId: 'a', path: 'source.url', problem });
        expect(text).not.toMatch(/undefined|\[object/);
        expect(text.length).toBeGreaterThan(20);
      }
    }
  });

  it('writes the style guide’s example in French and in English', () => {
    const issue: CatalogIssue = {
      layerIndex: 1,
      layerId: 'ortho-2021',
      path: 'source.url',
      problem: { code: 'template', missing: ['z', 'x', 'y'] },
      received: { type: 'json', text: '42' },
    };
    expect(plain(MESSAGES.fr.issue(issue))).toBe(
      'couche « ortho-2021 » (n° 2) : source.url doit contenir {z}, {x} et {y}, reçu 42',
    );
    expect(MESSAGES.en.issue(issue)).toBe(
      'layer “ortho-2021” (no. 2): source.url must contain {z}, {x} and {y}, got 42',
    );
  });

  it('quotes received strings the French way, with no-break spaces', () => {
    const text = MESSAGES.fr.issue({
      layerIndex: 0,
      path: 'kind',
      problem: { code: 'oneOf', options: ['orthoimagery', '3dtiles'] },
      received: { type: 'string', value: 'mesh' },
    });
    expect(text).toContain(`«${NBSP}mesh${NBSP}»`);
    expect(text).toContain(`n°${NBSP}1${NBSP}:`);
  });

  it('localize picks the language and falls back to French', () => {
    expect(localize('Communes', 'en')).toBe('Communes');
    expect(localize({ fr: 'Couches', en: 'Layers' }, 'en')).toBe('Layers');
    expect(localize({ fr: 'Couches' }, 'en')).toBe('Couches');
    expect(localize({ fr: 'Couches', en: 'Layers' }, 'fr')).toBe('Couches');
  });
});
