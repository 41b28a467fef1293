import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../api/review-client';
import { selectReviewCurrent } from './review-slice';
import { createTwinStore } from './twin-store';

const item = (id: string, version = 1): ReviewItem =>
  ({ id, version, status: 'pending', bbox: [2, 50, 2.01, 50.01] }) as unknown as ReviewItem;

describe('review slice', () => {
  it('opens an item within the queue, closes it, and forgets the queue when the panel closes', () => {
    const store = createTwinStore();
    const st = () => store.getState();
    expect(st().reviewQueue.loading).toBe(true);
    st().openReviewItem(0);
    expect(st().reviewIndex).toBeNull(); // nothing to open yet
    st().setReviewQueue({ items: [item('a'), item('b')], total: 5 });
    expect(st().reviewQueue).toMatchObject({ total: 5, loading: false, error: null });
    st().openReviewItem(7);
    expect(selectReviewCurrent(st())?.id).toBe('b');
    st().setReviewNotice({ kind: 'saving' });
    st().openReviewItem(-3);
    expect(selectReviewCurrent(st())?.id).toBe('a');
    expect(st().reviewNotice).toBeNull();
    st().replaceReviewItem(item('a', 2));
    expect(selectReviewCurrent(st())?.version).toBe(2);
    st().startCompare(2021, 2024);
    st().openReviewItem(null);
    expect(st().reviewIndex).toBeNull();
    expect(st().compare.enabled).toBe(false);
    st().setReviewQueueError('HTTP 500');
    expect(st().reviewQueue.items).toHaveLength(2);
    st().resetReviewSession();
    expect(st().reviewQueue).toEqual({ items: [], total: 0, loading: true, error: null });
  });
});
