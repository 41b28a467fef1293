/**
 * Reads the territories the repository carries (data/territories/hdf-territories.topo.json.gz,
 * made by scripts/build-territories.mjs) and derives what the build and the demo need from it:
 * the search box's territory index (src/features/search/territory-index.ts: every commune and
 * EPCI with its code, membership and extent) and the communes as GeoJSON for `tiling stats`.
 * Run by vite.config.ts at build and dev start; by hand: `node scripts/build-territory-index.mjs [out.json]`.
 * Nothing here reads outside the repository.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { feature } from 'topojson-client';

/** Where the committed file lives, from the repository root (scripts/build-territories.mjs writes it). */
export const TERRITORIES_FILE = 'data/territories/hdf-territories.topo.json.gz';

/** Reads a territories file (gzipped or not) back to its text. */
export function readTerritoriesText(path) {
  const bytes = readFileSync(path);
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The committed territories file, wherever the repository is. */
export const TERRITORIES_PATH = fileURLToPath(new URL(`../${TERRITORIES_FILE}`, import.meta.url));

let cached;
/** The committed topology (parsed once). */
export function readTerritories(path = TERRITORIES_PATH) {
  if (path !== TERRITORIES_PATH) return JSON.parse(readTerritoriesText(path));
  cached ??= JSON.parse(readTerritoriesText(path));
  return cached;
}

/** The extent of each arc, in degrees: `[west, south, east, north]`. */
function arcExtents(topo) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  return topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    const b = [180, 90, -180, -90];
    for (const [dx, dy] of arc) {
      x += dx;
      y += dy;
      const lon = x * sx + tx;
      const lat = y * sy + ty;
      if (lon < b[0]) b[0] = lon;
      if (lat < b[1]) b[1] = lat;
      if (lon > b[2]) b[2] = lon;
      if (lat > b[3]) b[3] = lat;
    }
    return b;
  });
}

/** A geometry's extent from its arcs, rounded outwards to 1e-4 degree (about 10 m). */
function geometryExtent(g, extents) {
  const b = [180, 90, -180, -90];
  const walk = (a) => {
    if (typeof a === 'number') {
      const e = extents[a < 0 ? ~a : a];
      if (e[0] < b[0]) b[0] = e[0];
      if (e[1] < b[1]) b[1] = e[1];
      if (e[2] > b[2]) b[2] = e[2];
      if (e[3] > b[3]) b[3] = e[3];
    } else for (const x of a) walk(x);
  };
  walk(g.arcs ?? []);
  return b.map((v, i) => (i < 2 ? Math.floor(v * 1e4) / 1e4 : Math.ceil(v * 1e4) / 1e4));
}

/**
 * Builds the index in memory from the topology.
 * @returns {import('../src/features/search/territory-index').TerritoryIndexFile}
 */
export function buildTerritoryIndex(topo = readTerritories()) {
  const extents = arcExtents(topo);
  const communes = topo.objects.communes.geometries.map((g) => [
    g.id,
    g.properties.nom,
    g.properties.dep,
    g.properties.epci,
    ...geometryExtent(g, extents),
  ]);
  const epci = topo.objects.epci.geometries.map((g) => [
    g.id,
    g.properties.nom,
    g.properties.type,
    g.properties.communes,
    ...geometryExtent(g, extents),
  ]);
  return {
    version: 1,
    region: topo.objects.region.geometries[0].id,
    source: `${TERRITORIES_FILE}: ${topo.metadata.membership}; geometry ${topo.metadata.geometry}`,
    communes,
    epci,
  };
}

/** The index as the JSON text served to the viewer. */
export function territoryIndexJson() {
  return JSON.stringify(buildTerritoryIndex());
}

/**
 * The communes as a GeoJSON FeatureCollection (WGS 84), with the properties `tiling stats`
 * reads: code, nom, dep, siren_epci, population.
 */
export function communesGeoJson(topo = readTerritories()) {
  const fc = feature(topo, topo.objects.communes);
  // 1e-7 degree (1 cm): far below the 2 m grid of the file, and half the text.
  const round = (c) => (typeof c[0] === 'number' ? c.map((v) => Math.round(v * 1e7) / 1e7) : c.map(round));
  return {
    type: 'FeatureCollection',
    name: 'communes_hauts_de_france',
    features: fc.features.map((f) => ({
      type: 'Feature',
      properties: {
        code: f.id,
        nom: f.properties.nom,
        dep: f.properties.dep,
        siren_epci: f.properties.epci,
        population: f.properties.population,
      },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
    })),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  const out = process.argv[2] ?? '.tmp/territories.json';
  writeFileSync(out, territoryIndexJson());
  console.log(`territory-index: wrote ${out}`);
}
