/**
 * Serving files inside .3tz archives over HTTP: `GET <base>/<name>.3tz/<inner path>` answers the
 * inner file (CesiumJS resolves a tileset's relative URIs against the tileset's URL, so a tileset
 * read from `/twin/2021/3d.3tz/tileset.json` asks for `/twin/2021/3d.3tz/18/x/y.glb`). Used by
 * vite's `serveTwin` (dev and preview) and the server (server/app.ts): Node I/O over a twin-folder
 * format, so it lives in the contract's Node side (format/node/), not in one of the halves.
 * Archives are kept open (a few), and reopened when their size or date changes.
 */
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import type { Tiles3tzReader } from './3tz-reader';
import { open3tz } from './3tz-reader';
import { createFileCache, isMissing, requestPath, sendBytes } from './serve-shared';

const TYPES: Record<string, string> = {
  json: 'application/json',
  glb: 'model/gltf-binary',
  b3dm: 'application/octet-stream',
  subtree: 'application/octet-stream',
};

/** Splits "/a/b.3tz/c/d.glb" into the archive path and the inner path; null when it names no .3tz. */
export function split3tzUrl(pathname: string): { archive: string; inner: string } | null {
  const m = /^(.*?\.3tz)\/(.+)$/i.exec(pathname);
  if (!m) return null;
  return { archive: m[1] as string, inner: m[2] as string };
}

/**
 * A connect-style middleware serving `<name>.3tz/<inner path>` URLs from archives under `rootDir`
 * (URLs relative to where it is mounted); other URLs go to `next`.
 */
export function create3tzMiddleware(
  rootDir: string,
  capacity = 8,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const open = createFileCache(open3tz, { capacity, dispose: (r: Tiles3tzReader) => r.close() });
  const reader = async (path: string): Promise<Tiles3tzReader> => open.get(path, await stat(path));
  return (req, res, next) => {
    const pathname = requestPath(req);
    if (pathname === null) {
      next();
      return;
    }
    const parts = split3tzUrl(pathname);
    if (!parts || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    const file = normalize(join(rootDir, parts.archive));
    if (!file.startsWith(normalize(rootDir) + sep) && file !== normalize(rootDir)) {
      res.statusCode = 403;
      res.end('Forbidden');
      return;
    }
    reader(file)
      .then((r) => r.get(parts.inner))
      .then(
        (bytes) => {
          if (!bytes) {
            res.statusCode = 404;
            res.end('Not found');
            return;
          }
          const ext = parts.inner.split('.').pop()?.toLowerCase() ?? '';
          sendBytes(req, res, bytes, TYPES[ext] ?? 'application/octet-stream');
        },
        (e: unknown) => {
          res.statusCode = isMissing(e) ? 404 : 500;
          res.end(res.statusCode === 404 ? 'Not found' : `Cannot read the archive: ${(e as Error).message}`);
        },
      );
  };
}
