/**
 * The review queue's requests and keys, writing the store's review slice
 * (src/stores/review-slice.ts): {@link useReviewQueue} loads the queue (again when a filter or,
 * with "in view", the view changes), opens an item (flies to it, compares its dates, loads its
 * history, preloads the next one) and sends decisions; {@link useReviewShortcuts} binds the keys
 * (A, R, 1-4, C, J/K, Esc). The components only read the slice and call these.
 */
import { type RefObject, useCallback, useEffect, useRef } from 'react';
import {
  type DecisionRecord,
  fetchItem,
  fetchPrecision,
  fetchQueue,
  postDecision,
  REVIEW_CLASSES,
  ReviewApiError,
  type ReviewItem,
  type ReviewStatus,
} from '../../api/review-client';
import { layerSeries, selectReviewCurrent, useTwinStore } from '../../stores';
import {
  compareVintages,
  reviewFlightBbox,
  reviewKeyAction,
  selectVintagesKey,
  vintagesOfKey,
} from './review-logic';

/** Sends the decision on the open item: `classNew` for a reclassification. */
export type ReviewDecide = (status: ReviewStatus, classNew?: string) => Promise<void>;

const refreshPrecision = () => {
  fetchPrecision()
    .then((p) => useTwinStore.getState().setReviewPrecision(p.classes))
    .catch(() => useTwinStore.getState().setReviewPrecision([]));
};

/**
 * Loads the queue, follows the open item and returns how to decide on it. `tokenInput` gets the
 * focus when a token is missing or refused. On unmount the queue and the open item go.
 */
