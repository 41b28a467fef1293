/**
 * The territory hierarchy planners use: Région → Département → SCoT (when configured) → EPCI →
 * Commune, read from the search index the build derives from data/territories/ (`/generated/
 * territories.json`: COG 2026 codes, names and membership from @etalab/decoupage-administratif,
 * extents of the IGN ADMIN EXPRESS boundaries) and, for SCoT, from a catalog entry of kind
 * `territories`. Pure: cascading options,
 * type-ahead, members, lineage, extents.
 */
import type { Bbox } from '../../../format/grid';

/** The index the search box also reads (the same generated file). */
export const HIERARCHY_INDEX_URL = '/generated/territories.json';
/** Hauts-de-France. */
export const REGION = { code: '32', name: 'Hauts-de-France' } as const;
/** The five départements of region 32 (COG 2026). */
export const DEPARTEMENTS: readonly { readonly code: string; readonly name: string }[] = [
  { code: '02', name: 'Aisne' },
  { code: '59', name: 'Nord' },
  { code: '60', name: 'Oise' },
  { code: '62', name: 'Pas-de-Calais' },
  { code: '80', name: 'Somme' },
];

export type TerritoryKind = 'region' | 'dep' | 'scot' | 'epci' | 'commune';

export interface HierarchyCommune {
  readonly code: string;
  readonly name: string;
  readonly dep: string;
  readonly epci: string;
  readonly bbox?: Bbox;
}
export interface HierarchyGroup {
  readonly code: string;
  readonly name: string;
  /** INSEE codes of the member communes (in the region). */
  readonly members: readonly string[];
  /** Départements the members are in. */
  readonly deps: readonly string[];
  readonly bbox?: Bbox;
}
export interface Hierarchy {
  readonly communes: ReadonlyMap<string, HierarchyCommune>;
  readonly deps: readonly HierarchyGroup[];
  readonly epci: readonly HierarchyGroup[];
  readonly scot: readonly HierarchyGroup[];
}

/** A chosen territory, as the store keeps it. */
export interface TerritoryRef {
  readonly kind: TerritoryKind;
  readonly code: string;
  readonly name: string;
}

function unionBbox(boxes: Iterable<Bbox | undefined>): Bbox | undefined {
  let out: [number, number, number, number] | undefined;
  for (const b of boxes) {
    if (!b) continue;
    if (!out) out = [...b];
    else {
      out[0] = Math.min(out[0], b[0]);
      out[1] = Math.min(out[1], b[1]);
      out[2] = Math.max(out[2], b[2]);
      out[3] = Math.max(out[3], b[3]);
    }
  }
  return out;
}

function group(
  code: string,
  name: string,
  members: readonly string[],
  communes: ReadonlyMap<string, HierarchyCommune>,
): HierarchyGroup {
  const inRegion = members.filter((m) => communes.has(m));
  const deps = [...new Set(inRegion.map((m) => communes.get(m)?.dep as string))].sort();
  const bbox = unionBbox(inRegion.map((m) => communes.get(m)?.bbox));
  return { code, name, members: inRegion, deps, ...(bbox ? { bbox } : {}) };
}

/** A SCoT perimeter as configured: code, name, member INSEE codes. */
export interface ScotInput {
  readonly code: string;
  readonly name: string;
  readonly communes: readonly string[];
}

/**
 * Builds the hierarchy from the index file and the configured SCoT perimeters.
 * @throws Error when `indexJson` is not the territory index
 */
