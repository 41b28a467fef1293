/**
 * HTTP headers of quantized-mesh terrain tiles (`tiling terrain`, docs/terrain.md): a `.terrain`
 * file answers with the quantized-mesh media type, and with `Content-Encoding: gzip` when it is
 * stored gzipped (its first two bytes are gzip's magic number), so the browser inflates it before
 * CesiumJS reads it. Used by the server (server/app.ts) and vite's `serveTwin` (dev and preview):
 * Node I/O over a twin-folder format, so it lives in the contract's Node side (format/node/).
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Media type of quantized-mesh-1.0 terrain tiles (what CesiumJS's terrain provider asks for). */
export const QUANTIZED_MESH_TYPE = 'application/vnd.quantized-mesh';

/** True when a file starts with gzip's magic number (tiles written gzipped, served as they are). */
export function isGzipFile(path: string): boolean {
  const head = Buffer.alloc(2);
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch {
    return false;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Whether a path (file or URL path, query left out) names a quantized-mesh terrain tile. */
export function isTerrainTilePath(path: string): boolean {
  return /\.terrain$/i.test(path);
}

/**
 * The headers a terrain tile at `file` (absolute path) answers with; none for other files.
 * `Content-Encoding` only for a gzipped tile (the tiles of `--no-gzip` are served raw).
 */
export function terrainTileHeaders(file: string): Record<string, string> {
  if (!isTerrainTilePath(file)) return {};
  return isGzipFile(file)
    ? { 'Content-Type': QUANTIZED_MESH_TYPE, 'Content-Encoding': 'gzip' }
    : { 'Content-Type': QUANTIZED_MESH_TYPE };
}
