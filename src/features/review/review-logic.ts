/**
 * Pure helpers of the review queue: vintages to compare, the extent to fly to, shortcuts, the
 * words of a notice. No React, no Cesium: unit-tested in review-logic.test.ts.
 */
import type { Bbox } from '../../../format/grid';
import type { ReviewMessages } from '../../i18n/review-messages';
import type { ReviewNotice, TwinState } from '../../stores';

/** The catalog's vintages, as a stable key ("2021,2024"; '' before the catalog): a store selector. */
export const selectVintagesKey = (s: TwinState): string =>
  s.catalog.status === 'loaded'
    ? [...new Set(s.catalog.catalog.layers.map((l) => l.vintage).filter((v) => v !== undefined))].join(',')
    : '';

/** The vintages of a {@link selectVintagesKey} key. */
export const vintagesOfKey = (key: string): number[] => (key ? key.split(',').map(Number) : []);

/** A notice's words in the current dictionary, and whether it is a problem to act on (alert). */
export function reviewNoticeText(notice: ReviewNotice, m: ReviewMessages): { alert: boolean; text: string } {
  const status = (s: string) => m.statuses[s] ?? s;
  switch (notice.kind) {
    case 'tokenNeeded':
      return { alert: true, text: m.tokenNeeded };
    case 'saving':
      return { alert: false, text: m.saving };
    case 'saved':
      return {
        alert: false,
        text: m.saved(notice.item.id, status(notice.item.status), notice.item.reviewer),
      };
    case 'conflict': {
      const c = notice.current;
      return { alert: true, text: m.conflict(c.id, c.reviewer, status(c.status), c.version, notice.yours) };
    }
    case 'tokenRefused':
      return { alert: true, text: m.tokenRefused(notice.message) };
    case 'refused':
      return { alert: true, text: m.refused(notice.detail) };
  }
}

/** The year of an ISO date ("2024-06-06" -> 2024), or null. */
export function yearOf(date: string | null | undefined): number | null {
  const m = date ? /^(\d{4})/.exec(date) : null;
  return m ? Number(m[1]) : null;
}

/** The vintage of `vintages` closest to `year` (the earlier one on a tie); `year` when none. */
export function nearestVintage(year: number, vintages: readonly number[]): number {
  let best: number | null = null;
  for (const v of vintages) {
    if (best === null || Math.abs(v - year) < Math.abs(best - year)) best = v;
    else if (Math.abs(v - year) === Math.abs(best - year) && v < best) best = v;
  }
  return best ?? year;
}

/**
 * The two vintages to compare for a detection between `dateBefore` and `dateAfter`: the
 * catalog's nearest distinct ones (so imagery exists), else the dates' years; null without dates.
 */
export function compareVintages(
  dateBefore: string | null,
  dateAfter: string | null,
  vintages: readonly number[],
): { left: number; right: number } | null {
  const before = yearOf(dateBefore);
  const after = yearOf(dateAfter);
  if (before === null || after === null) return null;
  const distinct = [...new Set(vintages)].sort((a, b) => a - b);
  const left = nearestVintage(before, distinct);
  let right = nearestVintage(after, distinct);
  // Two different vintages when the catalog has them: a "before/after" of one vintage says
  // nothing; else the dates' own years (the compare display says what it lacks).
  if (right === left) right = distinct.find((v) => v > left) ?? right;
  return right === left && before !== after ? { left: before, right: after } : { left, right };
}

/** The extent to fly to for a detection: its bbox with a margin (at least ~200 m around). */
export function reviewFlightBbox(bbox: Bbox): Bbox {
  const [w, s, e, n] = bbox;
  const pad = Math.max((e - w) * 1.5, (n - s) * 1.5, 0.002);
  return [w - pad, s - pad, e + pad, n + pad];
}

/** What a key does in the queue, or null (keys are case-insensitive). */
export type ReviewKeyAction =
  | { kind: 'accept' }
  | { kind: 'reject' }
  | { kind: 'reclassify'; index: 0 | 1 | 2 | 3 }
  | { kind: 'comment' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'close' };

export function reviewKeyAction(key: string): ReviewKeyAction | null {
  switch (key.toLowerCase()) {
    case 'a':
      return { kind: 'accept' };
    case 'r':
      return { kind: 'reject' };
    case '1':
    case '2':
    case '3':
    case '4':
      return { kind: 'reclassify', index: (Number(key) - 1) as 0 | 1 | 2 | 3 };
    case 'c':
      return { kind: 'comment' };
    case 'j':
      return { kind: 'next' };
    case 'k':
      return { kind: 'previous' };
    case 'escape':
      return { kind: 'close' };
    default:
      return null;
  }
}

/** The words of a change class code in the review dictionary ('' for none, the code when unknown). */
export const reviewClassLabel = (m: ReviewMessages, code: string | null): string =>
  code ? (m.classes[code] ?? code) : '';
