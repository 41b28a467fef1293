#!/usr/bin/env node
// `npm run demo`: the main job on the built-in sample, end to end.
//   1. installs npm dependencies if missing;
//   2. generates the synthetic sample twin (dalles, DEM, OCS2D, changes) into twin/sample/;
//   3. tiles each vintage's dalles into twin/<year>/ortho/ (WebMercatorQuad pyramid), the DEM into
//      twin/terrain/ (quantized-mesh) and each vintage's buildings into twin/<year>/buildings/;
//   4. writes twin/catalog.json (what the viewer shows);
//   5. computes the indicators per commune into twin/stats/stats.json (commune boundaries from
//      data/territories/, or COMMUNES=<file>);
//   6. builds the viewer and serves it, the twin and the review API on http://localhost:5173
//      (server/bin.ts; reviewer token "demo-token-hdf" unless REVIEW_TOKENS is set), with the
//      technicians' console on the sample's dalles (token "demo-tech-hdf" unless TECHNICIAN_TOKENS is set).
// Steps 2-3 are skipped when their output is already complete (delete twin/ to start over).
// Ctrl-C stops every process this script started.
//
// Options (for tests and technicians; `npm run demo` needs none):
//   --twin <dir>    the twin folder (default: TWIN_DIR, else twin/)
//   --size-m <m>    side of the sample area, metres, multiple of 200 (tiling sample --size-m; default 1000)
//   --no-serve      stop once the catalog is written: no viewer build, no server
// e.g. the browser journeys' twin: node scripts/demo.mjs --no-serve --size-m 400 --twin .tmp/journey-twin
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

let options;
try {
  options = parseArgs({
    options: { twin: { type: 'string' }, 'size-m': { type: 'string' }, 'no-serve': { type: 'boolean' } },
  }).values;
} catch (e) {
  console.error(
    `demo: ${e.message}\nusage: node scripts/demo.mjs [--twin <dir>] [--size-m <metres>] [--no-serve]`,
  );
  process.exit(2);
}
const TWIN = options.twin ?? process.env.TWIN_DIR ?? 'twin';
const SIZE_M = options['size-m'];
const SERVE = !options['no-serve'];
const PORT = Number(process.env.PORT ?? 5173);
const SAMPLE = join(TWIN, 'sample');

function step(title) {
  console.log(`\n▶ ${title}`);
}

