/**
 * The review API (JSON), under /api/review:
 *   GET  /items?bbox=w,s,e,n&class=a,b&minConfidence=0.5&status=pending&sort=priority&limit&offset
 *   GET  /items/:id                (item, state and history)
 *   POST /items/:id/decisions      (token) {expectedVersion, status, classNew?, csNew?, usNew?, comment?}
 *        201 new state | 409 conflict with the current state | 404 | 400 | 401
 *   GET  /precision                (per original class)
 *   GET  /export/retraining.geojson, /export/geocontrib.geojson
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DecisionInputSchema, QUEUE_SORTS, REVIEW_STATUSES } from '../../format/review-api';
import { geocontribReports, type OcsLabel, retrainingDataset } from './export';
import type { ListQuery, ReviewStore } from './store';

export interface ReviewRoutesOptions {
  store: ReviewStore;
  /** Reviewer of a token, or null. */
  reviewerOf: (token: string) => string | null;
  ocsLabel: OcsLabel;
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

const ListQuerySchema = z
  .object({
    bbox: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return undefined;
        const n = v.split(',').map(Number);
        const [w, s, e, no] = n;
        if (
          n.length !== 4 ||
          !n.every(Number.isFinite) ||
          (w as number) > (e as number) ||
          (s as number) > (no as number)
        ) {
          ctx.addIssue({ code: 'custom', message: 'bbox must be west,south,east,north in degrees' });
          return z.NEVER;
        }
        return [w, s, e, no] as [number, number, number, number];
      }),
    class: z.string().optional(),
    status: z.string().optional(),
    minConfidence: z.coerce.number().min(0).max(1).optional(),
    sort: z.enum(QUEUE_SORTS).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).optional(),
  })
  .strict();

function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`);
}

function badRequest(reply: FastifyReply, what: string, list: string[]) {
  return reply.code(400).send({ error: `invalid ${what}`, problems: list });
}

export async function reviewRoutes(app: FastifyInstance, o: ReviewRoutesOptions): Promise<void> {
  const { store } = o;

  app.get('/items', async (req, reply) => {
    const q = ListQuerySchema.safeParse(req.query);
    if (!q.success) return badRequest(reply, 'query', problems(q.error));
    const statuses = list(q.data.status);
    const known = new Set<string>([...REVIEW_STATUSES, 'pending']);
    const unknown = (statuses ?? []).filter((s) => !known.has(s));
    if (unknown.length > 0)
      return badRequest(reply, 'query', [
        `status: unknown "${unknown.join('", "')}"; expected pending, ${REVIEW_STATUSES.join(', ')}`,
      ]);
    const query: ListQuery = {
      bbox: q.data.bbox,
      classes: list(q.data.class),
      statuses: statuses as ListQuery['statuses'],
      minConfidence: q.data.minConfidence,
      sort: q.data.sort,
      limit: q.data.limit,
      offset: q.data.offset,
    };
    return store.list(query);
  });

  app.get<{ Params: { id: string } }>('/items/:id', async (req, reply) => {
    const item = store.get(req.params.id);
    if (!item) return reply.code(404).send({ error: `no detection "${req.params.id}"` });
    return { item, history: store.history(req.params.id) };
  });

  app.post<{ Params: { id: string } }>(
    '/items/:id/decisions',
    { bodyLimit: 16 * 1024 },
    async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const auth = req.headers.authorization;
      if (!auth?.startsWith('Bearer ')) {
        reply.header('WWW-Authenticate', 'Bearer realm="review"');
        return reply
          .code(401)
          .send({ error: 'a reviewer token is required to decide (Authorization: Bearer <token>)' });
      }
      const reviewer = o.reviewerOf(auth.slice(7).trim());
      if (!reviewer) {
        reply.header('WWW-Authenticate', 'Bearer realm="review", error="invalid_token"');
        return reply.code(401).send({ error: 'this reviewer token is not valid' });
      }
      const body = DecisionInputSchema.safeParse(req.body);
      if (!body.success) return badRequest(reply, 'decision', problems(body.error));
      const r = store.decide(req.params.id, reviewer, body.data);
      if (r.kind === 'not-found') return reply.code(404).send({ error: `no detection "${req.params.id}"` });
      if (r.kind === 'conflict') {
        return reply.code(409).send({
          error: `"${req.params.id}" was decided by ${r.item.reviewer ?? 'someone else'} in the meantime (version ${r.item.version}, you had ${body.data.expectedVersion}); review its current state and decide again`,
          item: r.item,
        });
      }
      return reply.code(201).send({ item: r.item });
    },
  );

  app.get('/precision', async () => ({ classes: store.precision() }));

  app.get('/export/retraining.geojson', async (_req, reply) => {
    reply.header('Content-Type', 'application/geo+json; charset=utf-8');
    reply.header('Content-Disposition', 'attachment; filename="revue-detections-reentrainement.geojson"');
    return retrainingDataset(store.decided());
  });

  app.get('/export/geocontrib.geojson', async (_req, reply) => {
    reply.header('Content-Type', 'application/geo+json; charset=utf-8');
    reply.header('Content-Disposition', 'attachment; filename="ocs2d-erreurs-manifestes.geojson"');
    return geocontribReports(store.decided(), o.ocsLabel);
  });
}
