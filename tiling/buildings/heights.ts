// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * Building heights from a DSM and a DTM (pure), as 3DBAG does for LoD1.2: the ground is a low
 * percentile of the DTM pixels whose centre lies in the footprint, the roof a chosen percentile of
 * the DSM pixels in it; the quality figure is the RMS of (DSM - roof) over those pixels, metres
 * (0 for a flat roof seen by a clean DSM; a gabled house shows about a third of its roof's rise).
 * Fallbacks when the DSM says nothing usable: the input's height (`hauteur`), then storeys x 3 m,
 * then a default; the source of each height is kept.
 */
import type { DemRaster } from '../dem';
import type { Footprint, Rings } from './footprint';
import { footprintBox } from './footprint';
import type { BuildingsOptions } from './options';

/** Where a building's height comes from. */
export type HeightSource = 'dsm' | 'hauteur' | 'etages' | 'default';
export const HEIGHT_SOURCES: readonly HeightSource[] = ['dsm', 'hauteur', 'etages', 'default'];

/** A building's heights, NGF-IGN69 altitudes (metres). */
export interface BuildingHeights {
  ground: number;
  roof: number;
  /** roof - ground. */
  height: number;
  source: HeightSource;
  /** RMS of DSM - roof over the footprint's pixels, metres; null when the height is not from the DSM. */
  quality: number | null;
  /** DSM pixels inside the footprint. */
  dsmPixels: number;
}

function valid(v: number, nodata: number | null): boolean {
  return !Number.isNaN(v) && v !== nodata && v > -1e4 && v < 1e5;
}

/**
 * Pushes the values of `r`'s pixels whose centre lies in the polygons (even-odd over each
 * polygon's rings) onto `out`, holes and nodata left out.
 */
export function valuesInPolygons(r: DemRaster, polygons: readonly Rings[], out: number[]): void {
  const xs: number[] = [];
  for (const rings of polygons) {
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const ring of rings)
      for (const c of ring) {
        if (c[1]! < minY) minY = c[1]!;
        if (c[1]! > maxY) maxY = c[1]!;
      }
    const row0 = Math.max(0, Math.ceil((r.originY - maxY) / r.pixelSizeY - 0.5));
    const row1 = Math.min(r.height - 1, Math.floor((r.originY - minY) / r.pixelSizeY - 0.5));
    for (let row = row0; row <= row1; row++) {
      const y = r.originY - (row + 0.5) * r.pixelSizeY;
      xs.length = 0;
      for (const ring of rings) {
        const n = ring.length;
        for (let i = 0; i < n; i++) {
          const a = ring[i]!;
          const b = ring[(i + 1) % n]!;
          const ay = a[1]!;
          const by = b[1]!;
          if (ay <= y === by <= y) continue;
          xs.push(a[0]! + ((y - ay) / (by - ay)) * (b[0]! - a[0]!));
        }
      }
      xs.sort((p, q) => p - q);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const c0 = Math.max(0, Math.ceil((xs[k]! - r.originX) / r.pixelSizeX - 0.5));
        const c1 = Math.min(r.width - 1, Math.floor((xs[k + 1]! - r.originX) / r.pixelSizeX - 0.5));
        const base = row * r.width;
        for (let c = c0; c <= c1; c++) {
          const v = r.values[base + c]!;
          if (valid(v, r.nodata)) out.push(v);
        }
      }
    }
  }
}

/** The p-th percentile (0..100) of sorted values, linear between ranks; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = (p / 100) * (n - 1);
  const i = Math.floor(rank);
  const t = rank - i;
  const a = sorted[i]!;
  return i + 1 < n ? a + (sorted[i + 1]! - a) * t : a;
}

/** Values of every raster in `rasters` inside the footprint, sorted ascending. */
export function footprintValues(rasters: readonly DemRaster[], f: Footprint): Float64Array {
  const out: number[] = [];
  for (const r of rasters) valuesInPolygons(r, f.polygons, out);
  const a = Float64Array.from(out);
  a.sort();
  return a;
}

/** The rasters (among headers' indices) whose extent meets the footprint's box. */
export function rastersUnder(
  headers: readonly {
    originX: number;
    originY: number;
    width: number;
    height: number;
    pixelSizeX: number;
    pixelSizeY: number;
  }[],
  f: Footprint,
): number[] {
  const [minX, minY, maxX, maxY] = footprintBox(f);
  const hit: number[] = [];
  headers.forEach((h, i) => {
    const x1 = h.originX + h.width * h.pixelSizeX;
    const y0 = h.originY - h.height * h.pixelSizeY;
    if (maxX >= h.originX && minX <= x1 && maxY >= y0 && minY <= h.originY) hit.push(i);
  });
  return hit;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Heights of one building from its DSM and DTM values (sorted). Null when no ground is known (no
 * DTM value and no DSM value under it).
 */
export function buildingHeights(
  f: Footprint,
  dsm: Float64Array,
  dtm: Float64Array,
  o: BuildingsOptions,
): BuildingHeights | null {
  let ground = percentile(dtm, o.groundPercentile);
  // No DTM there: the lowest DSM values are the best ground guess left.
  if (Number.isNaN(ground)) ground = percentile(dsm, 0);
  if (Number.isNaN(ground)) return null;
  ground = round2(ground);
  if (dsm.length >= o.minPixels) {
    const roof = percentile(dsm, o.roofPercentile);
    if (roof - ground >= o.minHeight) {
      let s = 0;
      for (let i = 0; i < dsm.length; i++) s += (dsm[i]! - roof) ** 2;
      const r = round2(roof);
      return {
        ground,
        roof: r,
        height: round2(r - ground),
        source: 'dsm',
        quality: round2(Math.sqrt(s / dsm.length)),
        dsmPixels: dsm.length,
      };
    }
  }
  const [height, source]: [number, HeightSource] =
    f.hauteur !== null
      ? [f.hauteur, 'hauteur']
      : f.etages !== null
        ? [f.etages * o.storeyMetres, 'etages']
        : [o.defaultHeight, 'default'];
  const h = round2(height);
  return { ground, roof: round2(ground + h), height: h, source, quality: null, dsmPixels: dsm.length };
}