function run(cmd, args, env = {}, { mayFail = false } = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0 && mayFail) return false;
  if (r.status !== 0) {
    console.error(`demo: "${cmd} ${args.join(' ')}" failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
  return true;
}

const tiling = (...args) => run(process.execPath, ['--import', 'tsx', 'tiling/cli/bin.ts', ...args]);

step('Dépendances npm');
run(process.execPath, ['scripts/ensure-deps.mjs', 'demo']);

step(`Échantillon synthétique → ${SAMPLE}`);
if (existsSync(join(SAMPLE, 'sample.json'))) console.log(`déjà généré (supprimez ${TWIN}/ pour recommencer)`);
else tiling('sample', '--out', SAMPLE, ...(SIZE_M === undefined ? [] : ['--size-m', SIZE_M]));
const sample = JSON.parse(readFileSync(join(SAMPLE, 'sample.json'), 'utf8'));
if (SIZE_M !== undefined && String(sample.sizeMetres) !== SIZE_M) {
  console.error(
    `demo: ${SAMPLE} was generated with --size-m ${sample.sizeMetres}, not ${SIZE_M}: delete ${TWIN}/ to start over.`,
  );
  process.exit(1);
}

const orthos = [];
for (const year of sample.vintages) {
  const out = join(TWIN, String(year), 'ortho');
  step(`Pyramide d'images ${year} → ${out}`);
  // --3d: then 3D Tiles (terrain from the DEM, textured with the tiles) into twin/<year>/3d (docs/3d-tiles.md).
  if (existsSync(join(out, 'tilejson.json')) && existsSync(join(TWIN, String(year), '3d', 'tileset.json')))
    console.log('déjà tuilée');
  else {
    const args = [
      'run',
      join(SAMPLE, 'ortho', String(year)),
      '--out',
      out,
      '--3d',
      '--dem',
      join(SAMPLE, 'dem'),
    ];
    const cli = [process.execPath, ['--import', 'tsx', 'tiling/cli/bin.ts', ...args]];
    if (!run(...cli, {}, { mayFail: true })) {
      // Typically a pyramid left by an older version of the tiler (another plan): start this vintage over.
      console.log(`demo: nouvel essai après suppression de ${out} et ${join(TWIN, String(year), '3d')}`);
      rmSync(out, { recursive: true, force: true });
      rmSync(join(TWIN, String(year), '3d'), { recursive: true, force: true });
      run(...cli);
    }
  }
  orthos.push({ year, tilejson: JSON.parse(readFileSync(join(out, 'tilejson.json'), 'utf8')) });
}

// The globe's ground: quantized-mesh terrain from the DEM (tiling terrain, docs/terrain.md).
const terrainDir = join(TWIN, 'terrain');
step(`Terrain (quantized-mesh) → ${terrainDir}`);
if (existsSync(join(terrainDir, 'layer.json'))) console.log('déjà tuilé');
else tiling('terrain', join(SAMPLE, 'dem'), '--out', terrainDir);

// Buildings of each vintage: footprints + DSM/DTM → LoD1.2 3D Tiles (tiling buildings, docs/buildings.md).
const buildings = [];
for (const year of sample.vintages) {
  const footprints = join(SAMPLE, 'buildings', `batiment-${year}.geojson`);
  if (!existsSync(footprints)) continue;
  const out = join(TWIN, String(year), 'buildings');
  step(`Bâtiments 3D ${year} → ${out}`);
  if (existsSync(join(out, 'tileset.json'))) console.log('déjà tuilés');
  else
    tiling(
      'buildings',
      footprints,
      '--dsm',
      join(SAMPLE, 'dsm', String(year)),
      '--dtm',
      join(SAMPLE, 'dem'),
      '--out',
      out,
    );
  buildings.push(year);
}

// OCS2D and change detections → vector tile pyramids (tiling vector, docs/vector.md).
const vectors = [];
for (const year of sample.vintages)
  vectors.push({ in: `ocs2d/ocs2d-${year}.geojson`, out: `${year}/ocs2d`, kind: 'ocs2d' });
const changesFile = sample.files?.changes?.[0] ?? `changes/changes-${sample.vintages.join('-')}.geojson`;
vectors.push({ in: changesFile, out: `changes/${sample.vintages.join('-')}`, kind: 'changes' });
for (const v of vectors) {
  step(`Tuiles vectorielles ${v.in} → ${join(TWIN, v.out)}`);
  if (existsSync(join(TWIN, v.out, 'metadata.json'))) console.log('déjà tuilées');
  else tiling('vector', join(SAMPLE, v.in), '--kind', v.kind, '--out', join(TWIN, v.out));
}

// Commune boundaries: the territories the repository carries (data/territories/, written as
// GeoJSON beside the sample), unless COMMUNES=<file> names others (ADMIN EXPRESS, any GDAL format).
const communes = process.env.COMMUNES ?? join(SAMPLE, 'communes-hauts-de-france.geojson');
const statsFile = join(TWIN, 'stats', 'stats.json');
step(`Indicateurs par commune → ${statsFile}`);
if (existsSync(statsFile)) console.log('déjà calculés');
else if (process.env.COMMUNES && !existsSync(communes)) {
  console.error(`demo: COMMUNES=${communes}: fichier introuvable`);
  process.exit(1);
} else {
  if (!process.env.COMMUNES) {
    const { communesGeoJson } = await import('./build-territory-index.mjs');
    writeFileSync(communes, JSON.stringify(communesGeoJson()));
  }
  tiling(
    'stats',
    ...sample.vintages.flatMap((y) => ['--ocs2d', `${y}=${join(SAMPLE, 'ocs2d', `ocs2d-${y}.geojson`)}`]),
    '--communes',
    communes,
    '--changes',
    join(SAMPLE, changesFile),
    '--out',
    statsFile,
  );
}

step('Catalogue → twin/catalog.json');
writeCatalog();

if (!SERVE) {
  console.log(`\n  Jumeau écrit dans ${TWIN}/ (--no-serve : ni construction du visualiseur ni serveur).`);
  process.exit(0);
}

step('Construction du visualiseur');
run('npx', ['vite', 'build', '--logLevel', 'warn']);

step('Serveur');
const server = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'server/bin.ts',
    '--port',
    String(PORT),
    '--twin',
    TWIN,
    '--dist',
    'dist',
    '--changes',
    join(SAMPLE, changesFile),
    // Technicians' console (docs/console.md): the sample's dalles as the one input root, local
    // runs (no Redis needed), written under twin/chantiers/.
    '--console-root',
    `echantillon=${join(SAMPLE, 'ortho')}`,
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      REVIEW_TOKENS: 'demo=demo-token-hdf',
      TECHNICIAN_TOKENS: 'technicien=demo-tech-hdf',
      ...process.env,
    },
  },
);
server.stdout.on('data', (d) => {
  process.stdout.write(d);
  if (String(d).includes('hdf-twin server: http')) {
    console.log(`\n  Jumeau numérique prêt : http://localhost:${PORT}/   (Ctrl-C pour arrêter)`);
    console.log(
      `  Chantiers de tuilage : http://localhost:${PORT}/?page=console   (jeton technicien : demo-tech-hdf)\n`,
    );
  }
});
const stop = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));

