/**
 * ENAF impact of a scenario's footprint: the hectares of NAF land (ENAF classes A, F, N) it would
 * cover, by class (ENAF, 4 and 21 classes), from the OCS2D polygons of the latest vintage. All
 * areas are planar Lambert-93; clipping is `polygon-clipping` (Martinez-Rueda, maintained). The
 * pure part ({@link footprintImpact}) takes Lambert-93 polygons; {@link impactFromTiles} reads the
 * vector tiles (max zoom) under the footprint, clips each tile's features to the tile (tiles carry
 * a buffer) so nothing is counted twice, and projects tile coordinates → lon/lat → Lambert-93.
 * Outside features/ (src/scenario/) because the store's scenario slice types its result.
 */
import type { VectorTile } from '@mapbox/vector-tile';
import polygonClipping, { type MultiPolygon, type Polygon as PcPolygon } from 'polygon-clipping';
import proj4 from 'proj4';
import { LAMBERT_93_PROJ4 } from '../../format/crs';
import { type Bbox, bboxToTileRange, type TileAddress, tileToBbox } from '../../format/grid';
import type { Polygon } from './scenario-file';

/** ENAF classes counted as natural, agricultural or forest land. */
export const NAF_CLASSES = ['A', 'F', 'N'] as const;

/** An OCS2D polygon in Lambert-93 with its classes. */
export interface Ocs2dPiece {
  readonly polygons: readonly Polygon[];
  readonly enaf?: string | undefined;
  readonly p4?: string | undefined;
  readonly p21?: string | undefined;
}

/** What the footprint covers, hectares. */
export interface EnafImpact {
  /** Footprint area (union of the buildings), ha. */
  readonly footprintHa: number;
  /** NAF land covered (A + F + N), ha. */
  readonly nafHa: number;
  /** Hectares per ENAF class (A, F, N, and the non-NAF ones; "?" without a class). */
  readonly byEnaf: Readonly<Record<string, number>>;
  /** Hectares of NAF land per 4-class and per 21-class code. */
  readonly nafByP4: Readonly<Record<string, number>>;
  readonly nafByP21: Readonly<Record<string, number>>;
  /** Part of the footprint that no OCS2D polygon covers, ha. */
  readonly uncoveredHa: number;
}

const toPc = (p: Polygon): PcPolygon => p.map((r) => r.map(([x, y]) => [x, y] as [number, number]));

/** Planar area of a ring (shoelace), absolute, square units. */
function ringArea(ring: readonly (readonly [number, number])[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as readonly [number, number];
    const b = ring[j] as readonly [number, number];
    s += (b[0] - a[0]) * (b[1] + a[1]);
  }
  return Math.abs(s) / 2;
}

/** Area of a MultiPolygon (outer rings minus holes), square units. */
export function multiPolygonArea(mp: readonly Polygon[]): number {
  let total = 0;
  for (const poly of mp) {
    for (const [k, ring] of poly.entries()) total += k === 0 ? ringArea(ring) : -ringArea(ring);
  }
  return total;
}

const add = (rec: Record<string, number>, key: string, v: number) => {
  rec[key] = (rec[key] ?? 0) + v;
};

/**
 * Impact of `footprints` (Lambert-93 polygons; overlaps counted once) on `pieces`, which must not
 * overlap one another (OCS2D is a partition). Hectares.
 */
