/**
 * The whole synthetic scene for one seed and size: two vintages (millésimes) of OCS2D-like
 * polygons with their looks, tree crowns, and the list of parcels that changed in between.
 * Pure and deterministic: same seed and size, same scene.
 */
import type { TransitionClassCode } from '../../format/change-classes';
import { fillPiece, newEarthworks, newParking } from './blocks';
import { LAND, type LandRole, type PaintSpec } from './codes';
import { type Draft, draftArea, type Sink, type Tree } from './drafts';
import { type Poly, pointInPoly, type Ring } from './geometry';
import { newHousing } from './housing';
import { buildLayout, type Canal, type Layout } from './layout';
import { createRng } from './prng';
import { insertSharedVertices, weldVertices } from './topology';
import { unionRings } from './union';

/** Where the sample sits: Lambert-93 (EPSG:2154) x of its west edge and y of its north edge, metres. */
export const SAMPLE_ORIGIN = { xMin: 708_000, yMax: 7_058_000 } as const;

/** The two vintages of the sample and the dates of their (imaginary) flights. */
export const SAMPLE_VINTAGES = [
  { year: 2021, date: '2021-05-12' },
  { year: 2024, date: '2024-06-06' },
] as const;

/** Kinds of change between the vintages, as an AI change detector names them. */
export type ChangeKind = TransitionClassCode;

/** One OCS2D polygon of one vintage (local frame coordinates, metres). */
export interface ScenePolygon {
  id: string;
  role: LandRole;
  cs: string;
  us: string;
  poly: Poly;
  paint: PaintSpec;
  /** Building height, metres (0 for ground). */
  height: number;
}

/** Light and colour balance of one flight. */
export interface VintageLook {
  /** Sun azimuth, degrees clockwise from north. */
  sunAzimuthDeg: number;
  /** Sun elevation above the horizon, degrees. */
  sunElevationDeg: number;
  /** Per-channel colour gain of the camera/processing. */
  gain: [number, number, number];
}

/** One vintage of the scene. */
export interface SceneVintage {
  year: number;
  /** Flight date, ISO 8601. */
  date: string;
  polygons: ScenePolygon[];
  trees: Tree[];
  look: VintageLook;
}

/** A 2021 parcel replaced in 2024. */
export interface SceneChange {
  kind: ChangeKind;
  parentId: string;
  parent: Poly;
  childIds: string[];
}

/** The generated scene. */
export interface Scene {
  seed: number;
  sizeMetres: number;
  vintages: [SceneVintage, SceneVintage];
  changes: SceneChange[];
  canal: Canal;
  layout: Layout;
}

const LOOKS: [VintageLook, VintageLook] = [
  { sunAzimuthDeg: 160, sunElevationDeg: 56, gain: [1, 1, 1] },
  { sunAzimuthDeg: 172, sunElevationDeg: 61, gain: [1.04, 1.02, 0.96] },
];

/** Roles whose neighbouring pieces are dissolved into one polygon, as OCS2D does. */
const DISSOLVED: ReadonlySet<LandRole> = new Set<LandRole>(['wood', 'canal', 'towpath', 'canalBank']);

