/**
 * A small typed client of the technicians' console API (server/console/routes.ts,
 * docs/console.md); the shapes are the contract's (format/console-api.ts, format/batch-status.ts).
 * Errors keep the server's status and words, so the page says why an action was refused.
 */
import type { BatchDalle, DalleJob } from '../../format/batch-status';
import type {
  ConsoleBatch,
  ConsoleBatchEvent,
  LaunchRequest,
  PlanEstimate,
  PlanRequest,
} from '../../format/console-api';

export type {
  BatchDalle,
  ConsoleBatch,
  ConsoleBatchEvent,
  DalleJob,
  LaunchRequest,
  PlanEstimate,
  PlanRequest,
};

/** A refusal or failure of the console API, with the server's words. */
export class ConsoleApiError extends Error {
  override name = 'ConsoleApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/** What GET /api/console/config answers. */
export interface ConsoleConfigView {
  roots: { name: string }[];
  inputs: { root: string; path: string; dalles: number }[];
  modes: ('queue' | 'local')[];
  maxWorkers: number;
  products: string[];
}

const BASE = '/api/console';

async function call<T>(
  path: string,
  o: { body?: unknown; token?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(`${BASE}${path}`, {
    method: o.body === undefined ? 'GET' : 'POST',
    headers,
    ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok)
    throw new ConsoleApiError(
      res.status,
      typeof json.error === 'string' ? json.error : `HTTP ${res.status}`,
      Array.isArray(json.problems) ? (json.problems as string[]) : [],
    );
  return json as T;
}

export const consoleConfig = (signal?: AbortSignal) =>
  call<ConsoleConfigView>('/config', signal ? { signal } : {});
export const listBatches = async (signal?: AbortSignal) =>
  (await call<{ batches: ConsoleBatch[] }>('/batches', signal ? { signal } : {})).batches;
export const batchDalles = async (id: string, signal?: AbortSignal) =>
  (
    await call<{ total: number; dalles: BatchDalle[] }>(
      `/batches/${encodeURIComponent(id)}/dalles`,
      signal ? { signal } : {},
    )
  ).dalles;
export const dalleJobs = (id: string, index: number) =>
  call<{ name: string; jobs: DalleJob[] }>(`/batches/${encodeURIComponent(id)}/dalles/${index}`);
export const planBatch = (req: PlanRequest, token: string) =>
  call<PlanEstimate>('/plan', { body: req, token });
export const launchBatch = (req: LaunchRequest, token: string) =>
  call<{ id: string }>('/batches', { body: req, token });
export const batchAction = (id: string, action: 'cancel' | 'resume' | 'retry', token: string) =>
  call<{ id: string }>(`/batches/${encodeURIComponent(id)}/${action}`, { body: {}, token });

/** Follows the server's pushed events; returns a function that stops. */
export function followConsole(on: {
  batch: (e: ConsoleBatchEvent) => void;
  open: () => void;
  error: () => void;
}): () => void {
  const source = new EventSource(`${BASE}/events`);
  source.addEventListener('batch', (ev) =>
    on.batch(JSON.parse((ev as MessageEvent<string>).data) as ConsoleBatchEvent),
  );
  source.addEventListener('open', on.open);
  source.addEventListener('error', on.error);
  return () => source.close();
}
