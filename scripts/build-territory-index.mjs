/**
 * Builds the search box's territory index (src/features/search/territory-index.ts): the
 * Hauts-de-France communes and EPCI from @etalab/decoupage-administratif 6.0.0 (its JSON files
 * read directly), each with the extent of its geometry from ../shared/data/admin-epci-derived
 * (or TERRITORY_GEOMETRY_DIR). Run by vite.config.ts at build and dev start (nothing is
 * committed); by hand: `node scripts/build-territory-index.mjs [out.json]`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/** Hauts-de-France. */
const REGION = '32';
const NAME = 'territory-index';

const require = createRequire(import.meta.url);

/** The folder with the commune and EPCI geometries. */
export function geometryDir() {
  return resolve(process.env.TERRITORY_GEOMETRY_DIR ?? '../shared/data/admin-epci-derived');
}

function extentOf(coords, b) {
  if (Array.isArray(coords) && typeof coords[0] === 'number') {
    const [x, y] = coords;
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  } else if (Array.isArray(coords)) for (const c of coords) extentOf(c, b);
}

/** Extent per feature, keyed by the property `key`, from a GeoJSON file (empty map if absent). */
function extents(path, key, warn) {
  const out = new Map();
  if (!existsSync(path)) {
    warn(`${NAME}: ${path} not found: the search will list territories but cannot fly to them`);
    return out;
  }
  const fc = JSON.parse(readFileSync(path, 'utf8'));
  for (const f of fc.features) {
    const code = f.properties[key];
    if (typeof code !== 'string' || !f.geometry) continue;
    const b = [180, 90, -180, -90];
    extentOf(f.geometry.coordinates, b);
    out.set(
      code,
      b.map((v, i) => (i < 2 ? Math.floor(v * 1e4) / 1e4 : Math.ceil(v * 1e4) / 1e4)),
    );
  }
  return out;
}

function readEtalab(file) {
  return JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${file}`), 'utf8'));
}

/** Builds the index in memory. */
/** @returns {import('../src/features/search/territory-index').TerritoryIndexFile} */
export function buildTerritoryIndex(warn = console.warn) {
  const communes = readEtalab('communes.json').filter(
    (c) => c.region === REGION && c.type === 'commune-actuelle',
  );
  const codes = new Set(communes.map((c) => c.code));
  const epci = readEtalab('epci.json').filter((e) => e.membres.some((m) => codes.has(m.code)));
  const epciOf = new Map();
  for (const e of epci) for (const m of e.membres) if (codes.has(m.code)) epciOf.set(m.code, e.code);

  const dir = geometryDir();
  const communeBoxes = extents(resolve(dir, 'communes-hauts-de-france-cog-current.geojson'), 'code', warn);
  const epciBoxes = extents(resolve(dir, 'epci-hauts-de-france.geojson'), 'siren_epci', warn);

  const communeRows = communes
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => [
      c.code,
      c.nom,
      c.departement,
      epciOf.get(c.code) ?? '',
      ...(communeBoxes.get(c.code) ?? []),
    ]);
  const epciRows = epci
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((e) => [
      e.code,
      e.nom,
      e.type,
      e.membres.filter((m) => codes.has(m.code)).length,
      ...(epciBoxes.get(e.code) ?? []),
    ]);
  return {
    version: 1,
    region: REGION,
    source:
      'communes and EPCI: @etalab/decoupage-administratif 6.0.0 (Licence Ouverte); extents: IGN ADMIN EXPRESS COG via admin-epci-derived',
    communes: communeRows,
    epci: epciRows,
  };
}

/** The index as the JSON text served to the viewer. */
export function territoryIndexJson(warn) {
  return JSON.stringify(buildTerritoryIndex(warn));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  const out = process.argv[2] ?? '.tmp/territories.json';
  writeFileSync(out, territoryIndexJson());
  console.log(`${NAME}: wrote ${out}`);
}
