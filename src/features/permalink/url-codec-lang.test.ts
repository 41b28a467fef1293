import { describe, expect, it } from 'vitest';
import { createTwinStore } from '../../stores';
import { applyPermalink, decodePermalink, encodePermalink, permalinkFromStore } from './url-codec';

describe('the language in the permalink', () => {
  it('round-trips lang=en, and leaves French (the default) out of the link', () => {
    expect(encodePermalink({ vintage: 2024, lang: 'en' })).toBe('v=2024&lang=en');
    expect(decodePermalink('#v=2024&lang=en')).toEqual({ state: { vintage: 2024, lang: 'en' }, invalid: [] });
    expect(encodePermalink({ vintage: 2024, lang: 'fr' })).toBe('v=2024');
    expect(decodePermalink('lang=fr').state).toEqual({ lang: 'fr' });
  });

  it('names an unknown language as invalid and keeps the rest', () => {
    expect(decodePermalink('v=2024&lang=de')).toEqual({ state: { vintage: 2024 }, invalid: ['lang'] });
    expect(decodePermalink('lang=<b>en</b>').invalid).toEqual(['lang']);
  });

  it('goes from the store to the link and back: the viewer reopens in the language it was in', () => {
    const a = createTwinStore();
    expect(permalinkFromStore(a.getState()).lang).toBeUndefined();
    a.getState().setLocale('en');
    const link = encodePermalink(permalinkFromStore(a.getState()));
    expect(link).toContain('lang=en');
    const b = createTwinStore();
    expect(applyPermalink(decodePermalink(link).state, b)).toEqual([]);
    expect(b.getState().locale).toBe('en');
    // A later link without lang does not switch back by itself; one with lang=fr does.
    applyPermalink(decodePermalink('#lang=fr').state, b);
    expect(b.getState().locale).toBe('fr');
  });
});
