/**
 * The twin's server (Fastify): the built viewer, the twin's data (HTTP range requests, ETag,
 * caching headers) and the review API. Pure wiring: storage and configuration are passed in.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { create3tzMiddleware, split3tzUrl } from '../format/node/serve-3tz';
import { NOMENCLATURE_CLASSES } from '../format/ocs2d/tables';
import type { OcsLabel } from './review/export';
import { reviewRoutes } from './review/routes';
import type { ReviewStore } from './review/store';

export interface ServerOptions {
  /** The built viewer (vite build). */
  distDir: string;
  /** The twin folder, served under /twin/. */
  twinDir: string;
  store: ReviewStore;
  reviewerOf: (token: string) => string | null;
  ocsLabel?: OcsLabel;
  logger?: boolean;
}

/** OCS2D CS/US code -> official French label (tiling/ocs2d tables), for the GeoContrib export. */
const OCS_LABELS = new Map<string, string>(
  [...NOMENCLATURE_CLASSES.cs, ...NOMENCLATURE_CLASSES.us].map((c) => [c.code, c.label] as const),
);
export const ocs2dLabel: OcsLabel = (code) => OCS_LABELS.get(code) ?? null;

/** Errors of the HTTP layer in words, as JSON. */
function errorHandler(
  error: FastifyError,
  _req: unknown,
  reply: { code(n: number): { send(b: unknown): unknown } },
) {
  const status = error.statusCode ?? 500;
  const words: Record<string, string> = {
    FST_ERR_CTP_INVALID_JSON_BODY: 'the request body is not valid JSON',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'the request body is empty; send a JSON object',
    FST_ERR_CTP_BODY_TOO_LARGE: 'the request body is too large (16 KiB at most for a decision)',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'send the body as application/json',
  };
  const message =
    (error.code && words[error.code]) ?? (status < 500 ? error.message : 'internal server error');
  return reply.code(status).send({ error: message });
}

/** Media type of quantized-mesh-1.0 terrain tiles (what CesiumJS's terrain provider asks for). */
export const QUANTIZED_MESH_TYPE = 'application/vnd.quantized-mesh';

/** True when a file starts with gzip's magic number (tiles written gzipped, served as they are). */
function isGzipFile(path: string): boolean {
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

export async function buildServer(o: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: o.logger ?? false, bodyLimit: 64 * 1024 });
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (_req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
  });

  await app.register(reviewRoutes, {
    prefix: '/api/review',
    store: o.store,
    reviewerOf: o.reviewerOf,
    ocsLabel: o.ocsLabel ?? ocs2dLabel,
  });

  const twinDir = resolve(o.twinDir);
  // Files inside 3D Tiles archives: /twin/<name>.3tz/<inner path> (CesiumJS cannot read .3tz).
  const archives = create3tzMiddleware(twinDir);
  app.addHook('onRequest', (req, reply, done) => {
    const path = req.url.split('?')[0] ?? '';
    if (!path.startsWith('/twin/') || !split3tzUrl(path)) {
      done();
      return;
    }
    reply.hijack();
    reply.raw.setHeader('Cache-Control', 'public, max-age=3600');
    reply.raw.setHeader('Access-Control-Allow-Origin', '*');
    archives({ url: req.url.slice('/twin'.length), method: req.method } as IncomingMessage, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
  });
  await app.register(fastifyStatic, {
    root: twinDir,
    prefix: '/twin/',
    decorateReply: false,
    acceptRanges: true,
    etag: true,
    lastModified: true,
    cacheControl: false,
    setHeaders(res, path) {
      // Catalogs and manifests change between runs; tiles of a finished pyramid rarely do.
      const fresh = /\.(json|xml)$/i.test(path);
      res.header('Cache-Control', fresh ? 'no-cache' : 'public, max-age=3600');
      res.header('Access-Control-Allow-Origin', '*');
      // Quantized-mesh terrain (tiling terrain): its media type, and the gzip its tiles are stored in.
      if (/\.terrain$/i.test(path)) {
        res.header('Content-Type', QUANTIZED_MESH_TYPE);
        if (isGzipFile(path)) res.header('Content-Encoding', 'gzip');
      }
    },
  });

  const distDir = resolve(o.distDir);
  if (existsSync(distDir)) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      decorateReply: false,
      cacheControl: false,
      setHeaders(res, path) {
        const hashed = /[\\/]assets[\\/]/.test(path);
        res.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The viewer is not built: run "npm run build" (no ${distDir}).`),
    );
  }
  return app;
}