export function readHierarchy(indexJson: unknown, scot: readonly ScotInput[] = []): Hierarchy {
  const f = indexJson as { version?: unknown; communes?: unknown; epci?: unknown } | null;
  if (f?.version !== 1 || !Array.isArray(f.communes) || !Array.isArray(f.epci))
    throw new Error(
      `territory hierarchy: ${HIERARCHY_INDEX_URL} is not {"version": 1, "communes": [...], "epci": [...]}`,
    );
  const communes = new Map<string, HierarchyCommune>();
  const bboxAt = (r: readonly unknown[], i: number): Bbox | undefined => {
    const b = r.slice(i, i + 4);
    return b.length === 4 && b.every((v) => typeof v === 'number') ? (b as unknown as Bbox) : undefined;
  };
  for (const r of f.communes as unknown[][]) {
    const bbox = bboxAt(r, 4);
    const c = { code: String(r[0]), name: String(r[1]), dep: String(r[2]), epci: String(r[3] ?? '') };
    communes.set(c.code, bbox ? { ...c, bbox } : c);
  }
  const byEpci = new Map<string, string[]>();
  for (const c of communes.values()) if (c.epci) byEpci.set(c.epci, [...(byEpci.get(c.epci) ?? []), c.code]);
  const epci = (f.epci as unknown[][])
    .map((r) => group(String(r[0]), String(r[1]), byEpci.get(String(r[0])) ?? [], communes))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const deps = DEPARTEMENTS.map((d) =>
    group(
      d.code,
      d.name,
      [...communes.values()].filter((c) => c.dep === d.code).map((c) => c.code),
      communes,
    ),
  );
  return {
    communes,
    deps,
    epci,
    scot: scot
      .map((s) => group(s.code, s.name, s.communes, communes))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
  };
}

/** Lower case, accents and punctuation removed (type-ahead matching). */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Whether a territory matches a type-ahead query: the start of its code, or words of its name. */
export function matchesQuery(t: { readonly code: string; readonly name: string }, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  if (/^\d/.test(q)) return t.code.startsWith(q);
  const key = foldName(t.name);
  return foldName(q)
    .split(' ')
    .every((w) => key.includes(w));
}

/** The current choice at each level; a lower level is only meaningful inside the upper ones. */
export interface HierarchyChoice {
  readonly dep: string | null;
  readonly scot: string | null;
  readonly epci: string | null;
  readonly commune: string | null;
}

export const NO_CHOICE: HierarchyChoice = { dep: null, scot: null, epci: null, commune: null };

/** SCoT offered under the chosen département. */
export function scotOptions(h: Hierarchy, choice: HierarchyChoice): readonly HierarchyGroup[] {
  return choice.dep ? h.scot.filter((s) => s.deps.includes(choice.dep as string)) : h.scot;
}

/** EPCI offered: with a member in the chosen département and SCoT. */
export function epciOptions(h: Hierarchy, choice: HierarchyChoice): readonly HierarchyGroup[] {
  const scot = choice.scot ? new Set(h.scot.find((s) => s.code === choice.scot)?.members) : null;
  return h.epci.filter(
    (e) => (!choice.dep || e.deps.includes(choice.dep)) && (!scot || e.members.some((m) => scot.has(m))),
  );
}

