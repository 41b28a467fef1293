/**
 * The mosaic: every dalle of a set placed on one pixel grid (same CRS, same pixel size, origins a
 * whole number of pixels apart), so a window that straddles dalles is read from each and resampled
 * as one image: no seam, no hole between dalles.
 *
 * `buildMosaic` also checks what the geometry needs (CRS present and supported, north-up, same grid)
 * and lists every dalle that does not fit, with the reason and the fix.
 */

import { isSupportedEpsg } from '../../format/crs';
import type { GeoTransform, PixelWindow, RasterInfo } from '../core';

/** One dalle on the mosaic grid. */
export interface MosaicDalle {
  /** Index in `Mosaic.dalles` (dalles are sorted by id). */
  index: number;
  /** Path or URL, as given. */
  id: string;
  /** Mosaic pixel of the dalle's top-left pixel. */
  col: number;
  row: number;
  width: number;
  height: number;
}

/** Every usable dalle on one north-up pixel grid. */
export interface Mosaic {
  epsg: number;
  /** Geotransform of the mosaic: origin at the top-left corner of the union of the dalles. */
  geoTransform: GeoTransform;
  width: number;
  height: number;
  /** Pixel size in CRS metres (x, and y as a positive number). */
  pixelSizeX: number;
  pixelSizeY: number;
  dalles: MosaicDalle[];
}

/** A dalle left out of the mosaic, and why. */
export interface SkippedDalle {
  id: string;
  reasons: string[];
}

/** Result of `buildMosaic`: the mosaic (null when no dalle is usable) and the dalles left out. */
export interface MosaicResult {
  mosaic: Mosaic | null;
  skipped: SkippedDalle[];
}

/** Origins closer than this to a whole number of pixels are on the grid. */
const GRID_TOLERANCE_PX = 1e-3;

function gridKey(info: RasterInfo): string {
  return `${info.epsg}|${info.geoTransform[1]}|${info.geoTransform[5]}`;
}

/** Problems that make a dalle unusable on its own (no CRS, rotated, empty...). */
export function checkDalleGeometry(info: RasterInfo): string[] {
  const problems: string[] = [];
  const [, t1, t2, , t4, t5] = info.geoTransform;
  if (info.epsg === null) {
    problems.push(
      'has no CRS (no ProjectedCSTypeGeoKey); expected EPSG:2154 (Lambert-93) or EPSG:3942..3950. Fix the file with "gdal_edit.py -a_srs EPSG:2154".',
    );
  } else if (!isSupportedEpsg(info.epsg)) {
    problems.push(
      `is in EPSG:${info.epsg}; expected EPSG:2154 (Lambert-93) or EPSG:3942..3950. Reproject it with "gdalwarp -t_srs EPSG:2154".`,
    );
  }
  if (!(info.width > 0 && info.height > 0))
    problems.push(`has a zero-area extent (${info.width} x ${info.height} px).`);
  if (t2 !== 0 || t4 !== 0)
    problems.push(
      'is rotated or sheared (geotransform terms 2 and 4 are not 0); warp it north-up with gdalwarp first.',
    );
  if (!(t1 > 0) || !(t5 < 0)) {
    problems.push(
      `has pixel size (${t1}, ${t5}); expected a positive width and a negative height (north-up). Warp it with gdalwarp first.`,
    );
  }
  if (!info.geoTransform.every(Number.isFinite)) problems.push('has a geotransform that is not finite.');
  return problems;
}

/**
 * Places the dalles on one grid. The reference grid is the one most dalles share (ties: the first
 * dalle's, in id order); dalles off it are skipped with the reason.
 */
