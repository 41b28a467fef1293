/**
 * The twin's server (Fastify): the built viewer, the twin's data (HTTP range requests, ETag,
 * caching headers), the review API and the technicians' console API. Pure wiring: storage and configuration are passed in.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { create3tzMiddleware, split3tzUrl } from '../format/node/serve-3tz';
import { createPackedTiles } from '../format/node/serve-packed';
import { terrainTileHeaders } from '../format/node/terrain-headers';
import { NOMENCLATURE_CLASSES } from '../format/ocs2d/tables';
import { type ConsoleRoutesOptions, consoleRoutes } from './console/routes';
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
  /** The technicians' console API (/api/console); none without it. */
  console?: ConsoleRoutesOptions;
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

/** Media type of quantized-mesh-1.0 terrain tiles (format/node/terrain-headers.ts). */
export { QUANTIZED_MESH_TYPE } from '../format/node/terrain-headers';

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

  if (o.console) await app.register(consoleRoutes, { prefix: '/api/console', ...o.console });

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
  // Tiles of packed pyramids (tiling run --packed): /twin/<pyramid>/{z}/{x}/{y}.jpg out of packs/*.pmtiles.
  // A damaged archive is logged (the server's logger, else stderr) and answered 500 in words.
  const packed = createPackedTiles(twinDir, {
    onError: (m) => (o.logger ? app.log.error(m) : console.error(`hdf-twin server: ${m}`)),
  });
  app.addHook('onClose', async () => packed.close());
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (!path.startsWith('/twin/') || (req.method !== 'GET' && req.method !== 'HEAD')) return;
    let pathname: string;
    try {
      pathname = decodeURIComponent(path.slice('/twin'.length));
    } catch {
      return;
    }
    const a = await packed.answer(pathname);
    if (!a) return;
    reply.header('Access-Control-Allow-Origin', '*');
    if (a.status !== 200) return reply.code(a.status).type('text/plain; charset=utf-8').send(a.message);
    reply.header('Cache-Control', 'public, max-age=3600');
    return reply
      .type(a.contentType)
      .send(Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength));
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
      for (const [name, value] of Object.entries(terrainTileHeaders(path))) res.header(name, value);
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
