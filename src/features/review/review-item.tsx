/**
 * The item open in the review queue (store: `reviewIndex`, `reviewQueue`): its fields (class,
 * confidence, area, the dates compared, its review state), the decision form (review-decision.tsx)
 * and its history of decisions (`reviewHistory`). Nothing while no item is open.
 */
import type { RefObject } from 'react';
import { useMessages } from '../../i18n';
import { selectReviewCurrent, useTwinStore } from '../../stores';
import { ReviewDecision } from './review-decision';
import { compareVintages, reviewClassLabel, selectVintagesKey, vintagesOfKey } from './review-logic';
import type { ReviewDecide } from './use-review';

export function ReviewCurrent({
  decide,
  commentInput,
}: {
  readonly decide: ReviewDecide;
  readonly commentInput: RefObject<HTMLTextAreaElement | null>;
}) {
  const m = useMessages().review;
  const current = useTwinStore(selectReviewCurrent);
  const index = useTwinStore((s) => s.reviewIndex);
  const count = useTwinStore((s) => s.reviewQueue.items.length);
  const vintagesKey = useTwinStore(selectVintagesKey);
  if (!current || index === null) return null;
  const pair = compareVintages(current.dateBefore, current.dateAfter, vintagesOfKey(vintagesKey));
  const label = (code: string | null) => reviewClassLabel(m, code);
  return (
    <section className="review__current" aria-label={m.itemHeading(current.id)}>
      <h3 className="review__title">
        {m.itemHeading(current.id)} <span className="review__pos">{m.position(index + 1, count)}</span>
      </h3>
      <dl className="review__fields">
        <dt>{m.fields.class}</dt>
        <dd>{label(current.classCode) || current.classLabel}</dd>
        <dt>{m.fields.confidence}</dt>
        <dd>{m.percent(current.confidence)}</dd>
        <dt>{m.fields.area}</dt>
        <dd>{m.hectares(current.areaHa)}</dd>
        <dt>{m.fields.dates}</dt>
        <dd>
          {pair && current.dateBefore && current.dateAfter
            ? m.compareInfo(current.dateBefore, current.dateAfter, pair.left, pair.right)
            : m.noDates}
        </dd>
        <dt>{m.fields.state}</dt>
        <dd data-testid="review-state">
          {m.stateLine(
            m.statuses[current.status] ?? current.status,
            current.version,
            current.reviewer,
            current.decidedAt,
          )}
          {current.classNew ? ` → ${label(current.classNew)}` : ''}
        </dd>
        {current.comment ? (
          <>
            <dt>{m.fields.comment}</dt>
            {/* Text, never HTML: React escapes it. */}
            <dd className="review__comment">{current.comment}</dd>
          </>
        ) : null}
        {current.modelVersion ? (
          <>
            <dt>{m.fields.model}</dt>
            <dd>{current.modelVersion}</dd>
          </>
        ) : null}
      </dl>
      <ReviewDecision decide={decide} commentInput={commentInput} />
      <ReviewHistory />
    </section>
  );
}

/** The open item's decisions, each with who, when, from which state to which. */
function ReviewHistory() {
  const m = useMessages().review;
  const history = useTwinStore((s) => s.reviewHistory);
  if (history.length === 0) return null;
  return (
    <ol className="review__history" aria-label={m.historyLabel}>
      {history.map((h) => (
        <li key={h.version}>
          {m.historyLine(
            h.version,
            h.reviewer,
            h.at,
            m.statuses[h.status] ?? h.status,
            m.statuses[h.previous.status] ?? h.previous.status,
          )}
          {h.comment ? ` — ${h.comment}` : ''}
        </li>
      ))}
    </ol>
  );
}
