/**
 * A small typed client of the review API (server/review/routes.ts, docs/server.md). Its types
 * and codes are the API contract's (format/review-api.ts), shared with the server. Errors keep
 * the server's words and status, so the panel can say what happened.
 */
import {
  type ClassPrecision,
  type DecisionInput,
  type DecisionRecord,
  type QueueSort,
  RECLASSIFY_CODES,
  type ReclassifyCode,
  type ReviewItem,
  type ReviewStatus,
} from '../../format/review-api';

export type { ClassPrecision, DecisionRecord, QueueSort, ReviewItem, ReviewStatus };

/** Change classes a detection can be reclassified to, in the order of the 1-4 shortcuts. */
export const REVIEW_CLASSES = RECLASSIFY_CODES;
export type ReviewClass = ReclassifyCode;
export type QueueStatus = ReviewStatus | 'pending';

/** Filters and order of the queue. */
export interface QueueQuery {
  readonly bbox?: readonly [number, number, number, number] | null;
  readonly classes?: readonly string[];
  readonly minConfidence?: number;
  readonly statuses?: readonly QueueStatus[];
  readonly sort?: QueueSort;
  readonly limit?: number;
}

export interface QueuePage {
  readonly items: ReviewItem[];
  readonly total: number;
}

/** A decision to send; `expectedVersion` is the version the reviewer saw. */
export type DecisionRequest = Readonly<DecisionInput>;

/** A refused request: HTTP status, the server's message, and for a 409 the item's current state. */
export class ReviewApiError extends Error {
  override name = 'ReviewApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly current: ReviewItem | null = null,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

const API = '/api/review';

async function readJson(res: Response): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = await res.json();
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ReviewApiError(0, (e as Error).message);
  }
  const body = await readJson(res);
  if (!body) {
    throw new ReviewApiError(
      res.status,
      `${url.split('?')[0]} did not answer JSON (HTTP ${res.status}): is the review server (npm run serve) behind this viewer?`,
    );
  }
  if (!res.ok) {
    throw new ReviewApiError(
      res.status,
      typeof body.error === 'string' ? body.error : `HTTP ${res.status}`,
      (body.item as ReviewItem | undefined) ?? null,
      Array.isArray(body.problems) ? (body.problems as string[]) : [],
    );
  }
  return body as T;
}

/** The query string of a queue request. */
export function queueSearch(q: QueueQuery): string {
  const p = new URLSearchParams();
  if (q.bbox) p.set('bbox', q.bbox.map((v) => v.toFixed(6)).join(','));
  if (q.classes && q.classes.length > 0) p.set('class', q.classes.join(','));
  if (q.minConfidence !== undefined && q.minConfidence > 0) p.set('minConfidence', String(q.minConfidence));
  if (q.statuses && q.statuses.length > 0) p.set('status', q.statuses.join(','));
  if (q.sort) p.set('sort', q.sort);
  p.set('limit', String(q.limit ?? 100));
  return p.toString();
}

export const fetchQueue = (q: QueueQuery) => request<QueuePage>(`${API}/items?${queueSearch(q)}`);

export const fetchItem = (id: string) =>
  request<{ item: ReviewItem; history: DecisionRecord[] }>(`${API}/items/${encodeURIComponent(id)}`);

export const fetchPrecision = () => request<{ classes: ClassPrecision[] }>(`${API}/precision`);

/** Sends a decision with the reviewer's token; resolves to the new state. */
export const postDecision = (id: string, token: string, d: DecisionRequest) =>
  request<{ item: ReviewItem }>(`${API}/items/${encodeURIComponent(id)}/decisions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(d),
  });

export const EXPORT_URLS = {
  retraining: `${API}/export/retraining.geojson`,
  geocontrib: `${API}/export/geocontrib.geojson`,
} as const;
