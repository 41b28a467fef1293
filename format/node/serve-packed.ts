/**
 * Serving the tiles of packed pyramids (`tiling run --packed`, format/packed-pyramid.ts) at their
 * usual URLs: `GET <base>/<pyramid>/{z}/{x}/{y}.<ext>`, where `<pyramid>/packs/index.json` exists,
 * is answered from the archive of the job holding the tile, with the content type of the tile's
 * bytes (a `.jpg` pyramid holds PNG edge tiles). A tile outside the pyramid is a 404; a damaged
 * archive or index a 500 whose text (also passed to `onError`, to be logged) names the file and what
 * is wrong. URLs of folders that are not packed are left to the next handler.
 * Used by the server (server/app.ts) and vite's `serveTwin` (vite.config.ts): the contract's Node side.
 * Archives are kept open (a few dozen), reopened when their size or date changes (a resumed run).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import type { PackedIndex } from '../packed-pyramid';
import { PACKED_INDEX, PackedIndexSchema, packArchiveName, packArchiveOf } from '../packed-pyramid';
import type { PmtilesReader } from './pmtiles-reader';
import { openPmtiles } from './pmtiles-reader';
import { createFileCache, type FileCache, requestPath, sendBytes, statOrNull } from './serve-shared';

const NAME = 'packed pyramid';

/** The answer to a tile URL of a packed pyramid. */
export type PackedTileAnswer =
  | { status: 200; bytes: Uint8Array; contentType: string }
  | { status: 404 | 500; message: string };

/** Options of `createPackedTiles`. */
export interface PackedTilesOptions {
  /** Archives kept open (64). */
  capacity?: number;
  /** Called with the words of every 500 answer (a damaged archive or index): log it. */
  onError?(message: string): void;
}

/** Media type of a tile from its first bytes. */
export function tileContentType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return 'application/octet-stream';
}

const TILE_URL = /^(.*?)\/?(\d{1,2})\/(\d{1,9})\/(\d{1,9})\.([a-z0-9]+)$/i;

/**
 * Tiles of the packed pyramids under `rootDir`. `answer(pathname)` (relative to `rootDir`, e.g.
 * "/2021/ortho/18/132/87.jpg") resolves with null when the URL is not a tile of a packed pyramid.
 */
export function createPackedTiles(
  rootDir: string,
  o: PackedTilesOptions = {},
): { answer(pathname: string): Promise<PackedTileAnswer | null>; close(): Promise<void> } {
  const root = normalize(rootDir);
  const indexes = createFileCache((path) =>
    readFile(path, 'utf8').then((text): PackedIndex => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new Error(
          `${NAME}: "${path}" is not JSON (${(e as Error).message}); run "tiling run --packed" again into this folder to rewrite it.`,
        );
      }
      const parsed = PackedIndexSchema.safeParse(json);
      if (!parsed.success)
        throw new Error(
          `${NAME}: "${path}" is not a packed pyramid index: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'index'}: ${i.message}`).join('; ')}.`,
        );
      return parsed.data;
    }),
  );
  const archives = createFileCache(openPmtiles, {
    capacity: o.capacity ?? 64,
    dispose: (r: PmtilesReader) => r.close(),
  });
  /** The value of the file `path` in `cache`; null when there is no such file. */
  const cached = async <V>(cache: FileCache<V>, path: string): Promise<V | null> => {
    const s = await statOrNull(path);
    return s ? cache.get(path, s) : null;
  };

  const fail = (e: unknown): PackedTileAnswer => {
    const message = (e as Error).message;
    o.onError?.(message);
    return { status: 500, message };
  };

  return {
    async answer(pathname) {
      const m = TILE_URL.exec(pathname);
      if (!m) return null;
      const dir = normalize(join(root, m[1] as string));
      if (dir !== root && !dir.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
      let index: PackedIndex | null;
      try {
        index = await cached(indexes, join(dir, PACKED_INDEX));
      } catch (e) {
        return fail(e);
      }
      if (!index || index.extension !== (m[5] as string).toLowerCase()) return null;
      const tile = { z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) };
      const notFound: PackedTileAnswer = {
        status: 404,
        message: `no tile ${tile.z}/${tile.x}/${tile.y} in this pyramid`,
      };
      const owner = packArchiveOf(index, tile);
      if (!owner || tile.x >= 2 ** tile.z || tile.y >= 2 ** tile.z) return notFound;
      try {
        const reader = await cached(archives, join(dir, packArchiveName(owner)));
        // No archive: the job wrote no tile there (outside the data), or has not run yet.
        const bytes = reader ? await reader.get(tile) : null;
        return bytes ? { status: 200, bytes, contentType: tileContentType(bytes) } : notFound;
      } catch (e) {
        return fail(e);
      }
    },
    async close() {
      await archives.clear();
    },
  };
}

/**
 * A connect-style middleware answering the tile URLs of packed pyramids under `rootDir` (URLs
 * relative to where it is mounted); other URLs go to `next`. A damaged archive is logged with
 * `console.error` unless `onError` says otherwise.
 */
export function createPackedTileMiddleware(
  rootDir: string,
  o: PackedTilesOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const tiles = createPackedTiles(rootDir, { onError: (m) => console.error(m), ...o });
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const pathname = requestPath(req);
    if (pathname === null) {
      next();
      return;
    }
    tiles.answer(pathname).then(
      (a) => {
        if (!a) {
          next();
          return;
        }
        if (a.status !== 200) {
          res.statusCode = a.status;
          res.setHeader('content-type', 'text/plain; charset=utf-8');
          res.end(a.message);
          return;
        }
        sendBytes(req, res, a.bytes, a.contentType);
      },
      () => next(),
    );
  };
}
