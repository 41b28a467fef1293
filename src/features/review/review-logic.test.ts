import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../api/review-client';
import { REVIEW_MESSAGES } from '../../i18n/review-messages';
import {
  compareVintages,
  nearestVintage,
  reviewFlightBbox,
  reviewKeyAction,
  reviewNoticeText,
  yearOf,
} from './review-logic';

describe('review queue helpers', () => {
  it('compares the catalog vintages nearest to the detection dates, two distinct ones when possible', () => {
    expect(yearOf('2024-06-06')).toBe(2024);
    expect(yearOf('juin 2024')).toBeNull();
    expect(nearestVintage(2022, [2018, 2021, 2024])).toBe(2021);
    expect(nearestVintage(2019, [])).toBe(2019);
    expect(compareVintages('2021-05-12', '2024-06-06', [2024, 2021, 2018])).toEqual({
      left: 2021,
      right: 2024,
    });
    // One vintage in the catalog for both dates: the next one up is taken for "after".
    expect(compareVintages('2021-05-12', '2022-06-06', [2021, 2024])).toEqual({ left: 2021, right: 2024 });
    // One vintage only, or none: the dates' years.
    expect(compareVintages('2021-05-12', '2024-06-06', [2021])).toEqual({ left: 2021, right: 2024 });
    expect(compareVintages('2021-05-12', '2024-06-06', [])).toEqual({ left: 2021, right: 2024 });
    expect(compareVintages(null, '2024-06-06', [2021])).toBeNull();
  });

  it('flies to a margin around small detections and maps every shortcut', () => {
    const [w, s, e, n] = reviewFlightBbox([3.14, 50.61, 3.1401, 50.6101]);
    expect(w).toBeLessThan(3.14 - 0.0019);
    expect(e).toBeGreaterThan(3.1401 + 0.0019);
    expect(n - s).toBeGreaterThan(0.004);
    expect(reviewKeyAction('A')).toEqual({ kind: 'accept' });
    expect(reviewKeyAction('r')).toEqual({ kind: 'reject' });
    expect(reviewKeyAction('3')).toEqual({ kind: 'reclassify', index: 2 });
    expect(reviewKeyAction('j')).toEqual({ kind: 'next' });
    expect(reviewKeyAction('K')).toEqual({ kind: 'previous' });
    expect(reviewKeyAction('c')).toEqual({ kind: 'comment' });
    expect(reviewKeyAction('Escape')).toEqual({ kind: 'close' });
    expect(reviewKeyAction('x')).toBeNull();
  });

  it('words a notice in the dictionary of the moment, alerts for what needs acting on', () => {
    const c = { id: 'd7', reviewer: 'alice', status: 'accepted', version: 3 } as unknown as ReviewItem;
    const notice = { kind: 'conflict', current: c, yours: 2 } as const;
    const fr = reviewNoticeText(notice, REVIEW_MESSAGES.fr);
    const en = reviewNoticeText(notice, REVIEW_MESSAGES.en);
    expect(fr.alert).toBe(true);
    expect(fr.text).toBe(REVIEW_MESSAGES.fr.conflict('d7', 'alice', 'Acceptée', 3, 2));
    expect(en.text).toBe(REVIEW_MESSAGES.en.conflict('d7', 'alice', 'Accepted', 3, 2));
    expect(reviewNoticeText({ kind: 'saving' }, REVIEW_MESSAGES.en)).toEqual({
      alert: false,
      text: 'Saving…',
    });
  });
});
