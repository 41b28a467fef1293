/**
 * Regenerates the territories the product carries, data/territories/hdf-territories.topo.json:
 * the Hauts-de-France région, its 5 départements, 92 EPCI and 3,782 communes (COG 2026) as one
 * quantized, simplified TopoJSON (shared arcs: the EPCI, département and région outlines are
 * merges of the communes' arcs, almost free). Geometry comes from the commune boundaries given
 * (IGN ADMIN EXPRESS COG: a GeoJSON, GeoPackage, Shapefile or FlatGeobuf file, or the Géo2France
 * WFS); names, codes, SIREN, membership (commune → EPCI, → département) and populations from
 * @etalab/decoupage-administratif 6.0.0 (COG 2026). Deterministic: the same input gives the
 * same bytes. See data/territories/README.md.
 *
 *   npm run territories -- --communes <file> [--layer commune] [--out <file>] [--tolerance-m 5]
 *   npm run territories -- --wfs https://www.geo2france.fr/geoserver/spld/ows [--wfs-layer spld:communes]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import proj4 from 'proj4';
import { mergeArcs, quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import { readTerritoriesText, TERRITORIES_FILE } from './build-territory-index.mjs';

export { readTerritoriesText, TERRITORIES_FILE };

const NAME = 'territories';
/** Hauts-de-France. */
export const REGION = '32';

/**
 * @typedef {object} TerritoriesOptions
 * @property {number} [toleranceMetres] simplification: a vertex goes when it lies closer than
 *   this to the line joining its neighbours (iteratively, smallest first; arc ends always kept).
 *   Default 5 m.
 * @property {number} [quantization] grid steps across the region's extent. Default 1e5 (about
 *   2 m east-west, 2.5 m north-south here).
 * @property {string} [source] the geometry's source, written into the file's metadata.
 */
export const TERRITORIES_DEFAULTS = { toleranceMetres: 5, quantization: 1e5 };

const require = createRequire(import.meta.url);
const etalab = (file) =>
  JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${file}`), 'utf8'));

// format/crs.ts LAMBERT_93_PROJ4 (with +type=crs): this plain-Node script (`npm run
// territories`, run by hand) cannot import the TypeScript contract, so it carries the string.
const LAMBERT93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs';

/** Metres per degree at the region's mean latitude (50.3°N): east-west, north-south. */
const KX = 111_320 * Math.cos((50.3 * Math.PI) / 180);
const KY = 110_950;

