/**
 * The decision on the open item: accept, reject or reclassify (buttons, waiting while one is sent:
 * `reviewBusy`), the new CS/US codes and the comment (`reviewDraft`), and the moves in the queue
 * (previous, next, close). The shortcuts doing the same are use-review.ts's.
 */
import { type RefObject, useId } from 'react';
import { NOMENCLATURE_CLASSES } from '../../../format/ocs2d/tables';
import { REVIEW_CLASSES } from '../../api/review-client';
import { classLabel, useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';
import { reviewClassLabel } from './review-logic';
import type { ReviewDecide } from './use-review';

export function ReviewDecision({
  decide,
  commentInput,
}: {
  readonly decide: ReviewDecide;
  readonly commentInput: RefObject<HTMLTextAreaElement | null>;
}) {
  const m = useMessages().review;
  const baseId = useId();
  const locale = useTwinStore((s) => s.locale);
  const busy = useTwinStore((s) => s.reviewBusy);
  const draft = useTwinStore((s) => s.reviewDraft);
  const setDraft = useTwinStore((s) => s.setReviewDraft);
  const index = useTwinStore((s) => s.reviewIndex) ?? 0;
  const open = useTwinStore((s) => s.openReviewItem);
  return (
    <>
      <fieldset className="review__actions">
        <legend className="review__sr">{m.decisionsLabel}</legend>
        <button type="button" className="button" disabled={busy} onClick={() => void decide('accepted')}>
          {m.accept} <kbd>A</kbd>
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void decide('rejected')}>
          {m.reject} <kbd>R</kbd>
        </button>
        {REVIEW_CLASSES.map((code, i) => (
          <button
            key={code}
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void decide('reclassified', code)}
          >
            {m.reclassify(reviewClassLabel(m, code))} <kbd>{i + 1}</kbd>
          </button>
        ))}
      </fieldset>
      {(['cs', 'us'] as const).map((nomenclature) => {
        const key = nomenclature === 'cs' ? 'csNew' : 'usNew';
        return (
          <div className="review__code" key={nomenclature}>
            <label htmlFor={`${baseId}-${nomenclature}`}>
              {nomenclature === 'cs' ? m.csLabel : m.usLabel}
            </label>
            <select
              id={`${baseId}-${nomenclature}`}
              value={draft[key]}
              onChange={(e) => setDraft({ [key]: e.currentTarget.value })}
            >
              <option value="">{m.noCode}</option>
              {NOMENCLATURE_CLASSES[nomenclature].map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} {classLabel(nomenclature, c.code, locale)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <label className="review__comment-field">
        <span>
          {m.commentLabel} <kbd>C</kbd>
        </span>
        <textarea
          ref={commentInput}
          rows={2}
          maxLength={2000}
          value={draft.comment}
          onChange={(e) => setDraft({ comment: e.currentTarget.value })}
        />
      </label>
      <div className="review__nav">
        <button type="button" className="review__link" onClick={() => open(index - 1)}>
          {m.previous} <kbd>K</kbd>
        </button>
        <button type="button" className="review__link" onClick={() => open(index + 1)}>
          {m.next} <kbd>J</kbd>
        </button>
        <button type="button" className="review__link" onClick={() => open(null)}>
          {m.close} <kbd>{m.escKey}</kbd>
        </button>
      </div>
    </>
  );
}
