/**
 * The review queue's filters (classes, minimum confidence, review state, order, "in view") and its
 * refresh button: they read and write the store's review filters (src/stores/review-slice.ts), the
 * panel reloads the queue when they change.
 */
import { useId } from 'react';
import { QUEUE_SORTS, REVIEW_STATUSES } from '../../../format/review-api';
import { type QueueSort, type QueueStatus, REVIEW_CLASSES } from '../../api/review-client';
import { ConfidenceSlider } from '../../components/confidence-slider';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';

/** The queue's state filter: pending, all, then each review status (format/review-api.ts). */
const STATUS_FILTERS = ['pending', 'all', ...REVIEW_STATUSES] as const;

export function ReviewFiltersForm({ onRefresh }: { readonly onRefresh: () => void }) {
  const m = useMessages().review;
  const baseId = useId();
  const filters = useTwinStore((s) => s.reviewFilters);
  const setFilters = useTwinStore((s) => s.setReviewFilters);
  const statusFilter = filters.statuses.length === 1 ? (filters.statuses[0] ?? 'all') : 'all';
  const label = (code: string) => m.classes[code] ?? code;
  return (
    <details className="review__filters">
      <summary>{m.filtersLabel}</summary>
      <fieldset className="review__classes">
        <legend>{m.classesLabel}</legend>
        {REVIEW_CLASSES.map((code) => (
          <label key={code}>
            <input
              type="checkbox"
              checked={filters.classes.length === 0 || filters.classes.includes(code)}
              onChange={(e) => {
                const all = filters.classes.length === 0 ? [...REVIEW_CLASSES] : [...filters.classes];
                const next = e.currentTarget.checked ? [...all, code] : all.filter((c) => c !== code);
                setFilters({ classes: next.length === REVIEW_CLASSES.length ? [] : next });
              }}
            />
            {label(code)}
          </label>
        ))}
      </fieldset>
      <div className="ocs2d__row">
        <label htmlFor={`${baseId}-conf`}>{m.minConfidenceLabel}</label>
        <ConfidenceSlider
          id={`${baseId}-conf`}
          value={filters.minConfidence}
          onChange={(minConfidence) => setFilters({ minConfidence })}
        />
        <output>{m.percent(filters.minConfidence)}</output>
      </div>
      <div className="ocs2d__row">
        <label htmlFor={`${baseId}-status`}>{m.statusLabel}</label>
        <select
          id={`${baseId}-status`}
          value={statusFilter}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setFilters({ statuses: v === 'all' ? [] : [v as QueueStatus] });
          }}
        >
          {STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {m.statuses[s]}
            </option>
          ))}
        </select>
        <label htmlFor={`${baseId}-sort`}>{m.sortLabel}</label>
        <select
          id={`${baseId}-sort`}
          value={filters.sort}
          onChange={(e) => setFilters({ sort: e.currentTarget.value as QueueSort })}
        >
          {QUEUE_SORTS.map((s) => (
            <option key={s} value={s}>
              {m.sorts[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="ocs2d__row">
        <label>
          <input
            type="checkbox"
            checked={filters.inView}
            onChange={(e) => setFilters({ inView: e.currentTarget.checked })}
          />
          {m.inViewLabel}
        </label>
        <button type="button" className="review__link" onClick={onRefresh}>
          {m.refresh}
        </button>
      </div>
    </details>
  );
}
