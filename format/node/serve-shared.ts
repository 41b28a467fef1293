/**
 * What the twin-folder middlewares (serve-3tz.ts, serve-packed.ts) share: values loaded from files
 * and kept by path, loaded again when a file's size or date changes, the oldest dropped past a
 * capacity (`createFileCache`); a file's stats or null when it is missing (`statOrNull`); a request's
 * decoded path (`requestPath`); bytes sent as a 200 answer, without a body for HEAD (`sendBytes`).
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Values loaded per file, kept while the file's size and date stay the same. */
export interface FileCache<V> {
  /** The value of `path` whose stats are `s` (loaded again when they changed; a failed load is forgotten). */
  get(path: string, s: Stats): Promise<V>;
  /** Forgets every value, disposing of each. */
  clear(): Promise<void>;
}

/** A `FileCache` of `load`ed values: at most `capacity` kept, the oldest disposed of first. */
export function createFileCache<V>(
  load: (path: string) => Promise<V>,
  o: { capacity?: number; dispose?: (value: V) => unknown } = {},
): FileCache<V> {
  const capacity = o.capacity ?? Number.POSITIVE_INFINITY;
  const entries = new Map<string, { key: string; value: Promise<V> }>();
  const drop = (value: Promise<V>) => {
    if (o.dispose) void value.then((v) => o.dispose?.(v)).catch(() => {});
  };
  return {
    get(path, s) {
      const key = `${s.size}-${s.mtimeMs}`;
      const hit = entries.get(path);
      if (hit && hit.key === key) return hit.value;
      if (hit) drop(hit.value);
      const entry = { key, value: load(path) };
      entry.value.catch(() => entries.delete(path));
      entries.set(path, entry);
      while (entries.size > capacity) {
        const [oldest, e] = entries.entries().next().value as [string, { value: Promise<V> }];
        entries.delete(oldest);
        drop(e.value);
      }
      return entry.value;
    },
    async clear() {
      const all = [...entries.values()];
      entries.clear();
      if (o.dispose) await Promise.all(all.map((e) => e.value.then((v) => o.dispose?.(v)).catch(() => {})));
    },
  };
}

/** True for the errors of a path that does not exist (or runs through a file). */
export function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The stats of `path`, or null when it does not exist. @throws any other error of stat. */
export async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/** The request's path, URL-decoded; null when it cannot be decoded. */
export function requestPath(req: IncomingMessage): string | null {
  try {
    return decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return null;
  }
}

/** `bytes` as a 200 answer of type `contentType` (headers only for a HEAD request). */
export function sendBytes(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Uint8Array,
  contentType: string,
): void {
  res.statusCode = 200;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', String(bytes.length));
  res.end(req.method === 'HEAD' ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
