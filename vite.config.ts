import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import sirv from 'sirv';
import { defineConfig, type Plugin } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { create3tzMiddleware } from './format/node/serve-3tz';
import { createPackedTileMiddleware } from './format/node/serve-packed';
import { terrainTileHeaders } from './format/node/terrain-headers';
import { TERRITORIES_PATH, territoryIndexJson } from './scripts/build-territory-index.mjs';
import { TERRITORY_SHAPES_URL } from './src/features/territory/shapes';

/**
 * Serves the generated twin (tiles, catalog.json) under /twin from TWIN_DIR (default ./twin),
 * with range requests and ETags, in both `vite` (dev) and `vite preview`. The twin is never
 * copied into dist/: it can be terabytes.
 */
function serveTwin(): Plugin {
  const dir = resolve(process.env.TWIN_DIR ?? 'twin');
  const files = sirv(dir, {
    dev: true,
    etag: true,
    dotfiles: false,
    // Quantized-mesh terrain: its media type, and the gzip its tiles are stored in (as server/app.ts).
    setHeaders(res, pathname) {
      for (const [name, value] of Object.entries(terrainTileHeaders(resolve(dir, `.${pathname}`))))
        res.setHeader(name, value);
    },
  });
  // A missing file is a 404, not the app's index.html (the servers' SPA fallback): the viewer
  // tells a missing catalog or tile from a present one by its status.
  // `<name>.3tz/<inner path>`: files inside 3D Tiles archives (CesiumJS cannot read .3tz itself).
  const archives = create3tzMiddleware(dir);
  // `{z}/{x}/{y}.jpg` of packed pyramids (tiling run --packed): out of their packs/*.pmtiles.
  const packed = createPackedTileMiddleware(dir);
  const handler: typeof files = (req, res) =>
    archives(req, res, () =>
      packed(req, res, () =>
        files(req, res, () => {
          res.statusCode = 404;
          res.end('Not found');
        }),
      ),
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
 * The search box's territory index (scripts/build-territory-index.mjs), derived from the
 * territories the repository carries (data/territories/) at each build and dev start, never
 * committed: emitted into dist/generated/,
 * served from memory by the dev server. The example catalogs of catalogs/ go to dist/catalogs/
 * (and are served from the folder by the dev server): `?catalog=/catalogs/real-services.json`.
 */
function territoryIndexAndCatalogs(): Plugin {
  let json: string | undefined;
  const index = () => {
    json ??= territoryIndexJson();
    return json;
  };
  // From this file, not the working directory: `vite build` from anywhere reads the same files.
  const catalogDir = fileURLToPath(new URL('./catalogs', import.meta.url));
  const catalogs = sirv(catalogDir, { dev: true, etag: true });
  return {
    name: 'hdf-twin:territory-index',
    buildStart() {
      if (this.meta.watchMode) return;
      this.emitFile({ type: 'asset', fileName: 'generated/territories.json', source: index() });
      for (const name of readdirSync(catalogDir).filter((n) => n.endsWith('.json'))) {
        this.emitFile({
          type: 'asset',
          fileName: `catalogs/${name}`,
          source: readFileSync(resolve(catalogDir, name)),
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
 * The territory lens's boundaries: the committed TopoJSON (data/territories/, about 500 kB
 * gzipped, unzipped in the browser) copied as is to dist/generated/, served from the file by
 * the dev server.
 */
function territoryShapes(): Plugin {
  const fileName = TERRITORY_SHAPES_URL.slice(1);
  return {
    name: 'hdf-twin:territory-shapes',
    buildStart() {
      if (this.meta.watchMode) return;
      this.emitFile({ type: 'asset', fileName, source: readFileSync(TERRITORIES_PATH) });
    },
    configureServer(server) {
      server.middlewares.use(TERRITORY_SHAPES_URL, (_req, res) => {
        res.setHeader('content-type', 'application/gzip');
        res.end(readFileSync(TERRITORIES_PATH));
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