export function footprintImpact(footprints: readonly Polygon[], pieces: readonly Ocs2dPiece[]): EnafImpact {
  const empty = { footprintHa: 0, nafHa: 0, byEnaf: {}, nafByP4: {}, nafByP21: {}, uncoveredHa: 0 };
  if (footprints.length === 0) return empty;
  const [first, ...rest] = footprints.map(toPc);
  const union = polygonClipping.union(first as PcPolygon, ...rest);
  const footprintM2 = multiPolygonArea(union);
  const byEnaf: Record<string, number> = {};
  const nafByP4: Record<string, number> = {};
  const nafByP21: Record<string, number> = {};
  let coveredM2 = 0;
  let nafM2 = 0;
  for (const piece of pieces) {
    if (piece.polygons.length === 0) continue;
    const inter = polygonClipping.intersection(union, piece.polygons.map(toPc) as MultiPolygon);
    const m2 = multiPolygonArea(inter);
    if (m2 <= 0) continue;
    coveredM2 += m2;
    const enaf = piece.enaf ?? '?';
    add(byEnaf, enaf, m2 / 1e4);
    if ((NAF_CLASSES as readonly string[]).includes(enaf)) {
      nafM2 += m2;
      add(nafByP4, piece.p4 ?? '?', m2 / 1e4);
      add(nafByP21, piece.p21 ?? '?', m2 / 1e4);
    }
  }
  return {
    footprintHa: footprintM2 / 1e4,
    nafHa: nafM2 / 1e4,
    byEnaf,
    nafByP4,
    nafByP21,
    uncoveredHa: Math.max(0, footprintM2 - coveredM2) / 1e4,
  };
}

const l93 = proj4('WGS84', LAMBERT_93_PROJ4);
const project = ([lon, lat]: readonly [number, number]): [number, number] =>
  l93.forward([lon, lat]) as [number, number];

/** Tiles of zoom `z` covering a lon/lat box. */
export function tilesCovering(bbox: Bbox, z: number): TileAddress[] {
  const r = bboxToTileRange(bbox, z);
  const out: TileAddress[] = [];
  for (let x = r.minX; x <= r.maxX; x++) for (let y = r.minY; y <= r.maxY; y++) out.push({ z, x, y });
  return out;
}

/** A tile's own square (no buffer) in Lambert-93: its four corners projected. */
export function tileSquareL93(t: TileAddress): Polygon {
  const [w, s, e, n] = tileToBbox(t);
  return [[project([w, s]), project([e, s]), project([e, n]), project([w, n]), project([w, s])]];
}

/** The polygons of one tile layer, clipped to the tile's square, in Lambert-93. */
export function tilePieces(tile: VectorTile, layerName: string, t: TileAddress): Ocs2dPiece[] {
  const layer = tile.layers[layerName];
  if (!layer) return [];
  const square = toPc(tileSquareL93(t));
  const pieces: Ocs2dPiece[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    if (f.type !== 3) continue;
    const g = f.toGeoJSON(t.x, t.y, t.z).geometry;
    const polys =
      g.type === 'Polygon'
        ? [g.coordinates]
        : g.type === 'MultiPolygon'
          ? g.coordinates
          : ([] as number[][][][]);
    const projected = polys.map((p) => p.map((r) => r.map((xy) => project([xy[0] ?? 0, xy[1] ?? 0]))));
    if (projected.length === 0) continue;
    const clipped = polygonClipping.intersection(square, projected as MultiPolygon);
    if (clipped.length === 0) continue;
    const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    pieces.push({
      polygons: clipped,
      enaf: str(f.properties.enaf),
      p4: str(f.properties.p4),
      p21: str(f.properties.p21),
    });
  }
  return pieces;
}

/**
 * Impact read from a vector tile pyramid at `maxZoom`: `getTile` returns a decoded tile or null
 * (no tile there: that part counts as uncovered).
 */
export async function impactFromTiles(
  footprintsL93: readonly Polygon[],
  footprintsWgs84: readonly Polygon[],
  getTile: (t: TileAddress) => Promise<VectorTile | null>,
  layerName: string,
  maxZoom: number,
): Promise<EnafImpact> {
  const pts = footprintsWgs84.flat(2);
  const bbox: Bbox = [
    Math.min(...pts.map((p) => p[0])),
    Math.min(...pts.map((p) => p[1])),
    Math.max(...pts.map((p) => p[0])),
    Math.max(...pts.map((p) => p[1])),
  ];
  const tiles = tilesCovering(bbox, maxZoom);
  const pieces: Ocs2dPiece[] = [];
  for (const t of tiles) {
    const tile = await getTile(t);
    if (tile) pieces.push(...tilePieces(tile, layerName, t));
  }
  return footprintImpact(footprintsL93, pieces);
}
