import type { StateCreator } from 'zustand';
import type { Bbox } from '../../format/grid';
import type {
  ClassPrecision,
  DecisionRecord,
  QueueSort,
  QueueStatus,
  ReviewItem,
} from '../api/review-client';
import type { TwinState } from './twin-store';

/** Where the reviewer's token is kept for the browser tab (never in the address). */
export const REVIEW_TOKEN_KEY = 'hdf-twin.review-token';

/** Filters and order of the review queue. */
export interface ReviewFilters {
  /** Original change classes shown; empty: all. */
  readonly classes: readonly string[];
  /** Minimum confidence, 0..1. */
  readonly minConfidence: number;
  /** Review states shown; empty: all. */
  readonly statuses: readonly QueueStatus[];
  readonly sort: QueueSort;
  /** Only the detections in the current view (else the whole territory). */
  readonly inView: boolean;
}

export const DEFAULT_REVIEW_FILTERS: ReviewFilters = {
  classes: [],
  minConfidence: 0,
  statuses: ['pending'],
  sort: 'priority',
  inView: false,
};

/** The queue as the review API last answered it. */
export interface ReviewQueueState {
  readonly items: readonly ReviewItem[];
  /** Items matching the filters on the server (the page may hold fewer). */
  readonly total: number;
  /** A request for the queue is under way. */
  readonly loading: boolean;
  /** Why the last request failed (its words), or null. */
  readonly error: string | null;
}

/** The decision being written for the open item: its new CS/US codes ('' none) and comment. */
export interface ReviewDraft {
  readonly csNew: string;
  readonly usNew: string;
  readonly comment: string;
}

/**
 * A notice of the review panel as data (information or a problem to act on): the words are made at
 * render time from the current dictionary (src/features/review/review-logic.ts `reviewNoticeText`),
 * so a switch of language rewords a notice already shown.
 */
export type ReviewNotice =
  | { readonly kind: 'tokenNeeded' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly item: ReviewItem }
  | { readonly kind: 'conflict'; readonly current: ReviewItem; readonly yours: number }
  | { readonly kind: 'tokenRefused'; readonly message: string }
  | { readonly kind: 'refused'; readonly detail: string };

const EMPTY_QUEUE: ReviewQueueState = { items: [], total: 0, loading: true, error: null };
const EMPTY_DRAFT: ReviewDraft = { csNew: '', usNew: '', comment: '' };

/** What a fresh review panel starts from (the token and the filters are kept apart). */
const REVIEW_SESSION = {
  reviewSelected: null,
  reviewQueue: EMPTY_QUEUE,
  reviewIndex: null,
  reviewHistory: [],
  reviewDraft: EMPTY_DRAFT,
  reviewBusy: false,
  reviewNotice: null,
  reviewPrecision: [],
} satisfies Partial<ReviewSlice>;

/**
 * The review capability's shared state: the reviewer's token (sessionStorage), the filters, the
 * queue loaded, the item open (its index, history and the decision being written), the decision
 * in progress and the panel's notice, and the item being reviewed (outlined on the globe by
 * src/cesium/review-outline.tsx). The requests are made by src/features/review/use-review.ts.
 */
export interface ReviewSlice {
  reviewToken: string | null;
  setReviewToken: (token: string | null) => void;
  reviewFilters: ReviewFilters;
  setReviewFilters: (patch: Partial<ReviewFilters>) => void;
  reviewSelected: ReviewItem | null;
  setReviewSelected: (item: ReviewItem | null) => void;
  /** The part of the globe in view after the last camera move, degrees (for "in view"). */
  reviewViewBbox: Bbox | null;
  setReviewViewBbox: (bbox: Bbox | null) => void;

