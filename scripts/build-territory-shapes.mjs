/**
 * Builds the territory lens's boundaries (src/features/territory/shapes.ts): the Hauts-de-France
 * commune and EPCI polygons of ../shared/data/admin-epci-derived (or TERRITORY_GEOMETRY_DIR),
 * quantized to 1e-4 degree (about 7 m east-west, 11 m north-south here) and delta-encoded, one
 * file per département (its communes, and the EPCI whose seat of most members is there), loaded
 * only when a territory of that département is chosen. Run by vite.config.ts at build and dev
 * start (nothing is committed); by hand: `node scripts/build-territory-shapes.mjs [out-dir]`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const NAME = 'territory-shapes';
/** Quantization step: 1e-4 degree. */
const SCALE = 1e4;

function geometryDir() {
  return resolve(process.env.TERRITORY_GEOMETRY_DIR ?? '../shared/data/admin-epci-derived');
}

/** A ring of [lon, lat] -> flat integers: first point absolute, then deltas; repeats dropped. */
function encodeRing(ring) {
  const out = [];
  let px = 0;
  let py = 0;
  let n = 0;
  for (const [lon, lat] of ring) {
    const x = Math.round(lon * SCALE);
    const y = Math.round(lat * SCALE);
    if (n > 0 && x === px && y === py) continue;
    out.push(x - px, y - py);
    px = x;
    py = y;
    n++;
  }
  return n >= 4 ? out : null;
}

/** Polygon or MultiPolygon -> list of polygons, each a list of encoded rings (outer first). */
function encodeGeometry(g) {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  const out = [];
  for (const p of polys) {
    const rings = [];
    for (const r of p) {
      const e = encodeRing(r);
      if (e) rings.push(e);
      else if (rings.length === 0) break; // outer ring collapsed: drop the polygon
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

function readFc(path, warn) {
  if (!existsSync(path)) {
    warn(`${NAME}: ${path} not found: the territory lens will frame territories but not clip them`);
    return [];
  }
  return JSON.parse(readFileSync(path, 'utf8')).features ?? [];
}

/**
 * The shapes in memory: `{ "59": {version, dep, communes: {code: polygons}, epci: {siren: polygons}} }`.
 * @returns {Record<string, {version: 1, dep: string, communes: Record<string, number[][][]>, epci: Record<string, number[][][]>}>}
 */
export function buildTerritoryShapes(warn = console.warn) {
  const dir = geometryDir();
  const byDep = {};
  const fileOf = (dep) => {
    byDep[dep] ??= { version: 1, dep, communes: {}, epci: {} };
    return byDep[dep];
  };
  const epciDeps = new Map();
  for (const f of readFc(resolve(dir, 'communes-hauts-de-france-cog-current.geojson'), warn)) {
    const { code, dep, siren_epci: epci } = f.properties ?? {};
    if (typeof code !== 'string' || typeof dep !== 'string' || !f.geometry) continue;
    fileOf(dep).communes[code] = encodeGeometry(f.geometry);
    if (typeof epci === 'string') {
      const counts = epciDeps.get(epci) ?? new Map();
      counts.set(dep, (counts.get(dep) ?? 0) + 1);
      epciDeps.set(epci, counts);
    }
  }
  for (const f of readFc(resolve(dir, 'epci-hauts-de-france.geojson'), warn)) {
    const siren = f.properties?.siren_epci;
    const counts = epciDeps.get(siren);
    if (typeof siren !== 'string' || !counts || !f.geometry) continue;
    const dep = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    fileOf(dep).epci[siren] = encodeGeometry(f.geometry);
  }
  return byDep;
}

/** Writes one `<dep>.json` per département into `outDir`; returns their sizes in bytes. */
export function writeTerritoryShapes(outDir, warn) {
  mkdirSync(outDir, { recursive: true });
  const sizes = {};
  for (const [dep, file] of Object.entries(buildTerritoryShapes(warn))) {
    const text = JSON.stringify(file);
    writeFileSync(resolve(outDir, `${dep}.json`), text);
    sizes[dep] = text.length;
  }
  return sizes;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  const out = process.argv[2] ?? '.tmp/territory-shapes';
  const sizes = writeTerritoryShapes(out);
  console.log(`${NAME}: wrote ${out}`, sizes);
}
