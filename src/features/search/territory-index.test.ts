import { describe, expect, it } from 'vitest';
import { buildTerritoryIndex } from '../../../scripts/build-territory-index.mjs';
import { normalizeName, readTerritoryIndex, searchTerritories, type Territory } from './territory-index';

// The index the build derives from the territories the repository carries (data/territories/).
const file = buildTerritoryIndex();
const all = readTerritoryIndex(JSON.parse(JSON.stringify(file)));
const names = (ts: readonly Territory[]) => ts.map((t) => t.name);

describe('territory index (COG 2026, from data/territories/)', () => {
  it('has the 3,782 communes and 92 EPCI of Hauts-de-France, each with an extent', () => {
    expect(file.communes).toHaveLength(3782);
    expect(file.epci).toHaveLength(92);
    expect(all.filter((t) => !t.bbox)).toEqual([]);
    const perDep = new Map<string, number>();
    for (const c of file.communes) perDep.set(c[2], (perDep.get(c[2]) ?? 0) + 1);
    expect(Object.fromEntries(perDep)).toEqual({ '02': 797, '59': 647, '60': 680, '62': 887, '80': 771 });
    // Small enough to fetch at start (not committed; derived at build).
    expect(JSON.stringify(file).length).toBeLessThan(400_000);
  });

  it('the Métropole Européenne de Lille: 95 communes, an extent around Lille', () => {
    const mel = all.find((t) => t.code === '200093201');
    expect(mel).toMatchObject({ kind: 'epci', name: 'Métropole Européenne de Lille', detail: 'METRO' });
    expect(file.epci.find((r) => r[0] === '200093201')?.[3]).toBe(95);
    const [w, s, e, n] = mel?.bbox ?? [];
    expect(w).toBeLessThan(3.06);
    expect(e).toBeGreaterThan(3.06);
    expect(s).toBeLessThan(50.63);
    expect(n).toBeGreaterThan(50.63);
  });

  it('a commune’s extent holds its town hall area (Amiens, Villeneuve-d’Ascq)', () => {
    const amiens = all.find((t) => t.code === '80021');
    expect(amiens?.name).toBe('Amiens');
    const [w, s, e, n] = amiens?.bbox ?? [];
    expect(w).toBeLessThan(2.3);
    expect(e).toBeGreaterThan(2.3);
    expect(s).toBeLessThan(49.89);
    expect(n).toBeGreaterThan(49.89);
    expect((e ?? 0) - (w ?? 0)).toBeLessThan(0.3);
  });

  it('refuses a file that is not an index', () => {
    expect(() => readTerritoryIndex({ version: 2 })).toThrow(/territory index: expected \{"version": 1/);
  });
});

describe('searchTerritories', () => {
  it('finds a commune by name whatever the accents, case and hyphens', () => {
    expect(names(searchTerritories(all, 'villeneuve d ascq'))[0]).toBe("Villeneuve-d'Ascq");
    expect(names(searchTerritories(all, 'VILLENEUVE-D’ASCQ'))[0]).toBe("Villeneuve-d'Ascq");
    expect(names(searchTerritories(all, 'oeuilly'))).toContain('Œuilly');
    expect(names(searchTerritories(all, 'abbecourt'))).toContain('Abbécourt');
  });

  it('an exact name comes first, then names starting with the query', () => {
    const r = searchTerritories(all, 'lille');
    expect(r[0]).toMatchObject({ name: 'Lille', code: '59350' });
    expect(names(r)).toContain('Métropole Européenne de Lille');
  });

  it('finds by INSEE code and by SIREN', () => {
    expect(searchTerritories(all, '59350')).toMatchObject([{ kind: 'commune', name: 'Lille' }]);
    expect(searchTerritories(all, '200093201')).toMatchObject([
      { kind: 'epci', name: 'Métropole Européenne de Lille' },
    ]);
    const byPrefix = searchTerritories(all, '800', 5);
    expect(byPrefix).toHaveLength(5);
    expect(byPrefix.every((t) => t.code.startsWith('800'))).toBe(true);
  });

  it('finds EPCI by a word of their name', () => {
    expect(names(searchTerritories(all, 'desvres'))).toContain('CC de Desvres-Samer');
  });

  it('nothing for blank or unknown queries', () => {
    expect(searchTerritories(all, '   ')).toEqual([]);
    expect(searchTerritories(all, 'zzzz')).toEqual([]);
    expect(searchTerritories(all, '75056')).toEqual([]); // Paris is not in the region
  });

  it('normalizeName', () => {
    expect(normalizeName('  Saint-Valery-sur-Somme ')).toBe('saint valery sur somme');
    expect(normalizeName('Œuilly')).toBe('oeuilly');
    expect(normalizeName('Hénin-Beaumont')).toBe('henin beaumont');
  });
});
