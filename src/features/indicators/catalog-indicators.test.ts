import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../format/catalog';

describe('catalog indicators section', () => {
  it('resolves the stats URL against the catalog and keeps the SRADDET targets', () => {
    const { catalog } = parseCatalog(
      {
        version: 1,
        layers: [],
        indicators: {
          stats: 'stats/stats.json',
          sraddet: [{ territory: 'region:32', envelopeHa: 7410, period: [2021, 2030] }],
        },
      },
      'http://localhost/twin/catalog.json',
    );
    expect(catalog?.indicators?.stats).toBe('http://localhost/twin/stats/stats.json');
    expect(catalog?.indicators?.sraddet).toEqual([
      { territory: 'region:32', envelopeHa: 7410, period: [2021, 2030] },
    ]);
  });

  it('a catalog without the section has no indicators; a malformed one is ignored', () => {
    expect(
      parseCatalog({ version: 1, layers: [] }, 'http://localhost/c.json').catalog?.indicators,
    ).toBeUndefined();
    expect(
      parseCatalog({ version: 1, layers: [], indicators: { stats: 42 } }, 'http://localhost/c.json').catalog
        ?.indicators,
    ).toEqual({});
  });
});
