/**
 * Where dalles land in Web Mercator: bounding boxes of their reprojected outlines.
 */
import type { Extent } from '../core';
import type { CrsTransform } from '../reproject';
import type { Mosaic, MosaicDalle } from './mosaic';

/** Points sampled along each side of an outline (the Lambert -> Mercator map bends straight lines a little). */
const SAMPLES_PER_SIDE = 8;

/** EPSG:3857 bounding box of a rectangle of mosaic pixels [col, col + width) x [row, row + height). */
export function mosaicRectToMercator(
  mosaic: Mosaic,
  crs: CrsTransform,
  rect: { col: number; row: number; width: number; height: number },
): Extent {
  const [t0, t1, , t3, , t5] = mosaic.geoTransform;
  const x0 = t0 + rect.col * t1;
  const x1 = t0 + (rect.col + rect.width) * t1;
  const y0 = t3 + rect.row * t5;
  const y1 = t3 + (rect.row + rect.height) * t5;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const add = (x: number, y: number) => {
    const [mx, my] = crs.toMercator(x, y);
    if (mx < minX) minX = mx;
    if (mx > maxX) maxX = mx;
    if (my < minY) minY = my;
    if (my > maxY) maxY = my;
  };
  for (let i = 0; i <= SAMPLES_PER_SIDE; i++) {
    const t = i / SAMPLES_PER_SIDE;
    add(x0 + (x1 - x0) * t, y0);
    add(x0 + (x1 - x0) * t, y1);
    add(x0, y0 + (y1 - y0) * t);
    add(x1, y0 + (y1 - y0) * t);
  }
  return { minX, minY, maxX, maxY };
}

/** EPSG:3857 bounding box of a dalle. */
export function dalleToMercator(mosaic: Mosaic, crs: CrsTransform, dalle: MosaicDalle): Extent {
  return mosaicRectToMercator(mosaic, crs, {
    col: dalle.col,
    row: dalle.row,
    width: dalle.width,
    height: dalle.height,
  });
}

/** `e` grown by `margin` on every side. */
export function expandExtent(e: Extent, margin: number): Extent {
  return { minX: e.minX - margin, minY: e.minY - margin, maxX: e.maxX + margin, maxY: e.maxY + margin };
}

/** Smallest extent holding all of `extents`. */
export function unionExtents(extents: readonly Extent[]): Extent {
  return {
    minX: Math.min(...extents.map((e) => e.minX)),
    minY: Math.min(...extents.map((e) => e.minY)),
    maxX: Math.max(...extents.map((e) => e.maxX)),
    maxY: Math.max(...extents.map((e) => e.maxY)),
  };
}

/** True when two extents overlap with a non-zero area. */
export function extentsOverlap(a: Extent, b: Extent): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}