/** Catalog source of a `tiling vector` pyramid (docs/vector.md), from its metadata.json. */
function mvtSource(dir, layer) {
  const m = JSON.parse(readFileSync(join(TWIN, dir, 'metadata.json'), 'utf8'));
  return {
    type: 'mvt',
    url: `${dir}/{z}/{x}/{y}.pbf`,
    metadata: `${dir}/metadata.json`,
    layer,
    minZoom: m.minzoom,
    maxZoom: m.maxzoom,
    bounds: m.bounds,
  };
}

/**
 * The demo's catalog. Layers are series (docs/catalog.md): each vintage names its series, whose
 * visibility is shared, and the vintage control chooses the year drawn (the latest by default).
 * First view: the orthophoto series on (so compare, the review's before/after and « Millésime
 * 2021 » all show a photo); the textured terrain mesh off (it floats over the globe and hides the
 * orthophoto's vintages: kept as a series to tick, and as an export for 3D Tiles clients);
 * the quantized-mesh terrain and the buildings on (the 3D twin);
 * OCS2D, changes and heat off (opaque fills that would hide the photo being compared).
 */
function writeCatalog() {
  const layers = [];
  const last = sample.vintages[sample.vintages.length - 1];
  for (const { year, tilejson } of orthos) {
    layers.push({
      id: `ortho-${year}`,
      kind: 'orthoimagery',
      title: { fr: `Orthophoto PCRS ${year} (5 cm)`, en: `PCRS orthophoto ${year} (5 cm)` },
      series: 'ortho-pcrs',
      seriesTitle: { fr: 'Orthophoto PCRS (5 cm)', en: 'PCRS orthophoto (5 cm)' },
      vintage: year,
      attribution: 'Échantillon synthétique hdf-twin (façon PCRS Géo2France)',
      visible: true,
      opacity: 1,
      source: {
        type: 'xyz',
        url: `${year}/ortho/${tilejson.tiles[0].split('/').slice(-3).join('/')}`,
        minZoom: tilejson.minzoom,
        maxZoom: tilejson.maxzoom,
        bounds: tilejson.bounds,
      },
    });
  }
  if (existsSync(join(terrainDir, 'layer.json')))
    layers.push({
      id: 'terrain',
      kind: 'terrain',
      title: { fr: 'Relief (MNT 1 m)', en: 'Terrain (1 m DTM)' },
      attribution: 'Échantillon synthétique hdf-twin (MNT façon RGE ALTI)',
      visible: true,
      source: { type: 'quantized-mesh', url: 'terrain' },
    });
  for (const year of buildings)
    layers.push({
      id: `buildings-${year}`,
      kind: 'buildings',
      title: { fr: `Bâtiments 3D ${year} (LoD1)`, en: `3D buildings ${year} (LoD1)` },
      series: 'buildings',
      seriesTitle: { fr: 'Bâtiments 3D (LoD1, BD TOPO + MNS)', en: '3D buildings (LoD1, BD TOPO + DSM)' },
      vintage: year,
      attribution: 'Échantillon synthétique hdf-twin (emprises façon BD TOPO, hauteurs du MNS)',
      visible: true,
      source: { type: '3dtiles', url: `${year}/buildings/tileset.json` },
    });
  for (const { year } of orthos)
    layers.push({
      id: `terrain-3d-${year}`,
      kind: '3dtiles',
      title: { fr: `Terrain 3D ${year} (PCRS + MNT)`, en: `3D terrain ${year} (PCRS + DTM)` },
      series: 'terrain-3d',
      seriesTitle: { fr: 'Terrain 3D texturé (PCRS + MNT)', en: 'Textured 3D terrain (PCRS + DTM)' },
      vintage: year,
      attribution: 'Échantillon synthétique hdf-twin (PCRS + MNT façon RGE ALTI)',
      visible: false,
      source: { type: '3dtiles', url: `${year}/3d/tileset.json` },
    });
  // Changes first: drawn over OCS2D (the first entry is on top).
  layers.push({
    id: 'changes-heat',
    kind: 'changes',
    title: { fr: 'Changements : hectares par maille de 100 m', en: 'Changes: hectares per 100 m cell' },
    series: 'changes-heat',
    vintage: last,
    attribution: 'Échantillon synthétique',
    visible: false,
    source: mvtSource(`changes/${sample.vintages.join('-')}`, 'heat'),
  });
  layers.push({
    id: 'changes',
    kind: 'changes',
    title: { fr: 'Changements détectés (IA)', en: 'Detected changes (AI)' },
    series: 'changes',
    vintage: last,
    attribution: 'Échantillon synthétique',
    visible: false,
    source: mvtSource(`changes/${sample.vintages.join('-')}`, 'changes'),
  });
  for (const year of sample.vintages) {
    layers.push({
      id: `ocs2d-${year}`,
      kind: 'ocs2d',
      title: { fr: `OCS2D ${year}`, en: `OCS2D land cover ${year}` },
      series: 'ocs2d',
      seriesTitle: { fr: 'OCS2D (occupation du sol)', en: 'OCS2D land cover' },
      vintage: year,
      attribution: 'Échantillon synthétique, nomenclature OCS2D Géo2France',
      visible: false,
      source: mvtSource(`${year}/ocs2d`, 'ocs2d'),
    });
  }
  const [w, s, e, n] = sample.extent.wgs84;
  const catalog = {
    version: 1,
    title: { fr: 'Échantillon — Lezennes (Villeneuve-d’Ascq)', en: 'Sample — Lezennes (Villeneuve-d’Ascq)' },
    home: [w, s, e, n],
    layers,
    // Indicators panel (docs/indicators.md): the per-commune figures of `tiling stats`.
    ...(existsSync(statsFile) ? { indicators: { stats: 'stats/stats.json' } } : {}),
  };
  const path = join(TWIN, 'catalog.json');
  writeFileSync(`${path}.tmp`, `${JSON.stringify(catalog, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  console.log(`${layers.length} couches`);
}
