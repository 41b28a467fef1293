/**
 * The review queue as loaded (store: `reviewQueue`): the model's precision by class, then the
 * list of detections (loading, empty or failed said in words); a click opens one
 * (`openReviewItem`). Reads src/stores/review-slice.ts; the requests are use-review.ts's.
 */
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';
import { reviewClassLabel } from './review-logic';

/** The model's precision by class, from the decisions so far (nothing before any). */
export function ReviewPrecision() {
  const m = useMessages().review;
  const precision = useTwinStore((s) => s.reviewPrecision);
  if (precision.length === 0) return null;
  return (
    <ul className="review__precision" aria-label={m.precisionLabel}>
      {precision.map((p) => (
        <li key={p.classCode}>
          {m.precision(
            reviewClassLabel(m, p.classCode) || p.classLabel,
            p.precision,
            p.accepted + p.rejected + p.reclassified,
            p.total,
          )}
        </li>
      ))}
    </ul>
  );
}

/** The detections of the queue, the open one marked; "open the first (J)" while none is open. */
export function ReviewQueue() {
  const m = useMessages().review;
  const { items, total, loading, error } = useTwinStore((s) => s.reviewQueue);
  const index = useTwinStore((s) => s.reviewIndex);
  const open = useTwinStore((s) => s.openReviewItem);
  if (error)
    return (
      <p className="notice notice--error" role="alert">
        {m.queueError(error)}
      </p>
    );
  if (loading && items.length === 0) return <p className="layer__note">{m.queueLoading}</p>;
  if (items.length === 0) return <p className="layer__note">{m.queueEmpty}</p>;
  return (
    <>
      <p className="layer__note">
        {m.queueCount(items.length, total)}{' '}
        {index === null ? (
          <button type="button" className="review__link" onClick={() => open(0)}>
            {m.openFirst} (J)
          </button>
        ) : null}
      </p>
      <ol className="review__queue" aria-label={m.queueLabel}>
        {items.map((it, i) => (
          <li key={it.id}>
            <button
              type="button"
              className="review__item"
              aria-current={i === index ? 'true' : undefined}
              onClick={() => open(i)}
            >
              {m.itemLine(
                it.id,
                reviewClassLabel(m, it.classCode) || it.classLabel,
                it.confidence,
                it.areaHa,
                m.statuses[it.status] ?? it.status,
              )}
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}