export function buildMosaic(infos: readonly RasterInfo[]): MosaicResult {
  const sorted = [...infos].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const skipped: SkippedDalle[] = [];
  const valid: RasterInfo[] = [];
  const seenIds = new Set<string>();
  for (const info of sorted) {
    const reasons = checkDalleGeometry(info);
    if (seenIds.has(info.id)) reasons.push('is listed twice.');
    seenIds.add(info.id);
    if (reasons.length > 0) skipped.push({ id: info.id, reasons });
    else valid.push(info);
  }
  if (valid.length === 0) return { mosaic: null, skipped };

  const counts = new Map<string, number>();
  for (const info of valid) counts.set(gridKey(info), (counts.get(gridKey(info)) ?? 0) + 1);
  let refKey = gridKey(valid[0] as RasterInfo);
  for (const info of valid) {
    const k = gridKey(info);
    if ((counts.get(k) ?? 0) > (counts.get(refKey) ?? 0)) refKey = k;
  }
  const ref = valid.find((i) => gridKey(i) === refKey) as RasterInfo;
  const [r0, r1, , r3, , r5] = ref.geoTransform;
  const sizeX = r1;
  const sizeY = -r5;

  const onGrid: { info: RasterInfo; col: number; row: number }[] = [];
  const areas = new Map<string, string>();
  for (const info of valid) {
    const [t0, t1, , t3, , t5] = info.geoTransform;
    const reasons: string[] = [];
    if (info.epsg !== ref.epsg) {
      reasons.push(
        `is in EPSG:${info.epsg} while most dalles are in EPSG:${ref.epsg}; tile each CRS separately or reproject it.`,
      );
    } else if (t1 !== r1 || t5 !== r5) {
      reasons.push(
        `has ${t1} x ${-t5} m pixels while most dalles have ${sizeX} x ${sizeY} m; resample it to the same grid with gdalwarp -tr.`,
      );
    }
    const fc = (t0 - r0) / sizeX;
    const fr = (r3 - t3) / sizeY;
    const col = Math.round(fc);
    const row = Math.round(fr);
    if (
      reasons.length === 0 &&
      (Math.abs(fc - col) > GRID_TOLERANCE_PX || Math.abs(fr - row) > GRID_TOLERANCE_PX)
    ) {
      reasons.push(
        `is not on the pixel grid of the other dalles (its origin is off by ${Math.abs(fc - col).toFixed(3)} x ${Math.abs(fr - row).toFixed(3)} px); align it with gdalwarp -tap.`,
      );
    }
    const area = `${col},${row},${info.width},${info.height}`;
    if (reasons.length === 0 && areas.has(area))
      reasons.push(`covers exactly the same pixels as "${areas.get(area)}" (a duplicate).`);
    if (reasons.length > 0) {
      skipped.push({ id: info.id, reasons });
      continue;
    }
    areas.set(area, info.id);
    onGrid.push({ info, col, row });
  }
  const minCol = Math.min(...onGrid.map((d) => d.col));
  const minRow = Math.min(...onGrid.map((d) => d.row));
  const maxCol = Math.max(...onGrid.map((d) => d.col + d.info.width));
  const maxRow = Math.max(...onGrid.map((d) => d.row + d.info.height));
  const dalles: MosaicDalle[] = onGrid.map((d, index) => ({
    index,
    id: d.info.id,
    col: d.col - minCol,
    row: d.row - minRow,
    width: d.info.width,
    height: d.info.height,
  }));
  skipped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    mosaic: {
      epsg: ref.epsg as number,
      geoTransform: [r0 + minCol * sizeX, sizeX, 0, r3 - minRow * sizeY, 0, -sizeY],
      width: maxCol - minCol,
      height: maxRow - minRow,
      pixelSizeX: sizeX,
      pixelSizeY: sizeY,
      dalles,
    },
    skipped,
  };
}

/** The part of a mosaic window that falls in a dalle, in both mosaic and dalle pixels; null if none. */
export function dalleWindow(
  dalle: MosaicDalle,
  window: PixelWindow,
): { mosaic: PixelWindow; dalle: PixelWindow } | null {
  const x0 = Math.max(window.x, dalle.col);
  const y0 = Math.max(window.y, dalle.row);
  const x1 = Math.min(window.x + window.width, dalle.col + dalle.width);
  const y1 = Math.min(window.y + window.height, dalle.row + dalle.height);
  if (x1 <= x0 || y1 <= y0) return null;
  return {
    mosaic: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
    dalle: { x: x0 - dalle.col, y: y0 - dalle.row, width: x1 - x0, height: y1 - y0 },
  };
}
