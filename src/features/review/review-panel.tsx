/**
 * The review panel: the queue of change detections from the review API, the item being reviewed
 * (its dates compared, its history) and the decision (buttons, shortcuts, CS/US codes, comment).
 * It composes the parts: the token form (review-token-form.tsx), the filters
 * (review-filters.tsx), the queue and the model's precision (review-queue.tsx), the open item
 * (review-item.tsx) and its decision (review-decision.tsx). Their shared state (token, filters,
 * queue, open item, decision in progress, notice) is src/stores/review-slice.ts, the requests and
 * shortcuts use-review.ts, the pure rules review-logic.ts, the outline on the globe
 * src/cesium/review-outline.tsx.
 */
import './review.css';
import { useId, useRef } from 'react';
import { EXPORT_URLS } from '../../api/review-client';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';
import { ReviewFiltersForm } from './review-filters';
import { ReviewCurrent } from './review-item';
import { reviewNoticeText } from './review-logic';
import { ReviewPrecision, ReviewQueue } from './review-queue';
import { TokenForm } from './review-token-form';
import { useReviewQueue, useReviewShortcuts } from './use-review';

/**
 * The review queue: change detections of the territory (or of the view) from the review API,
 * filtered and sorted; opening one flies to it, outlines it and compares its two dates; the
 * reviewer decides with buttons or shortcuts (A, R, 1-4, C, J/K, Esc), the next item preloaded.
 */
export function ReviewPanel() {
  const m = useMessages().review;
  const baseId = useId();
  const tokenInput = useRef<HTMLInputElement | null>(null);
  const commentInput = useRef<HTMLTextAreaElement | null>(null);
  const panelRef = useRef<HTMLElement | null>(null);
  const decide = useReviewQueue(tokenInput);
  useReviewShortcuts(panelRef, commentInput, decide);
  const reload = useTwinStore((s) => s.reloadReviewQueue);

  return (
    <section className="review" aria-labelledby={`${baseId}-h`} ref={panelRef}>
      <h2 id={`${baseId}-h`} className="panel__heading">
        {m.heading}
      </h2>
      <p className="layer__note">{m.intro}</p>
      <TokenForm inputRef={tokenInput} />
      <ReviewFiltersForm onRefresh={reload} />
      <ReviewPrecision />
      <ReviewQueue />
      <ReviewCurrent decide={decide} commentInput={commentInput} />
      <ReviewNoticeLine />
      <details className="review__help">
        <summary>{m.shortcutsLabel}</summary>
        <dl>
          {m.shortcuts.map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </details>
      <nav className="review__exports" aria-label={m.exportsLabel}>
        <a href={EXPORT_URLS.retraining} download>
          {m.exportRetraining}
        </a>
        <a href={EXPORT_URLS.geocontrib} download>
          {m.exportGeocontrib}
        </a>
      </nav>
    </section>
  );
}

/** The panel's message: information (status) or a problem to act on (alert), in today's words. */
function ReviewNoticeLine() {
  const m = useMessages().review;
  const notice = useTwinStore((s) => s.reviewNotice);
  if (!notice) return null;
  const { alert, text } = reviewNoticeText(notice, m);
  return (
    <p className={alert ? 'notice notice--warning' : 'review__status'} role={alert ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