export function useReviewQueue(tokenInput: RefObject<HTMLInputElement | null>): ReviewDecide {
  const filters = useTwinStore((s) => s.reviewFilters);
  const viewBbox = useTwinStore((s) => (s.reviewFilters.inView ? s.reviewViewBbox : null));
  const reload = useTwinStore((s) => s.reviewQueueRequest);
  const currentId = useTwinStore((s) => selectReviewCurrent(s)?.id ?? null);
  const preloaded = useRef(new Map<string, Promise<{ item: ReviewItem; history: DecisionRecord[] }>>());

  // The queue, again whenever a filter (or the view, with "in view") changes.
  const bboxKey = viewBbox ? viewBbox.map((v) => v.toFixed(4)).join(',') : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload is a refresh request
  useEffect(() => {
    let live = true;
    const st = useTwinStore.getState();
    st.setReviewQueueLoading();
    fetchQueue({
      bbox: bboxKey ? (bboxKey.split(',').map(Number) as [number, number, number, number]) : null,
      classes: filters.classes,
      minConfidence: filters.minConfidence,
      statuses: filters.statuses,
      sort: filters.sort,
    })
      .then((page) => live && useTwinStore.getState().setReviewQueue(page))
      .catch((e: unknown) => live && useTwinStore.getState().setReviewQueueError((e as Error).message));
    refreshPrecision();
    return () => {
      live = false;
    };
  }, [filters, bboxKey, reload]);

  const details = useCallback((id: string) => {
    let p = preloaded.current.get(id);
    if (!p) {
      p = fetchItem(id);
      p.catch(() => preloaded.current.delete(id));
      preloaded.current.set(id, p);
    }
    return p;
  }, []);
  const loadHistory = useCallback(
    (id: string) =>
      details(id)
        .then((d) => useTwinStore.getState().setReviewHistory(d.history))
        .catch(() => undefined),
    [details],
  );

  // Opening an item: fly, outline, compare its dates, load its history, preload the next one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the item's id only
  useEffect(() => {
    const st = useTwinStore.getState();
    const current = selectReviewCurrent(st);
    if (!current) {
      st.setReviewSelected(null);
      return;
    }
    st.setReviewSelected(current);
    st.flyTo(reviewFlightBbox(current.bbox), current.id);
    const pair = compareVintages(current.dateBefore, current.dateAfter, vintagesOfKey(selectVintagesKey(st)));
    if (pair) {
      st.startCompare(pair.left, pair.right);
      // The before/after is the orthophoto's: show its series when none is shown (each side then
      // draws its own vintage, src/stores/compare-slice.ts).
      const entries = st.catalog.status === 'loaded' ? st.catalog.catalog.layers : [];
      const photos = layerSeries(entries).filter((x) => x.kind === 'orthoimagery' && x.vintages.length > 1);
      const shown = photos.some((x) => x.ids.some((id) => st.layers[id]?.visible));
      if (!shown && photos[0]) st.setSeriesVisible(photos[0].key, true);
    }
    st.setReviewDraft({
      csNew: current.csNew ?? '',
      usNew: current.usNew ?? '',
      comment: current.comment ?? '',
    });
    st.setReviewHistory([]);
    let live = true;
    details(current.id)
      .then((d) => live && useTwinStore.getState().setReviewHistory(d.history))
      .catch(() => undefined);
    const next = st.reviewIndex !== null ? st.reviewQueue.items[st.reviewIndex + 1] : undefined;
    if (next) void details(next.id).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [currentId]);

  // Leaving the panel's review: no outline, no queue or decision left behind.
  useEffect(() => () => useTwinStore.getState().resetReviewSession(), []);

  return useCallback<ReviewDecide>(
    async (status, classNew) => {
      const st = useTwinStore.getState();
      const current = selectReviewCurrent(st);
      if (!current || st.reviewBusy) return;
      const token = st.reviewToken;
      if (!token) {
        st.setReviewNotice({ kind: 'tokenNeeded' });
        tokenInput.current?.focus();
        return;
      }
      const index = st.reviewIndex;
      const count = st.reviewQueue.items.length;
      const { csNew, usNew, comment } = st.reviewDraft;
      const replace = (item: ReviewItem) => {
        useTwinStore.getState().replaceReviewItem(item);
        preloaded.current.delete(item.id);
      };
      st.setReviewBusy(true);
      st.setReviewNotice({ kind: 'saving' });
      const yours = current.version;
      try {
        const { item } = await postDecision(current.id, token, {
          expectedVersion: yours,
          status,
          classNew: status === 'reclassified' ? (classNew ?? null) : null,
          csNew: csNew || null,
          usNew: usNew || null,
          comment: comment.trim() || null,
        });
        replace(item);
        useTwinStore.getState().setReviewNotice({ kind: 'saved', item });
        refreshPrecision();
        if (index !== null && index + 1 < count) useTwinStore.getState().setReviewIndex(index + 1);
        else void loadHistory(item.id);
      } catch (e) {
        const err = e as ReviewApiError;
        const now = useTwinStore.getState();
        if (err instanceof ReviewApiError && err.status === 409 && err.current) {
          const c = err.current;
          replace(c);
          void loadHistory(c.id);
          now.setReviewNotice({ kind: 'conflict', current: c, yours });
        } else if (err instanceof ReviewApiError && err.status === 401) {
          now.setReviewToken(null);
          now.setReviewNotice({ kind: 'tokenRefused', message: err.message });
          setTimeout(() => tokenInput.current?.focus(), 0);
        } else {
          const detail = [err.message, ...(err instanceof ReviewApiError ? err.problems : [])].join(' ; ');
          now.setReviewNotice({ kind: 'refused', detail });
        }
      } finally {
        useTwinStore.getState().setReviewBusy(false);
      }
    },
    [tokenInput, loadHistory],
  );
}

/** Whether a key press is typing in a field (shortcuts stay off then). */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable;
}

/** The queue's shortcuts, while the page has focus outside a field (Esc leaves a panel's field). */
export function useReviewShortcuts(
  panel: RefObject<HTMLElement | null>,
  commentInput: RefObject<HTMLTextAreaElement | null>,
  decide: ReviewDecide,
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (typingIn(e.target)) {
        // Esc leaves a field of the panel (comment, codes), so the shortcuts work again.
        if (e.key === 'Escape' && panel.current?.contains(e.target as Node)) {
          (e.target as HTMLElement).blur();
          e.preventDefault();
        }
        return;
      }
      const action = reviewKeyAction(e.key);
      if (!action) return;
      const st = useTwinStore.getState();
      const index = st.reviewIndex;
      if (index === null) {
        if (action.kind === 'next' && st.reviewQueue.items.length > 0) {
          e.preventDefault();
          st.openReviewItem(0);
        }
        return;
      }
      e.preventDefault();
      switch (action.kind) {
        case 'accept':
          void decide('accepted');
          break;
        case 'reject':
          void decide('rejected');
          break;
        case 'reclassify':
          void decide('reclassified', REVIEW_CLASSES[action.index]);
          break;
        case 'comment':
          commentInput.current?.focus();
          break;
        case 'next':
          st.openReviewItem(index + 1);
          break;
        case 'previous':
          st.openReviewItem(index - 1);
          break;
        case 'close':
          st.openReviewItem(null);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panel, commentInput, decide]);
}
