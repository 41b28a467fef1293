import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import sirv from 'sirv';
import { defineConfig, type Plugin } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { territoryIndexJson } from './scripts/build-territory-index.mjs';
import { buildTerritoryShapes } from './scripts/build-territory-shapes.mjs';
import type { TerritoryShapesFile } from './src/features/territory/shapes';
import { create3tzMiddleware } from './tiling/tiles3d/serve-3tz';

/**
 * Serves the generated twin (tiles, catalog.json) under /twin from TWIN_DIR (default ./twin),
 * with range requests and ETags, in both `vite` (dev) and `vite preview`. The twin is never
 * copied into dist/: it can be terabytes.
 */
function serveTwin(): Plugin {
  const dir = resolve(process.env.TWIN_DIR ?? 'twin');
  const files = sirv(dir, { dev: true, etag: true, dotfiles: false });
  // A missing file is a 404, not the app's index.html (the servers' SPA fallback): the viewer
  // tells a missing catalog or tile from a present one by its status.
  // `<name>.3tz/<inner path>`: files inside 3D Tiles archives (CesiumJS cannot read .3tz itself).
  const archives = create3tzMiddleware(dir);
  const handler: typeof files = (req, res) =>
    archives(req, res, () =>
      files(req, res, () => {
        res.statusCode = 404;
        res.end('Not found');
      }),
    );
  const mount = (use: (path: string, fn: typeof handler) => void) => use('/twin', handler);
  return {
    name: 'hdf-twin:serve-twin',
    configureServer(server) {
      mount((p, fn) => server.middlewares.use(p, fn));
    },
    configurePreviewServer(server) {
      mount((p, fn) => server.middlewares.use(p, fn));
    },
  };
}

/**
 * The search box's territory index (scripts/build-territory-index.mjs), generated from the
 * dependencies at each build and dev start, never committed: emitted into dist/generated/,
 * served from memory by the dev server. The example catalogs of catalogs/ go to dist/catalogs/
 * (and are served from the folder by the dev server): `?catalog=/catalogs/real-services.json`.
 */
function territoryIndexAndCatalogs(): Plugin {
  let json: string | undefined;
  const index = () => {
    json ??= territoryIndexJson();
    return json;
  };
  const catalogs = sirv(resolve('catalogs'), { dev: true, etag: true });
  return {
    name: 'hdf-twin:territory-index',
    buildStart() {
      if (this.meta.watchMode) return;
      this.emitFile({ type: 'asset', fileName: 'generated/territories.json', source: index() });
      for (const name of readdirSync('catalogs').filter((n) => n.endsWith('.json'))) {
        this.emitFile({
          type: 'asset',
          fileName: `catalogs/${name}`,
          source: readFileSync(`catalogs/${name}`),
        });
      }
    },
    configureServer(server) {
      server.middlewares.use('/generated/territories.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(index());
      });
      server.middlewares.use('/catalogs', catalogs);
    },
  };
}

/**
 * The territory lens's boundaries (scripts/build-territory-shapes.mjs), one file per
 * département, generated at each build and dev start, never committed: emitted into
 * dist/generated/territory-shapes/, served from memory by the dev server.
 */
function territoryShapes(): Plugin {
  let files: Record<string, TerritoryShapesFile> | undefined;
  const all = () => {
    files ??= buildTerritoryShapes();
    return files;
  };
  return {
    name: 'hdf-twin:territory-shapes',
    buildStart() {
      if (this.meta.watchMode) return;
      for (const [dep, file] of Object.entries(all()))
        this.emitFile({
          type: 'asset',
          fileName: `generated/territory-shapes/${dep}.json`,
          source: JSON.stringify(file),
        });
    },
    configureServer(server) {
      server.middlewares.use('/generated/territory-shapes', (req, res, next) => {
        const dep = /^\/(\w+)\.json$/.exec(req.url ?? '')?.[1];
        const file = dep ? all()[dep] : undefined;
        if (!file) return next();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(file));
      });
    },
  };
}

const cesiumBuild = 'node_modules/cesium/Build/Cesium';

export default defineConfig({
  define: { CESIUM_BASE_URL: JSON.stringify('/cesiumStatic') },
  plugins: [
    react(),
    viteStaticCopy({
      targets: ['ThirdParty', 'Workers', 'Assets', 'Widgets'].map((d) => ({
        src: `${cesiumBuild}/${d}`,
        dest: 'cesiumStatic',
        rename: { stripBase: 4 },
      })),
    }),
    serveTwin(),
    territoryIndexAndCatalogs(),
    territoryShapes(),
  ],
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  build: { chunkSizeWarningLimit: 6000 },
});
