/**
 * Footprints (pure): BD TOPO `batiment` features (or any polygons with a height field) as the
 * product's records, their area and centroid, and the tile that holds them.
 */
import type { TileAddress } from '../../format/grid';

/** A polygon: outer ring then holes, each closed or not, Lambert-93 metres. */
export type Rings = number[][][];

/** One building footprint as the product keeps it (JSON, one line of a bucket file). */
export interface Footprint {
  /** `cleabs` (BD TOPO), else `id`, else "f<index in the input>". */
  id: string;
  /** Parts (a MultiPolygon gives several), Lambert-93. */
  polygons: Rings[];
  /** Height above ground from the input (`hauteur` or --height-field), metres; null if none. */
  hauteur: number | null;
  /** `nombre_d_etages`; null if none. */
  etages: number | null;
  /** `usage_1`; null if none. */
  usage: string | null;
  /** Year of `date_d_apparition`; null if none. */
  year: number | null;
  /** `identifiants_rnb` (RNB ids, "/"-separated in BD TOPO); null if none. */
  rnb: string | null;
}

function ringSigned(ring: number[][]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i] as number[];
    const b = ring[(i + 1) % n] as number[];
    s += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
  }
  return s / 2;
}

/** Footprint area (holes off), m². */
export function footprintArea(f: Footprint): number {
  let a = 0;
  for (const p of f.polygons) {
    a += Math.abs(ringSigned(p[0] ?? []));
    for (const h of p.slice(1)) a -= Math.abs(ringSigned(h));
  }
  return Math.max(0, a);
}

/** Area-weighted centroid of the outer rings, Lambert-93. */
export function footprintCentroid(f: Footprint): [number, number] {
  let sx = 0;
  let sy = 0;
  let sa = 0;
  let fx = 0;
  let fy = 0;
  let n = 0;
  for (const p of f.polygons) {
    const ring = p[0] ?? [];
    const x0 = (ring[0]?.[0] as number) ?? 0;
    const y0 = (ring[0]?.[1] as number) ?? 0;
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i] as number[];
      const b = ring[(i + 1) % ring.length] as number[];
      const ax = (a[0] as number) - x0;
      const ay = (a[1] as number) - y0;
      const bx = (b[0] as number) - x0;
      const by = (b[1] as number) - y0;
      const c = ax * by - bx * ay;
      sa += c;
      sx += (ax + bx) * c + 3 * x0 * c;
      sy += (ay + by) * c + 3 * y0 * c;
      fx += a[0] as number;
      fy += a[1] as number;
      n++;
    }
  }
  if (Math.abs(sa) < 1e-9) return n > 0 ? [fx / n, fy / n] : [0, 0];
  return [sx / (3 * sa), sy / (3 * sa)];
}

/** Bounding box [minX, minY, maxX, maxY] of a footprint, Lambert-93. */
export function footprintBox(f: Footprint): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of f.polygons)
    for (const r of p)
      for (const c of r) {
        const x = c[0] as number;
        const y = c[1] as number;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
  return [minX, minY, maxX, maxY];
}

const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;

/** Drops the closing vertex and repeated vertices; null when fewer than 3 vertices stay. */
function cleanRing(ring: unknown): number[][] | null {
  if (!Array.isArray(ring)) return null;
  const out: number[][] = [];
  for (const c of ring) {
    if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') return null;
    if (!Number.isFinite(c[0]) || !Number.isFinite(c[1])) return null;
    const last = out[out.length - 1];
    if (last && last[0] === c[0] && last[1] === c[1]) continue;
    out.push([c[0], c[1]]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out.length >= 3 ? out : null;
}

/** Outer ring counter-clockwise, holes clockwise (walls face out, roofs up). */
function orientRings(rings: number[][][]): number[][][] {
  return rings.map((r, i) => {
    const ccw = ringSigned(r) > 0;
    return (i === 0) === ccw ? r : [...r].reverse();
  });
}

/**
 * The footprint of a GeoJSON-shaped feature in Lambert-93; null (with the reason) when it has no
 * polygon. `index` names features that have no `cleabs` nor `id`.
 */
export function footprintOfFeature(
  feature: {
    properties?: Readonly<Record<string, unknown>> | null;
    geometry?: { type: string; coordinates?: unknown } | null;
  },
  index: number,
  heightField: string,
): Footprint | string {
  const g = feature.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
    return `not a polygon (${g?.type ?? 'no geometry'})`;
  const parts = (g.type === 'Polygon' ? [g.coordinates] : (g.coordinates as unknown[])) as unknown[];
  const polygons: Rings[] = [];
  for (const part of parts ?? []) {
    if (!Array.isArray(part)) continue;
    const rings: number[][][] = [];
    for (const r of part) {
      const ring = cleanRing(r);
      if (ring) rings.push(ring);
      else if (rings.length === 0) break; // no usable outer ring: the part is dropped
    }
    if (rings.length > 0) polygons.push(orientRings(rings));
  }
  if (polygons.length === 0) return 'polygon with fewer than 3 distinct vertices';
  const p = feature.properties ?? {};
  const id = text(p.cleabs) ?? text(p.id) ?? text(p.ID) ?? `f${index}`;
  const date = text(p.date_d_apparition);
  const yearMatch = date ? /^(\d{4})/.exec(date) : null;
  const etages = num(p.nombre_d_etages);
  const h = num(p[heightField]);
  return {
    id,
    polygons,
    hauteur: h !== null && h > 0 ? h : null,
    etages: etages !== null && etages > 0 ? Math.round(etages) : null,
    usage: text(p.usage_1),
    year: yearMatch ? Number(yearMatch[1]) : null,
    rnb: text(p.identifiants_rnb),
  };
}

/** Key "z/x/y" of a tile. */
export function tileId(t: TileAddress): string {
  return `${t.z}/${t.x}/${t.y}`;
}
