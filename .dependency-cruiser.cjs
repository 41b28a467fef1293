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

/** Node built-ins, as dependency-cruiser names them when reached ('node:fs', 'fs'...). */
const NODE_BUILTINS =
  '^(node:)?(fs|fs/promises|path|os|child_process|worker_threads|zlib|crypto|stream|stream/promises|http|https|net|url|util|module|process|readline|events|buffer)$';

/** Browser code: the viewer, without its unit tests (they run in Node under vitest). */
const BROWSER = { path: '^src/', pathNot: '\\.test\\.tsx?$' };

/**
 * The only tiling/ modules the viewer may import today: pure tables and types, no Node. They move
 * into the contract package format/ (issue 14); then this list goes.
 */
const TILING_SHARED_WITH_BROWSER =
  '^tiling/(ocs2d/(index|tables|labels-en)\\.ts|stats/aggregate\\.ts|vector/classes\\.ts)$';

/** Pure stages: values in, values out; no file, thread, network or encoder I/O. */
const PURE_STAGES = '^tiling/(core|reproject|resample|encode|mesh|plan)/|^tiling/ortho/job\\.ts$';

/** The contract package: what the twin folder and the APIs are, shared by src/, tiling/ and server/. */
const FORMAT = { path: '^format/' };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'format-imports-no-half',
      severity: 'error',
      comment:
        'The contract package (format/) is imported by the viewer, the tiling and the server, and imports none of them (nor tests or scripts): it is the bottom of every arrow.',
      from: FORMAT,
      to: { path: '^(src|tiling|server|test|bench|scripts)/' },
    },
    {
      name: 'format-not-node-builtins',
      severity: 'error',
      comment: 'format/ runs in the browser too: it never imports a Node built-in (node:fs, node:path...).',
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
      // A warning until the OCS2D tables, change classes and 3tz reader move to format/ (issue 14,
      // next step; listed by `npm run lint:deps`); then an error like the others.
      severity: 'warn',
      comment:
        'The server (server/) does not import the tiling (tiling/): the shared tables and formats belong in format/.',
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
      name: 'browser-shared-tiling-reaches-no-node',
      severity: 'error',
      comment:
        'The tiling/ modules the viewer imports reach no Node built-in or Node-only package through their own imports (a shared table that starts reading files would break the viewer). src/ itself is covered file by file by the rules above.',
      from: { path: TILING_SHARED_WITH_BROWSER },
      to: { path: [NODE_BUILTINS, NODE_ONLY_PACKAGES], reachable: true },
    },
    {
      name: 'browser-tiling-shared-only',
      severity: 'error',
      comment:
        'The viewer imports from tiling/ only the pure shared tables listed in TILING_SHARED_WITH_BROWSER (they move to format/ next).',
      from: BROWSER,
      to: { path: '^tiling/', pathNot: TILING_SHARED_WITH_BROWSER },
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
      // A warning until the viewer's split (issue 14) removes today's cross-feature imports (listed
      // by `npm run lint:deps`); then an error like the others.
      severity: 'warn',
      comment:
        'A feature (src/features/<name>/) never imports another feature: compose them in src/app/, share through components/, stores/, cesium/ or format/.',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: '^src/features/$1/' },
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
