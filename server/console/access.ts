/**
 * Who may act in the technicians' console: reading is open; launching, cancelling, resuming and
 * retrying need a technician's token (`Authorization: Bearer <token>`), a role of its own: a
 * reviewer's token (server/auth.ts) is known but refused with 403, an unknown or missing one with
 * 401. Each refusal says why and what to do.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Token checks of both roles (server/auth.ts `createTokenCheck`). */
export interface ConsoleAccess {
  technicianOf: (token: string) => string | null;
  reviewerOf: (token: string) => string | null;
}

/** The bearer token of a request, or null. */
export function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m?.[1] ?? null;
}

/**
 * The technician behind a request, or null after answering 401/403 in words.
 */
export function requireTechnician(
  req: FastifyRequest,
  reply: FastifyReply,
  access: ConsoleAccess,
): string | null {
  const token = bearerOf(req);
  if (token === null) {
    void reply.code(401).send({
      error:
        'this action needs a technician token: send "Authorization: Bearer <token>" (reading needs none; ask the administrator for a token listed in TECHNICIAN_TOKENS or --technician-tokens)',
    });
    return null;
  }
  const technician = access.technicianOf(token);
  if (technician !== null) return technician;
  const reviewer = access.reviewerOf(token);
  if (reviewer !== null) {
    void reply.code(403).send({
      error: `the token of reviewer "${reviewer}" gives no right to run tiling batches: console actions need a technician token (a separate role)`,
    });
    return null;
  }
  void reply
    .code(401)
    .send({ error: 'this token is not a technician token known to the server; check it and try again' });
  return null;
}