  reviewQueue: ReviewQueueState;
  setReviewQueueLoading: () => void;
  /** A page of the queue arrived: it replaces the items and closes the open one. */
  setReviewQueue: (page: { readonly items: readonly ReviewItem[]; readonly total: number }) => void;
  setReviewQueueError: (message: string) => void;
  /** Replaces one item of the queue by its new version (after a decision or a conflict). */
  replaceReviewItem: (item: ReviewItem) => void;
  /** Asks for the queue again (the refresh button); the panel reloads on each increment. */
  reviewQueueRequest: number;
  reloadReviewQueue: () => void;
  /** Index in the queue of the item open, or null. */
  reviewIndex: number | null;
  setReviewIndex: (index: number | null) => void;
  /**
   * The user opens item `index` (clamped to the queue) or closes it (null: the comparison it
   * started stops); the notice goes.
   */
  openReviewItem: (index: number | null) => void;
  /** The open item's decisions, oldest first (empty until loaded). */
  reviewHistory: readonly DecisionRecord[];
  setReviewHistory: (history: readonly DecisionRecord[]) => void;
  reviewDraft: ReviewDraft;
  setReviewDraft: (patch: Partial<ReviewDraft>) => void;
  /** A decision is being sent (the buttons wait). */
  reviewBusy: boolean;
  setReviewBusy: (busy: boolean) => void;
  reviewNotice: ReviewNotice | null;
  setReviewNotice: (notice: ReviewNotice | null) => void;
  /** Precision of the model by class, from the decisions so far. */
  reviewPrecision: readonly ClassPrecision[];
  setReviewPrecision: (classes: readonly ClassPrecision[]) => void;
  /** The panel closes: the queue, the open item and its decision go (token and filters stay). */
  resetReviewSession: () => void;
}

/** The item open in the review queue, or null. */
export const selectReviewCurrent = (s: ReviewSlice): ReviewItem | null =>
  s.reviewIndex !== null ? (s.reviewQueue.items[s.reviewIndex] ?? null) : null;

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export const createReviewSlice: StateCreator<TwinState, [], [], ReviewSlice> = (set, get) => ({
  reviewToken: storage()?.getItem(REVIEW_TOKEN_KEY) || null,
  setReviewToken: (token) => {
    const t = token?.trim() || null;
    const s = storage();
    if (t) s?.setItem(REVIEW_TOKEN_KEY, t);
    else s?.removeItem(REVIEW_TOKEN_KEY);
    set({ reviewToken: t });
  },
  reviewFilters: DEFAULT_REVIEW_FILTERS,
  setReviewFilters: (patch) => set((s) => ({ reviewFilters: { ...s.reviewFilters, ...patch } })),
  setReviewSelected: (reviewSelected) => set({ reviewSelected }),
  reviewViewBbox: null,
  setReviewViewBbox: (reviewViewBbox) => set({ reviewViewBbox }),
  ...REVIEW_SESSION,
  setReviewQueueLoading: () => set((s) => ({ reviewQueue: { ...s.reviewQueue, loading: true } })),
  setReviewQueue: ({ items, total }) =>
    set({ reviewQueue: { items, total, loading: false, error: null }, reviewIndex: null }),
  setReviewQueueError: (error) => set((s) => ({ reviewQueue: { ...s.reviewQueue, loading: false, error } })),
  replaceReviewItem: (item) =>
    set((s) => ({
      reviewQueue: {
        ...s.reviewQueue,
        items: s.reviewQueue.items.map((it) => (it.id === item.id ? item : it)),
      },
    })),
  reviewQueueRequest: 0,
  reloadReviewQueue: () => set((s) => ({ reviewQueueRequest: s.reviewQueueRequest + 1 })),
  setReviewIndex: (reviewIndex) => set({ reviewIndex }),
  openReviewItem: (index) => {
    const s = get();
    set({ reviewNotice: null });
    if (index === null) {
      if (s.reviewIndex !== null) s.stopCompare();
      set({ reviewIndex: null });
      return;
    }
    const n = s.reviewQueue.items.length;
    if (n === 0) return;
    set({ reviewIndex: Math.max(0, Math.min(n - 1, index)) });
  },
  setReviewHistory: (reviewHistory) => set({ reviewHistory }),
  setReviewDraft: (patch) => set((s) => ({ reviewDraft: { ...s.reviewDraft, ...patch } })),
  setReviewBusy: (reviewBusy) => set({ reviewBusy }),
  setReviewNotice: (reviewNotice) => set({ reviewNotice }),
  setReviewPrecision: (reviewPrecision) => set({ reviewPrecision }),
  resetReviewSession: () => set(REVIEW_SESSION),
});
