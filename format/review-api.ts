/**
 * The review API's vocabulary (`/api/review`, server/review/routes.ts, docs/server.md): what a
 * reviewer can decide, the items and decisions the server answers, the queue's sorts and the
 * schema a decision is checked against. The server (routes, store, exports) and the viewer's
 * client (src/api/review-client.ts) both import it, so the browser never reaches the server's
 * SQLite code for a type.
 */
import { z } from 'zod';
import { TRANSITION_CLASS_CODES } from './change-classes';

/** What a reviewer can say of a detection. */
export const REVIEW_STATUSES = ['accepted', 'rejected', 'reclassified'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * Classes a reviewer can reclassify a detection to: the detections' own classes
 * (their transition classes, format/change-classes.ts) and "autre"; the viewer's 1-4 shortcuts
 * follow this order.
 */
export const RECLASSIFY_CODES = [...TRANSITION_CLASS_CODES, 'autre'] as const;
export type ReclassifyCode = (typeof RECLASSIFY_CODES)[number];

/** Orders of the queue: 'priority' (confidence x area, the default), 'confidence', 'area', 'date'. */
export const QUEUE_SORTS = ['priority', 'confidence', 'area', 'date'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** Longest comment kept, in characters. */
export const MAX_COMMENT = 2000;

/** An item to import: a detected change, already in WGS84. */
export interface NewItem {
  id: string;
  layer: string;
  classCode: string;
  classLabel: string;
  confidence: number;
  areaHa: number;
  dateBefore: string | null;
  dateAfter: string | null;
  modelVersion: string | null;
  millesime: number | null;
  bbox: [number, number, number, number];
  /** GeoJSON geometry, WGS84. */
  geometry: unknown;
  properties: Record<string, unknown>;
}

/** An item with its current review state. */
export interface ReviewItem extends NewItem {
  status: ReviewStatus | 'pending';
  /** Number of decisions so far (0: never reviewed); send it back as `expectedVersion`. */
  version: number;
  classNew: string | null;
  csNew: string | null;
  usNew: string | null;
  comment: string | null;
  reviewer: string | null;
  decidedAt: string | null;
}

/** One entry of an item's history. */
export interface DecisionRecord {
  version: number;
  reviewer: string;
  at: string;
  status: ReviewStatus;
  classNew: string | null;
  csNew: string | null;
  usNew: string | null;
  comment: string | null;
  /** The state the decision replaced. */
  previous: Pick<ReviewItem, 'status' | 'classNew' | 'csNew' | 'usNew' | 'comment'>;
}

/** A decision as submitted (`POST /items/:id/decisions`, checked by {@link DecisionInputSchema}). */
export interface DecisionInput {
  /** The version the reviewer saw: a decision on an older one is refused (409) with the current state. */
  expectedVersion: number;
  status: ReviewStatus;
  classNew?: string | null | undefined;
  csNew?: string | null | undefined;
  usNew?: string | null | undefined;
  comment?: string | null | undefined;
}

/** Per original class: how many detections were accepted, rejected, reclassified, pending. */
export interface ClassPrecision {
  classCode: string;
  classLabel: string;
  total: number;
  accepted: number;
  rejected: number;
  reclassified: number;
  pending: number;
  /** accepted / (accepted + rejected + reclassified); null before any decision. */
  precision: number | null;
}

/** The body of a decision request, as the server checks it (unknown members refused). */
export const DecisionInputSchema = z
  .object({
    expectedVersion: z.number().int().min(0),
    status: z.enum(REVIEW_STATUSES),
    classNew: z.enum(RECLASSIFY_CODES).nullish(),
    csNew: z
      .string()
      .regex(/^CS\d(\.\d){0,2}$/, 'an OCS2D land-cover code like CS1.1.1')
      .nullish(),
    usNew: z
      .string()
      .regex(/^US\d(\.\d){0,2}$/, 'an OCS2D land-use code like US1.1')
      .nullish(),
    comment: z.string().max(MAX_COMMENT).nullish(),
  })
  .strict()
  .refine((d) => d.status !== 'reclassified' || d.classNew, {
    message:
      'a reclassified detection needs classNew (vers_bati, vers_impermeable, vers_terrassement or autre)',
    path: ['classNew'],
  });