/** Communes offered: members of the chosen EPCI, else of the SCoT, else of the département. */
export function communeOptions(h: Hierarchy, choice: HierarchyChoice): readonly HierarchyCommune[] {
  let codes: readonly string[];
  if (choice.epci) codes = h.epci.find((e) => e.code === choice.epci)?.members ?? [];
  else if (choice.scot) codes = h.scot.find((s) => s.code === choice.scot)?.members ?? [];
  else if (choice.dep) codes = h.deps.find((d) => d.code === choice.dep)?.members ?? [];
  else codes = [...h.communes.keys()];
  const scot =
    choice.scot && choice.epci ? new Set(h.scot.find((s) => s.code === choice.scot)?.members) : null;
  return codes
    .map((c) => h.communes.get(c) as HierarchyCommune)
    .filter((c) => c && (!choice.dep || c.dep === choice.dep) && (!scot || scot.has(c.code)))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The most specific territory of a choice (the région when nothing is chosen). */
export function territoryOfChoice(h: Hierarchy, choice: HierarchyChoice): TerritoryRef {
  if (choice.commune) {
    const c = h.communes.get(choice.commune);
    if (c) return { kind: 'commune', code: c.code, name: c.name };
  }
  const find = (kind: 'epci' | 'scot' | 'dep', list: readonly HierarchyGroup[], code: string | null) => {
    const g = code ? list.find((x) => x.code === code) : undefined;
    return g ? { kind, code: g.code, name: g.name } : null;
  };
  return (
    find('epci', h.epci, choice.epci) ??
    find('scot', h.scot, choice.scot) ??
    find('dep', h.deps, choice.dep) ?? { kind: 'region', code: REGION.code, name: REGION.name }
  );
}

/** INSEE codes of a territory's communes. */
export function membersOf(h: Hierarchy, t: TerritoryRef): readonly string[] {
  switch (t.kind) {
    case 'commune':
      return h.communes.has(t.code) ? [t.code] : [];
    case 'epci':
      return h.epci.find((e) => e.code === t.code)?.members ?? [];
    case 'scot':
      return h.scot.find((s) => s.code === t.code)?.members ?? [];
    case 'dep':
      return h.deps.find((d) => d.code === t.code)?.members ?? [];
    default:
      return [...h.communes.keys()];
  }
}

/** The territory then its ancestors, as "<kind>:<code>" (SRADDET targets are looked up so). */
export function lineageOf(h: Hierarchy, t: TerritoryRef, choice: HierarchyChoice): string[] {
  const out = [`${t.kind}:${t.code}`];
  const c = t.kind === 'commune' ? h.communes.get(t.code) : undefined;
  const epci = t.kind === 'commune' ? c?.epci : t.kind === 'epci' ? t.code : null;
  const dep =
    t.kind === 'commune'
      ? c?.dep
      : t.kind === 'dep'
        ? t.code
        : (choice.dep ?? h.epci.find((e) => e.code === t.code)?.deps[0] ?? null);
  if (t.kind === 'commune' && epci) out.push(`epci:${epci}`);
  if ((t.kind === 'commune' || t.kind === 'epci') && choice.scot) out.push(`scot:${choice.scot}`);
  if (t.kind !== 'dep' && t.kind !== 'region' && dep) out.push(`dep:${dep}`);
  if (t.kind !== 'region') out.push(`region:${REGION.code}`);
  return out;
}

/** The extent of a territory (union of its communes' extents). */
export function bboxOfTerritory(h: Hierarchy, t: TerritoryRef): Bbox | undefined {
  return unionBbox(membersOf(h, t).map((c) => h.communes.get(c)?.bbox));
}

/**
 * Reads SCoT perimeters from a GeoJSON FeatureCollection (catalog entry of kind `territories`):
 * each feature's properties give `code` (or `scot_code`), `name` (or `nom`, `scot_name`) and
 * `communes`, the member INSEE codes (a list, or a string separated by commas/semicolons).
 * @throws Error naming the feature and the property when one is missing
 */
export function readScotPerimeters(json: unknown, where: string): ScotInput[] {
  const fc = json as { type?: unknown; features?: unknown } | null;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new Error(`SCoT: ${where} is not a GeoJSON FeatureCollection`);
  return (fc.features as { properties?: Record<string, unknown> }[]).map((f, i) => {
    const p = f.properties ?? {};
    const code = p.code ?? p.scot_code;
    const name = p.name ?? p.nom ?? p.scot_name;
    const raw = p.communes;
    const communes = Array.isArray(raw)
      ? raw.map(String)
      : typeof raw === 'string'
        ? raw.split(/[,;\s]+/).filter(Boolean)
        : null;
    if (typeof code !== 'string' || typeof name !== 'string' || !communes)
      throw new Error(
        `SCoT: ${where}, feature ${i + 1}: expected properties "code", "name" and "communes" (INSEE codes)`,
      );
    return { code, name, communes };
  });
}
