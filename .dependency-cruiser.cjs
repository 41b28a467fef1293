/**
 * Import rules that stay true, checked by `npm run lint:deps` (scripts/lint-deps.mjs runs
 * dependency-cruiser 18.7.2 through its API) as part of `npm run lint` and `npm test`.
 * docs/architecture.md draws the parts these rules keep apart.
 *
 * Type-only imports (`import type`) are erased from the JavaScript, so the runtime rules (cycles,
 * Node code in the browser, Cesium, I/O in pure stages) let them through; rules about who owns
 * what (src -> server, features) count them too.
 */

/** Node-only npm packages: native addons, servers, queues, cloud SDKs. */
const NODE_ONLY_PACKAGES =
  '^node_modules/(better-sqlite3|sharp|bullmq|ioredis|fastify|@fastify/[^/]+|@aws-sdk/[^/]+|sirv|yazl|tsx|s3rver|autocannon)/';

/** Browser code: the viewer, without its unit tests (they run in Node under vitest). */
const BROWSER = { path: '^src/', pathNot: '\\.test\\.tsx?$' };

/** Pure stages: values in, values out; no file, thread, network or encoder I/O. */
const PURE_STAGES = '^tiling/(core|reproject|resample|encode|mesh|plan)/|^tiling/ortho/job\\.ts$';

/**
 * The contract's Node side: readers of twin-folder formats shared by the tiling, the server and the
 * dev server (format/node/: the .3tz reader and its HTTP middleware), and the generators of the
 * committed OCS2D tables (run by hand). Everything else in format/ runs in the browser too.
 */
const FORMAT_NODE_SIDE = ['^format/node/', '^format/ocs2d/build-[\\w-]+\\.mjs$'];

