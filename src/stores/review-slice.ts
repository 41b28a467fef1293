import type { StateCreator } from 'zustand';
import type { Bbox } from '../../format/grid';
import type { QueueSort, QueueStatus, ReviewItem } from '../api/review-client';
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

/**
 * The review queue's shared state: the reviewer's token (sessionStorage), the filters, and the
 * item being reviewed (outlined on the globe by src/cesium/review-outline.tsx).
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
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export const createReviewSlice: StateCreator<TwinState, [], [], ReviewSlice> = (set) => ({
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
  reviewSelected: null,
  setReviewSelected: (reviewSelected) => set({ reviewSelected }),
  reviewViewBbox: null,
  setReviewViewBbox: (reviewViewBbox) => set({ reviewViewBbox }),
});
