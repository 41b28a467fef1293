/**
 * The territory index the search box reads (`/generated/territories.json`, written at build time
 * by scripts/build-territory-index.mjs from the territories the repository carries,
 * data/territories/: COG 2026 names and membership, extents of the IGN ADMIN EXPRESS
 * boundaries): every Hauts-de-France commune and EPCI with its code and extent. Pure: no React.
 */
import type { Bbox } from '../../../format/grid';
import { isValidBbox } from '../../../format/grid';

/** Where the viewer fetches the index. */
export const TERRITORY_INDEX_URL = '/generated/territories.json';

/** Format version of the index file. */
export const TERRITORY_INDEX_VERSION = 1;

/** A commune: `[code INSEE, name, département, SIREN of its EPCI or "", west, south, east, north]`. */
export type CommuneRow = [string, string, string, string, ...number[]];
/** An EPCI: `[SIREN, name, type (CC, CA, CU, METRO), member count, west, south, east, north]`. */
export type EpciRow = [string, string, string, number, ...number[]];

/** The file as written: compact rows, extents rounded to 1e-4 degree (about 10 m). */
export interface TerritoryIndexFile {
  readonly version: typeof TERRITORY_INDEX_VERSION;
  readonly region: string;
  readonly source: string;
  readonly communes: readonly CommuneRow[];
  readonly epci: readonly EpciRow[];
}

/** One searchable territory. */
export interface Territory {
  readonly kind: 'commune' | 'epci';
  /** INSEE code (commune) or SIREN (EPCI). */
  readonly code: string;
  readonly name: string;
  /** Département (communes) or EPCI type (CC, CA, CU, METRO). */
  readonly detail: string;
  /** Extent to fly to; absent when the index was built without geometries. */
  readonly bbox?: Bbox;
  /** Lower-case, accents and punctuation removed: what a query is matched against. */
  readonly key: string;
}

/** Lower case, accents removed, punctuation (hyphens, apostrophes) as spaces, spaces collapsed. */
export function normalizeName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function rowBbox(row: readonly unknown[], from: number): Bbox | undefined {
  const b = row.slice(from, from + 4);
  return b.length === 4 && b.every((v) => typeof v === 'number') && isValidBbox(b as number[])
    ? (b as unknown as Bbox)
    : undefined;
}

/**
 * Reads the index file into territories (communes then EPCI).
 * @throws Error naming what is wrong when the file is not an index of this version
 */
export function readTerritoryIndex(json: unknown): Territory[] {
  const f = json as Partial<TerritoryIndexFile> | null;
  if (!f || f.version !== TERRITORY_INDEX_VERSION || !Array.isArray(f.communes) || !Array.isArray(f.epci)) {
    throw new Error(
      `territory index: expected {"version": ${TERRITORY_INDEX_VERSION}, "communes": [...], "epci": [...]}`,
    );
  }
  const out: Territory[] = [];
  for (const r of f.communes) {
    const bbox = rowBbox(r, 4);
    out.push({
      kind: 'commune',
      code: r[0],
      name: r[1],
      detail: r[2],
      key: normalizeName(r[1]),
      ...(bbox ? { bbox } : {}),
    });
  }
  for (const r of f.epci) {
    const bbox = rowBbox(r, 4);
    out.push({
      kind: 'epci',
      code: r[0],
      name: r[1],
      detail: r[2],
      key: normalizeName(r[1]),
      ...(bbox ? { bbox } : {}),
    });
  }
  return out;
}

/**
 * Territories matching `query`, best first, at most `limit`:
 * - digits: a code starting with them (5 digits: a commune's INSEE code; 9: an EPCI's SIREN);
 *   a 2A/2B Corsican code is matched too, though none is in this region;
 * - words: names whose normalized form starts with the query, then names with a word starting
 *   with it, then names containing it; shorter names first within each group.
 */
export function searchTerritories(all: readonly Territory[], query: string, limit = 8): Territory[] {
  const q = query.trim();
  if (q === '') return [];
  if (/^(\d|2[ab])[\d]*$/i.test(q)) {
    const code = q.toUpperCase();
    return all
      .filter((t) => t.code.startsWith(code))
      .sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code))
      .slice(0, limit);
  }
  const key = normalizeName(q);
  if (key === '') return [];
  const scored: { t: Territory; rank: number }[] = [];
  for (const t of all) {
    let rank: number;
    if (t.key === key) rank = 0;
    else if (t.key.startsWith(key)) rank = 1;
    else if (t.key.includes(` ${key}`)) rank = 2;
    else if (t.key.includes(key)) rank = 3;
    else continue;
    scored.push({ t, rank });
  }
  scored.sort(
    (a, b) => a.rank - b.rank || a.t.name.length - b.t.name.length || a.t.name.localeCompare(b.t.name, 'fr'),
  );
  return scored.slice(0, limit).map((s) => s.t);
}