/** The contract package: what the twin folder and the APIs are, shared by src/, tiling/ and server/. */
const FORMAT = { path: '^format/', pathNot: FORMAT_NODE_SIDE };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'format-imports-no-half',
      severity: 'error',
      comment:
        'The contract package (format/) is imported by the viewer, the tiling and the server, and imports none of them (nor tests or scripts): it is the bottom of every arrow.',
      from: { path: '^format/' },
      to: { path: '^(src|tiling|server|test|bench|scripts)/' },
    },
    {
      name: 'format-not-node-side',
      severity: 'error',
      comment:
        "format/ outside format/node/ runs in the browser: it never imports the contract's Node side (format/node/, the table generators).",
      from: FORMAT,
      to: { path: FORMAT_NODE_SIDE },
    },
    {
      name: 'format-not-node-builtins',
      severity: 'error',
      comment:
        'format/ runs in the browser too: it never imports a Node built-in (node:fs, node:path...); Node-side readers live in format/node/.',
      from: FORMAT,
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'format-not-node-packages',
      severity: 'error',
      comment:
        'format/ runs in the browser too: no Node-only package (better-sqlite3, sharp, bullmq...), not even for a type; plain packages such as zod and proj4 are fine.',
      from: FORMAT,
      to: { path: NODE_ONLY_PACKAGES },
    },
    {
      name: 'tiling-not-viewer-or-server',
      severity: 'error',
      comment:
        'The tiling (tiling/) never imports the viewer (src/) or the server (server/): what they share lives in format/.',
      from: { path: '^tiling/' },
      to: { path: '^(src|server)/' },
    },
    {
      name: 'server-not-viewer',
      severity: 'error',
      comment: 'The server (server/) never imports the viewer (src/): what they share lives in format/.',
      from: { path: '^server/' },
      to: { path: '^src/' },
    },
    {
      name: 'server-not-tiling',
      severity: 'error',
      comment:
        'The server (server/) never imports the tiling (tiling/): the shared tables, CRS math and the .3tz reader live in format/ (format/node/ for Node I/O).',
      from: { path: '^server/' },
      to: { path: '^tiling/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No module depends on itself through others. A cycle kept alive only by a type-only import (zustand slices typing the whole store) does not exist at run time and is let through.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-tiling-folders',
      severity: 'error',
      scope: 'folder',
      comment:
        'No two tiling/ folders import each other, even through different files (vector <-> stats was one): a folder is a layer or a product.',
      from: { path: '^tiling/' },
      to: { path: '^tiling/', circular: true },
    },
    {
      name: 'browser-not-server',
      severity: 'error',
      comment:
        'The viewer (src/) never imports the server (server/), not even a type: shared facts (the review API) live in the contract package format/.',
      from: { path: '^src/' },
      to: { path: '^server/' },
    },
    {
      name: 'browser-not-node-builtins',
      severity: 'error',
      comment: 'The viewer never imports Node built-ins (node:fs, node:path, worker_threads...).',
      from: BROWSER,
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-not-node-packages',
      severity: 'error',
      comment:
        'The viewer never imports Node-only packages (better-sqlite3, sharp, bullmq, ioredis, fastify, AWS SDK...).',
      from: BROWSER,
      to: { path: NODE_ONLY_PACKAGES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'browser-not-tiling',
      severity: 'error',
      comment:
        'The viewer (src/) never imports the tiling (tiling/): the OCS2D tables, change classes and stats.json shapes it shares with the pipeline live in format/. Its unit tests (Node) may build real fixture tiles with the tiling.',
      from: BROWSER,
      to: { path: '^tiling/' },
    },
    {
      name: 'browser-not-format-node',
      severity: 'error',
      comment:
        "The viewer never imports the contract's Node side (format/node/: file readers, HTTP middleware).",
      from: BROWSER,
      to: { path: FORMAT_NODE_SIDE },
    },
    {
      name: 'cesium-only-in-src-cesium',
      severity: 'error',
      comment:
        'Only src/cesium/ imports Cesium or Resium (it owns every Cesium object). Type-only imports are let through: a type constructs nothing.',
      from: { path: '^src/', pathNot: '^src/cesium/' },
      to: { path: '^node_modules/(cesium|@cesium/[^/]+|resium)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'features-not-each-other',
      severity: 'error',
      comment:
        'A feature (src/features/<name>/) never imports another feature, not even in its tests: compose them in src/app/, share through components/, stores/, indicators/, config/, cesium/, i18n/ or format/.',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: '^src/features/$1/' },
    },
    {
      name: 'shared-not-features',
      severity: 'error',
      comment:
        'Only src/app/ composes features: shared viewer code (stores/, cesium/, i18n/, indicators/, components/, config/, api/, scenario/...) never imports src/features/, not even a type or a message, so a feature can be removed without breaking what others share. Move what both need out of the feature (src/i18n/ for words, src/stores/ or a non-feature folder for types and pure logic).',
      from: { path: '^src/', pathNot: '^src/(features|app)/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'pure-stages-no-node',
      severity: 'error',
      comment:
        'Pure stages (core, reproject, resample, encode, mesh, plan, the ortho job; the grid math is format/grid) import no Node built-in: no files, threads, clocks from the OS.',
      from: { path: PURE_STAGES },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-stages-no-io',
      severity: 'error',
      comment:
        'Pure stages import no I/O module: not sharp (encoders are injected), queues, storage, sources, writers, the engine or the CLI. Interfaces (type-only) are fine.',
      from: { path: PURE_STAGES },
      to: {
        path: [NODE_ONLY_PACKAGES, '^tiling/(source|write|storage|engine|cli|sample)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'engine-imports-no-product',
      severity: 'error',
      comment:
        'The engine (tiling/engine: local pool, BullMQ, registry) imports no product and no planner; products register by name in tiling/engine/registry.ts.',
      from: { path: '^tiling/engine/' },
      to: { path: '^tiling/(ortho|tiles3d|vector|stats|plan|sample|mesh|dem|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not followed but stays visible (the package rules need its paths).
    exclude: { path: '^(\\.tmp|twin|dist|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.mjs', '.js', '.cjs', '.json'],
    },
  },
};
