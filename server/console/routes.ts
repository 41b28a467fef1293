/**
 * The technicians' console API, under /api/console (reading open, actions with a technician token):
 *   GET  /config                         roots, inputs found under them, modes, limits
 *   GET  /batches                        every batch (launched here, or found in Redis) with its status
 *   GET  /batches/:id                    one batch
 *   GET  /batches/:id/dalles?offset&limit   its dalles: state, jobs, footprint (from the aggregates)
 *   GET  /batches/:id/dalles/:index      a dalle's jobs, their errors and recoveries
 *   GET  /events                         server-sent events: `batch` after each change (pushed from
 *                                        Redis pub/sub, not polled)
 *   POST /plan                           (token) the estimate of `tiling plan`
 *   POST /batches                        (token) plan and launch: 202 {id}
 *   POST /batches/:id/cancel|resume|retry   (token) 202 | 409 in words
 * Inputs are checked with the contract's strict zod schemas (unknown options refused) and resolved
 * under the configured roots only.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { BatchDalle } from '../../format/batch-status';
import { type ConsoleBatchEvent, LaunchRequestSchema, PlanRequestSchema } from '../../format/console-api';
import { watchBatchEvents } from '../../format/node/batch-reader';
import { type ConsoleAccess, requireTechnician } from './access';
import { InputError, listInputs } from './roots';
import { ConsoleError, type ConsoleRunner } from './runner';

export interface ConsoleRoutesOptions {
  runner: ConsoleRunner;
  access: ConsoleAccess;
  /** A connection of its own for the events subscription (null: local runs only). */
  subscriber: Redis | null;
}

function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const where = i.path.join('.') || 'body';
    if (i.code === 'unrecognized_keys')
      return `${where}: unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${where}: ${i.message}`;
  });
}

function fail(reply: FastifyReply, e: unknown) {
  if (e instanceof ConsoleError) return reply.code(e.statusCode).send({ error: e.message });
  if (e instanceof InputError) return reply.code(400).send({ error: e.message });
  throw e;
}

export async function consoleRoutes(app: FastifyInstance, o: ConsoleRoutesOptions): Promise<void> {
  const { runner, access } = o;

  // Server-sent events: clients, and the changes waiting to be sent (gathered for 50 ms per batch).
  const clients = new Set<FastifyReply>();
  const pending = new Map<string, Set<number>>();
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    timer = null;
    const batches = [...pending.entries()];
    pending.clear();
    if (clients.size === 0) return;
    for (const [id, dalleSet] of batches) {
      try {
        const batch = await runner.batch(id);
        if (!batch) continue;
        const dalles: BatchDalle[] =
          dalleSet.size > 0 || runner.isLocal(id) ? await runner.dallesAt(id, [...dalleSet]) : [];
        const event: ConsoleBatchEvent = { batch, dalles, at: Date.now() };
        const text = `event: batch\ndata: ${JSON.stringify(event)}\n\n`;
        for (const c of clients) c.raw.write(text);
      } catch {
        // Redis away for a moment: the next change sends the batch again.
      }
    }
  };
  const changed = (id: string, dalles: readonly number[] = []) => {
    const set = pending.get(id) ?? new Set<number>();
    for (const d of dalles) set.add(d);
    pending.set(id, set);
    if (!timer) timer = setTimeout(() => void flush(), 50);
  };
  runner.onChange = (id) => changed(id);
  let unwatch: (() => Promise<void>) | null = null;
  if (o.subscriber) unwatch = await watchBatchEvents(o.subscriber, (e) => changed(e.batch, e.dalles));
  const keepAlive = setInterval(() => {
    for (const c of clients) c.raw.write(': keep-alive\n\n');
  }, 15_000);
  // Before the server stops listening: open event streams would keep it from closing.
  app.addHook('preClose', async () => {
    clearInterval(keepAlive);
    if (timer) clearTimeout(timer);
    for (const c of clients) c.raw.end();
    clients.clear();
    await unwatch?.();
  });

  app.get('/events', (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    reply.raw.write(': connected\n\n');
    clients.add(reply);
    req.raw.on('close', () => clients.delete(reply));
  });

  app.get('/config', async () => ({
    roots: runner.config.roots.map((r) => ({ name: r.name })),
    inputs: listInputs(runner.config.roots),
    modes: runner.redis ? ['queue', 'local'] : ['local'],
    maxWorkers: runner.config.maxWorkers,
    products: ['ortho'],
  }));

  app.get('/batches', async () => ({ batches: await runner.list() }));

  app.get<{ Params: { id: string } }>('/batches/:id', async (req, reply) => {
    const b = await runner.batch(req.params.id);
    if (!b)
      return reply
        .code(404)
        .send({ error: `no batch "${req.params.id}" (GET /api/console/batches lists them)` });
    return b;
  });

  app.get<{ Params: { id: string }; Querystring: { offset?: string; limit?: string } }>(
    '/batches/:id/dalles',
    async (req, reply) => {
      const offset = Number(req.query.offset ?? 0);
      const limit = Number(req.query.limit ?? 20_000);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 100_000)
        return reply.code(400).send({ error: 'offset must be an integer >= 0 and limit 1..100000' });
      try {
        return await runner.dalles(req.params.id, offset, limit);
      } catch (e) {
        return fail(reply, e);
      }
    },
  );

  app.get<{ Params: { id: string; index: string } }>('/batches/:id/dalles/:index', async (req, reply) => {
    const index = Number(req.params.index);
    if (!Number.isInteger(index) || index < 0)
      return reply
        .code(400)
        .send({ error: `dalle index must be an integer >= 0, got "${req.params.index}"` });
    try {
      return await runner.dalleJobs(req.params.id, index);
    } catch (e) {
      return fail(reply, e);
    }
  });

  app.post('/plan', async (req, reply) => {
    if (requireTechnician(req, reply, access) === null) return reply;
    const parsed = PlanRequestSchema.safeParse(req.body);
    if (!parsed.success)
      return reply
        .code(400)
        .send({ error: 'the plan request is not valid', problems: problems(parsed.error) });
    try {
      return await runner.plan(parsed.data);
    } catch (e) {
      return fail(reply, e);
    }
  });

  app.post('/batches', async (req, reply) => {
    const technician = requireTechnician(req, reply, access);
    if (technician === null) return reply;
    const parsed = LaunchRequestSchema.safeParse(req.body);
    if (!parsed.success)
      return reply
        .code(400)
        .send({ error: 'the launch request is not valid', problems: problems(parsed.error) });
    try {
      const r = runner.launch(parsed.data);
      req.log.info({ technician, batch: r.id }, 'console: batch launched');
      changed(r.id);
      return reply.code(202).send(r);
    } catch (e) {
      return fail(reply, e);
    }
  });

  for (const action of ['cancel', 'resume', 'retry'] as const) {
    app.post<{ Params: { id: string } }>(`/batches/:id/${action}`, async (req, reply) => {
      if (requireTechnician(req, reply, access) === null) return reply;
      try {
        if (action === 'cancel') await runner.cancel(req.params.id);
        else await runner.resume(req.params.id, action === 'retry');
        return reply.code(202).send({ id: req.params.id, action });
      } catch (e) {
        return fail(reply, e);
      }
    });
  }
}
