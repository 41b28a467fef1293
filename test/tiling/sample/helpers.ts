/**
 * Helpers of the sample generator's tests: GDAL's command-line tools, file hashes, GeoJSON reading
 * and small geometry written independently of tiling/sample (so the tests do not check the
 * generator with its own code).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The repository root (tests run from it) and the shared data beside it. */
export const SHARED_DATA = resolve(process.cwd(), '../shared/data');

/** Runs a GDAL tool; fails with a clear message when GDAL is not installed. */
export function gdal(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        `${tool} not found: these tests check the files with GDAL. Install gdal-bin (apt-get install gdal-bin).`,
      );
    throw e;
  }
}

/** `gdalinfo -json` of a file. */
export function gdalinfo(path: string): GdalInfo {
  return JSON.parse(gdal('gdalinfo', ['-json', path])) as GdalInfo;
}

/** The parts of gdalinfo's JSON the tests read. */
export interface GdalInfo {
  size: [number, number];
  geoTransform: [number, number, number, number, number, number];
  coordinateSystem: { wkt: string };
  metadata: { IMAGE_STRUCTURE?: Record<string, string> };
  bands: { type: string; block: [number, number]; noDataValue?: number; colorInterpretation: string }[];
  stac?: { 'proj:epsg'?: number };
}

/** SHA-256 of every file under a folder, by relative path. */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** Reads a semicolon- or comma-separated table with a header row. */
export function readTable(path: string, sep: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const cols = (head ?? '').split(sep);
  return rows.map((r) => {
    const cells = r.split(sep);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

type Position = [number, number];

/** One polygon feature as written by the sample. */
export interface PolygonFeature {
  properties: Record<string, string | number>;
  geometry: { type: 'Polygon'; coordinates: Position[][] };
}

/** Reads a GeoJSON FeatureCollection of polygons. */
export function readFeatures(path: string): { crs?: unknown; features: PolygonFeature[] } {
  return JSON.parse(readFileSync(path, 'utf8')) as { crs?: unknown; features: PolygonFeature[] };
}

/** Shoelace area of a closed ring, signed (counter-clockwise positive). */
export function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** Planar area of a polygon (outer minus holes). */
export function polygonArea(coords: Position[][]): number {
  const [outer, ...holes] = coords;
  return Math.abs(signedArea(outer ?? [])) - holes.reduce((s, h) => s + Math.abs(signedArea(h)), 0);
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** True when (x, y) is inside the polygon (even-odd over its rings). */
export function contains(coords: Position[][], x: number, y: number): boolean {
  let inside = false;
  for (const r of coords) if (inRing(x, y, r)) inside = !inside;
  return inside;
}

/** Bounding box [minX, minY, maxX, maxY] of a polygon. */
export function bbox(coords: Position[][]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of coords)
    for (const [x, y] of r) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
  return b;
}

/** Distance from (x, y) to the nearest edge of the polygon, metres. */
export function distanceToBoundary(coords: Position[][], x: number, y: number): number {
  let d = Infinity;
  for (const r of coords)
    for (let i = 0; i + 1 < r.length; i++) {
      const a = r[i] as Position;
      const b = r[i + 1] as Position;
      const ex = b[0] - a[0];
      const ey = b[1] - a[1];
      const len2 = ex * ex + ey * ey;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * ex + (y - a[1]) * ey) / len2));
      d = Math.min(d, Math.hypot(x - a[0] - t * ex, y - a[1] - t * ey));
    }
  return d;
}

/** An index of polygons by bounding box for point queries. */
export function pointIndex(features: PolygonFeature[]): (x: number, y: number) => PolygonFeature[] {
  const boxes = features.map((f) => bbox(f.geometry.coordinates));
  return (x, y) =>
    features.filter((f, i) => {
      const b = boxes[i] as [number, number, number, number];
      return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3] && contains(f.geometry.coordinates, x, y);
    });
}