/** Distance in metres from the triangle's middle point to the line of its two others. */
function chordDistanceMetres(t) {
  const ax = t[0][0] * KX;
  const ay = t[0][1] * KY;
  const bx = t[1][0] * KX;
  const by = t[1][1] * KY;
  const cx = t[2][0] * KX;
  const cy = t[2][1] * KY;
  const len = Math.hypot(cx - ax, cy - ay);
  if (len === 0) return Math.hypot(bx - ax, by - ay);
  return Math.abs((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / len;
}

/** The COG 2026 of the region from @etalab/decoupage-administratif. */
export function readCog() {
  const all = etalab('communes.json');
  const communes = all
    .filter((c) => c.region === REGION && c.type === 'commune-actuelle')
    .sort((a, b) => a.code.localeCompare(b.code));
  const current = new Set(communes.map((c) => c.code));
  /** Old or delegated codes -> the current commune they are part of. */
  const partOf = new Map();
  for (const c of all)
    if (c.region === REGION && c.type !== 'commune-actuelle' && c.chefLieu && current.has(c.chefLieu))
      partOf.set(c.code, c.chefLieu);
  const epci = etalab('epci.json')
    .filter((e) => e.membres.some((m) => current.has(m.code)))
    .sort((a, b) => a.code.localeCompare(b.code));
  const epciOf = new Map();
  for (const e of epci) for (const m of e.membres) if (current.has(m.code)) epciOf.set(m.code, e.code);
  const deps = etalab('departements.json')
    .filter((d) => d.region === REGION)
    .sort((a, b) => a.code.localeCompare(b.code));
  const region = etalab('regions.json').find((r) => r.code === REGION);
  return { communes, partOf, epci, epciOf, deps, region };
}

const CODE_FIELDS = ['code', 'insee_com', 'code_insee', 'insee', 'codgeo', 'inseecom', 'cod_insee'];

/** The INSEE code of a feature: the first of the usual fields (any case), or `field`. */
function codeOf(properties, field) {
  const p = properties ?? {};
  if (field) return p[field] == null ? undefined : String(p[field]);
  const keys = Object.keys(p);
  for (const name of CODE_FIELDS) {
    const k = keys.find((key) => key.toLowerCase() === name);
    if (k && p[k] != null) return String(p[k]);
  }
  return undefined;
}

/** Whether a GeoJSON is in Lambert-93 (named so, or with coordinates far beyond degrees). */
function isLambert93(fc) {
  const crs = JSON.stringify(fc.crs ?? '');
  if (/2154/.test(crs)) return true;
  const g = fc.features?.find((f) => f.geometry)?.geometry;
  let c = g?.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && Math.abs(c[0]) > 1000;
}

function mapCoordinates(coords, fn) {
  return typeof coords[0] === 'number' ? fn(coords) : coords.map((c) => mapCoordinates(c, fn));
}

/**
 * Builds the topology from commune features (GeoJSON, WGS 84 or Lambert-93).
 * @param {{properties?: Record<string, unknown>, geometry: {type: string, coordinates: unknown[]}|null}[]} features
 * @param {TerritoriesOptions & {codeField?: string}} [options]
 * @returns {{topology: object, problems: string[]}}
 * @throws Error listing the communes of the COG 2026 that have no geometry
 */
export function buildTerritoriesTopology(features, options = {}) {
  const toleranceMetres = options.toleranceMetres ?? TERRITORIES_DEFAULTS.toleranceMetres;
  const quantization = options.quantization ?? TERRITORIES_DEFAULTS.quantization;
  const cog = readCog();
  const current = new Map(cog.communes.map((c) => [c.code, c]));
  const parts = [];
  const ignored = [];
  for (const f of features) {
    const raw = codeOf(f.properties, options.codeField);
    if (!raw || !f.geometry || !/Polygon$/.test(f.geometry.type)) continue;
    const code = current.has(raw) ? raw : cog.partOf.get(raw);
    if (!code) {
      // Communes of other regions (a national file) are expected; an old code of this one is not.
      if (/^(02|59|60|62|80)/.test(raw)) ignored.push(raw);
      continue;
    }
    parts.push({ type: 'Feature', properties: { code }, geometry: f.geometry });
  }
  const present = new Set(parts.map((p) => p.properties.code));
  const missing = cog.communes.filter((c) => !present.has(c.code)).map((c) => c.code);
  if (missing.length > 0)
    throw new Error(
      `${NAME}: ${missing.length} commune(s) of the COG 2026 have no boundary in the input (${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}): give ADMIN EXPRESS COG communes of the same year`,
    );
  const problems = ignored.length
    ? [
        `${ignored.length} feature(s) with a code unknown to the COG 2026 ignored: ${ignored.slice(0, 8).join(', ')}`,
      ]
    : [];
  parts.sort((a, b) => a.properties.code.localeCompare(b.properties.code));

  let topo = topology({ parts: { type: 'FeatureCollection', features: parts } });
  topo = simplify(presimplify(topo, chordDistanceMetres), toleranceMetres);
  topo = quantize(topo, quantization);

  const partGeoms = topo.objects.parts.geometries;
  const byCode = new Map();
  for (const g of partGeoms) {
    if (!g.type) continue;
    const code = g.properties.code;
    byCode.set(code, [...(byCode.get(code) ?? []), g]);
  }
  const merged = (codes) =>
    mergeArcs(
      topo,
      codes.flatMap((c) => byCode.get(c) ?? []),
    );
  const withMeta = (geom, id, properties) => ({ type: geom.type, id, properties, arcs: geom.arcs });

  const communes = cog.communes.map((c) =>
    withMeta(merged([c.code]), c.code, {
      nom: c.nom,
      dep: c.departement,
      epci: cog.epciOf.get(c.code) ?? '',
      siren: c.siren ?? '',
      population: c.population ?? 0,
    }),
  );
  const membersOf = new Map();
  for (const c of cog.communes) {
    const e = cog.epciOf.get(c.code);
    if (e) membersOf.set(e, [...(membersOf.get(e) ?? []), c.code]);
  }
  const epci = cog.epci.map((e) =>
    withMeta(merged(membersOf.get(e.code) ?? []), e.code, {
      nom: e.nom,
      type: e.type,
      communes: (membersOf.get(e.code) ?? []).length,
      population: (membersOf.get(e.code) ?? []).reduce((s, m) => s + (current.get(m)?.population ?? 0), 0),
    }),
  );
  const deps = cog.deps.map((d) => {
    const codes = cog.communes.filter((c) => c.departement === d.code).map((c) => c.code);
    return withMeta(merged(codes), d.code, { nom: d.nom, communes: codes.length });
  });
  const region = withMeta(merged(cog.communes.map((c) => c.code)), REGION, {
    nom: cog.region.nom,
    communes: cog.communes.length,
  });

  const out = {
    type: 'Topology',
    metadata: {
      name: 'Hauts-de-France territories, COG 2026',
      geometry: options.source ?? 'IGN ADMIN EXPRESS COG communes',
      membership:
        '@etalab/decoupage-administratif 6.0.0 (COG 2026 communes, EPCI from DGCL BANATIC), Licence Ouverte 2.0',
      licence: 'Etalab Licence Ouverte 2.0; attribution: IGN, INSEE, DGCL, Etalab',
      toleranceMetres,
      quantization,
      regenerate:
        'npm run territories -- --communes <ADMIN EXPRESS COG communes> (data/territories/README.md)',
    },
    bbox: topo.bbox.map((v) => Math.round(v * 1e6) / 1e6),
    transform: topo.transform,
    objects: {
      region: { type: 'GeometryCollection', geometries: [region] },
      departements: { type: 'GeometryCollection', geometries: deps },
      epci: { type: 'GeometryCollection', geometries: epci },
      communes: { type: 'GeometryCollection', geometries: communes },
    },
    arcs: topo.arcs,
  };
  return { topology: out, problems };
}

/** The file's text: one line per arc and per geometry, so that diffs stay readable. */
export function territoriesJson(topo) {
  const { objects, arcs, ...head } = topo;
  const lines = [];
  const headJson = JSON.stringify(head);
  lines.push(`${headJson.slice(0, -1)},"objects":{`);
  const names = Object.keys(objects);
  names.forEach((name, i) => {
    const o = objects[name];
    lines.push(`${JSON.stringify(name)}:{"type":"GeometryCollection","geometries":[`);
    o.geometries.forEach((g, j) => {
      lines.push(JSON.stringify(g) + (j < o.geometries.length - 1 ? ',' : ''));
    });
    lines.push(`]}${i < names.length - 1 ? ',' : ''}`);
  });
  lines.push('},"arcs":[');
  arcs.forEach((a, i) => {
    lines.push(JSON.stringify(a) + (i < arcs.length - 1 ? ',' : ''));
  });
  lines.push(']}');
  return `${lines.join('\n')}\n`;
}

/** Reads commune features from a GeoJSON (WGS 84 or Lambert-93) or, through ogr2ogr, any GDAL vector file. */
export function readCommuneFile(path, layer) {
  if (!existsSync(path)) throw new Error(`${NAME}: ${path} not found`);
  let fc;
  if (/\.(geo)?json$/i.test(path) && !layer) {
    fc = JSON.parse(readFileSync(path, 'utf8'));
  } else {
    try {
      const args = [
        '-f',
        'GeoJSON',
        '-t_srs',
        'EPSG:4326',
        '-lco',
        'COORDINATE_PRECISION=7',
        '/vsistdout/',
        path,
      ];
      if (layer) args.push(layer);
      fc = JSON.parse(execFileSync('ogr2ogr', args, { maxBuffer: 2 ** 31, encoding: 'utf8' }));
    } catch (e) {
      throw new Error(
        `${NAME}: cannot read ${path} with ogr2ogr (install gdal-bin; for a GeoPackage name the layer, e.g. --layer commune): ${e.message.split('\n')[0]}`,
      );
    }
  }
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new Error(`${NAME}: ${path} is not a GeoJSON FeatureCollection`);
  if (isLambert93(fc)) {
    const toWgs = proj4(LAMBERT93, 'WGS84');
    for (const f of fc.features)
      if (f.geometry)
        f.geometry.coordinates = mapCoordinates(f.geometry.coordinates, (p) => toWgs.forward(p));
  }
  return fc.features;
}

/**
 * Reads the communes from a WFS 2.0 (Géo2France GeoServer: `spld:communes`), paged,
 * GeoJSON in WGS 84.
 */
export async function readCommuneWfs(base, typeName, pageSize = 1000) {
  const features = [];
  for (let start = 0; ; start += pageSize) {
    const url = new URL(base);
    const q = {
      service: 'WFS',
      version: '2.0.0',
      request: 'GetFeature',
      typeNames: typeName,
      outputFormat: 'application/json',
      srsName: 'EPSG:4326',
      count: String(pageSize),
      startIndex: String(start),
    };
    for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
    let page;
    try {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      page = await r.json();
    } catch (e) {
      throw new Error(
        `${NAME}: the WFS ${base} (${typeName}) did not answer page ${start / pageSize + 1}: ${e.message}`,
      );
    }
    const got = Array.isArray(page?.features) ? page.features : [];
    // Some servers answer EPSG:4326 latitude first (its official axis order): swap when so.
    for (const f of got)
      if (f.geometry) {
        let c = f.geometry.coordinates;
        while (Array.isArray(c[0])) c = c[0];
        if (c[0] > 45) f.geometry.coordinates = mapCoordinates(f.geometry.coordinates, ([y, x]) => [x, y]);
      }
    features.push(...got);
    if (got.length < pageSize) break;
  }
  return features;
}

/** The file's bytes: the text gzipped (a `.gz` name), else the text. */
export function territoriesBytes(text, path) {
  return path.endsWith('.gz') ? gzipSync(text, { level: 9 }) : Buffer.from(text);
}

function writeAtomic(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

const USAGE = `Usage: npm run territories -- --communes <file> [options]
       npm run territories -- --wfs <url> [--wfs-layer spld:communes] [options]

Regenerates ${TERRITORIES_FILE}: région, départements, EPCI and communes of the
Hauts-de-France (COG 2026, membership from @etalab/decoupage-administratif) as quantized TopoJSON.

Options:
  --communes <file>     ADMIN EXPRESS COG communes: GeoJSON (WGS 84 or Lambert-93), GeoPackage,
                        Shapefile, FlatGeobuf (through ogr2ogr); a national file is fine
  --layer <name>        layer of a GeoPackage (ADMIN EXPRESS: commune)
  --code-field <name>   field of the INSEE code (default: code, insee_com, code_insee, ...)
  --wfs <url>           a WFS 2.0 endpoint instead (Géo2France: https://www.geo2france.fr/geoserver/spld/ows)
  --wfs-layer <name>    its commune layer (default spld:communes)
  --tolerance-m <m>     simplification tolerance in metres (default ${TERRITORIES_DEFAULTS.toleranceMetres})
  --quantization <n>    grid steps across the extent (default ${TERRITORIES_DEFAULTS.quantization})
  --source <text>       the geometry's source, written into the file
  --out <file>          default ${TERRITORIES_FILE} (gzipped when the name ends in .gz)`;

async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      communes: { type: 'string' },
      layer: { type: 'string' },
      'code-field': { type: 'string' },
      wfs: { type: 'string' },
      'wfs-layer': { type: 'string', default: 'spld:communes' },
      'tolerance-m': { type: 'string' },
      quantization: { type: 'string' },
      source: { type: 'string' },
      out: { type: 'string', default: TERRITORIES_FILE },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.communes && !values.wfs)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const t0 = performance.now();
  const features = values.wfs
    ? await readCommuneWfs(values.wfs, values['wfs-layer'])
    : readCommuneFile(resolve(values.communes), values.layer);
  const num = (v, name) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n >= 0)) throw new Error(`${NAME}: --${name} must be a number ≥ 0, got "${v}"`);
    return n;
  };
  const { topology: topo, problems } = buildTerritoriesTopology(features, {
    toleranceMetres: num(values['tolerance-m'], 'tolerance-m'),
    quantization: num(values.quantization, 'quantization'),
    codeField: values['code-field'],
    source: values.source ?? (values.wfs ? `WFS ${values.wfs} ${values['wfs-layer']}` : undefined),
  });
  for (const p of problems) console.warn(`${NAME}: ${p}`);
  const text = territoriesJson(topo);
  const bytes = territoriesBytes(text, values.out);
  writeAtomic(resolve(values.out), bytes);
  const c = topo.objects;
  console.log(
    `${NAME}: ${values.out}: ${c.communes.geometries.length} communes, ${c.epci.geometries.length} EPCI, ${c.departements.geometries.length} départements, ${topo.arcs.length} arcs, ${topo.arcs.reduce((s, a) => s + a.length, 0)} points, ${(text.length / 1024).toFixed(0)} KiB of TopoJSON, ${(bytes.length / 1024).toFixed(0)} KiB written, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
