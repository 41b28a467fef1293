import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import sirv from 'sirv';
import { defineConfig, type Plugin } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';

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
  const handler: typeof files = (req, res) =>
    files(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
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
  ],
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  build: { chunkSizeWarningLimit: 6000 },
});