/** Builds the scene for a seed and an area of `sizeMetres` (a multiple of 200). */
export function generateScene(seed: number, sizeMetres: number): Scene {
  const layout = buildLayout(seed, sizeMetres);
  const rng = createRng(seed, 'blocks');
  const base: Sink = { drafts: [], trees: [] };
  for (const piece of layout.pieces)
    fillPiece(base, piece, piece.cell === undefined ? undefined : layout.cells[piece.cell], rng);

  // Changes: field parcels next to town, the ones nearest it first.
  const changeRng = createRng(seed, 'changes');
  const kinds: ChangeKind[] = [
    'vers_bati',
    'vers_impermeable',
    'vers_terrassement',
    'vers_bati',
    'vers_terrassement',
  ];
  const count = sizeMetres >= 800 ? 5 : 3;
  const urbanCell = (i: number): boolean => {
    const z = layout.cells[i]?.zone;
    return z !== undefined && z !== 'field' && z !== 'wood';
  };
  const score = (d: Draft): number => layout.cells[d.parcel?.cell ?? -1]?.score ?? -1;
  const parcels = base.drafts.filter((d) => d.parcel && (d.role === 'field' || d.role === 'meadow'));
  let candidates = parcels.filter(
    (d) =>
      !d.parcel?.cut &&
      draftArea(d) >= 2500 &&
      (layout.cells[d.parcel?.cell ?? -1]?.neighbours.some(urbanCell) ?? false),
  );
  if (candidates.length < count) candidates = parcels.filter((d) => draftArea(d) >= 1200);
  candidates.sort((a, b) => score(b) - score(a));
  const pool = candidates.slice(0, Math.max(count + 2, Math.ceil(candidates.length / 2)));
  const chosen: { draft: Draft; kind: ChangeKind }[] = [];
  for (const kind of kinds.slice(0, count)) {
    if (pool.length === 0) break;
    const k = changeRng.int(pool.length);
    const [draft] = pool.splice(k, 1);
    if (draft) chosen.push({ draft, kind });
  }
  const replaced = new Map<Draft, Draft[]>();
  const after: Sink = { drafts: [], trees: [] };
  for (const { draft, kind } of chosen) {
    const start = after.drafts.length;
    if (kind === 'vers_bati') newHousing(after, draft.poly.outer, layout.urbanDir, changeRng);
    else if (kind === 'vers_impermeable') newParking(after, draft.poly.outer, changeRng);
    else newEarthworks(after, draft.poly.outer, changeRng);
    replaced.set(draft, after.drafts.slice(start));
  }

  // Topology: every vertex on a neighbour's edge is inserted there (both vintages at once, so an
  // unchanged polygon stays the very same object in both).
  const all = [...base.drafts, ...after.drafts];
  const rings: Ring[] = [];
  for (const d of all) rings.push(d.poly.outer, ...d.poly.holes);
  const fixed = insertSharedVertices(weldVertices(rings));
  let k = 0;
  for (const d of all) {
    d.poly.outer = fixed[k++] as Ring;
    d.poly.holes = d.poly.holes.map(() => fixed[k++] as Ring);
  }

  // Dissolve woods and canal pieces per role into whole polygons.
  const kept: Draft[] = [];
  const groups = new Map<LandRole, Draft[]>();
  for (const d of base.drafts) {
    if (!DISSOLVED.has(d.role)) {
      kept.push(d);
      continue;
    }
    const g = groups.get(d.role);
    if (g) g.push(d);
    else groups.set(d.role, [d]);
  }
  for (const [role, list] of groups) {
    const first = list[0];
    if (!first) continue;
    for (const poly of unionRings(list.map((d) => d.poly.outer)))
      kept.push({ role, poly, paint: first.paint, height: 0 });
  }

  // Ids: stable across vintages for unchanged polygons; new polygons are named after their parent.
  const ids = new Map<Draft, string>();
  for (const [i, d] of kept.entries()) ids.set(d, `p${String(i + 1).padStart(5, '0')}`);
  const toPolygon = (d: Draft, id: string, v: 0 | 1): ScenePolygon => ({
    id,
    role: d.role,
    cs: LAND[d.role].cs,
    us: LAND[d.role].us,
    poly: d.poly,
    paint: d.paint[v],
    height: d.height,
  });
  const v0 = kept.map((d) => toPolygon(d, ids.get(d) ?? '', 0));
  const v1: ScenePolygon[] = [];
  const changes: SceneChange[] = [];
  for (const d of kept) {
    const id = ids.get(d) ?? '';
    const children = replaced.get(d);
    if (!children) {
      v1.push(toPolygon(d, id, 1));
      continue;
    }
    const kind = chosen.find((c) => c.draft === d)?.kind ?? 'vers_bati';
    const childIds = children.map((_, i) => `${id}-${i + 1}`);
    for (const [i, c] of children.entries()) v1.push(toPolygon(c, childIds[i] ?? '', 1));
    changes.push({ kind, parentId: id, parent: d.poly, childIds });
  }

  // Trees: the same crowns a little bigger in 2024, none left inside changed parcels, plus the
  // young trees of the new gardens.
  const trees0 = base.trees;
  const parents = changes.map((c) => c.parent);
  const trees1 = trees0
    .filter((t) => !parents.some((p) => pointInPoly(t.x, t.y, p)))
    .map((t) => ({ ...t, r: t.r * 1.04, h: t.h * 1.03 }))
    .concat(after.trees);

  return {
    seed,
    sizeMetres,
    vintages: [
      {
        year: SAMPLE_VINTAGES[0].year,
        date: SAMPLE_VINTAGES[0].date,
        polygons: v0,
        trees: trees0,
        look: LOOKS[0],
      },
      {
        year: SAMPLE_VINTAGES[1].year,
        date: SAMPLE_VINTAGES[1].date,
        polygons: v1,
        trees: trees1,
        look: LOOKS[1],
      },
    ],
    changes,
    canal: layout.canal,
    layout,
  };
}
