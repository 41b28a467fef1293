/**
 * The review panel: the queue of change detections from the review API, the item being reviewed
 * (its dates compared, its history) and the decision (buttons, shortcuts, CS/US codes, comment).
 * Its filters are review-filters.tsx, the token form review-token-form.tsx, the pure rules
 * review-logic.ts; the shared state (token, filters, selected item) is src/stores/review-slice.ts,
 * the outline on the globe src/cesium/review-outline.tsx.
 */
import './review.css';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { NOMENCLATURE_CLASSES } from '../../../format/ocs2d/tables';
import {
  type ClassPrecision,
  type DecisionRecord,
  EXPORT_URLS,
  fetchItem,
  fetchPrecision,
  fetchQueue,
  postDecision,
  REVIEW_CLASSES,
  ReviewApiError,
  type ReviewItem,
  type ReviewStatus,
} from '../../api/review-client';
import { classLabel, type Messages, useMessages } from '../../i18n';
import { layerSeries, type TwinState, useTwinStore } from '../../stores';
import { ReviewFiltersForm } from './review-filters';
import { compareVintages, reviewFlightBbox, reviewKeyAction } from './review-logic';
import { TokenForm } from './review-token-form';

const selectVintages = (s: TwinState): string =>
  s.catalog.status === 'loaded'
    ? [...new Set(s.catalog.catalog.layers.map((l) => l.vintage).filter((v) => v !== undefined))].join(',')
    : '';

/** A message of the panel: information (status) or a problem to act on (alert). */
/**
 * A notice as data: its words are made at render time from the current dictionary, so a switch
 * of language rewords a notice already shown.
 */
type ReviewWords = Messages['review'];
type Notice = { kind: 'info' | 'alert'; say: (m: ReviewWords) => string } | null;

/** Whether a key press is typing in a field (shortcuts stay off then). */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable;
}

/**
 * The review queue: change detections of the territory (or of the view) from the review API,
 * filtered and sorted; opening one flies to it, outlines it and compares its two dates; the
 * reviewer decides with buttons or shortcuts (A, R, 1-4, C, J/K, Esc), the next item preloaded.
 */
export function ReviewPanel() {
  const m = useMessages().review;
  const locale = useTwinStore((s) => s.locale);
  const baseId = useId();
  const filters = useTwinStore((s) => s.reviewFilters);
  const viewBbox = useTwinStore((s) => (s.reviewFilters.inView ? s.reviewViewBbox : null));
  const token = useTwinStore((s) => s.reviewToken);
  const vintagesKey = useTwinStore(selectVintages);
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [queueError, setQueueError] = useState<string | null>(null);
  const [precision, setPrecision] = useState<ClassPrecision[]>([]);
  const [index, setIndex] = useState<number | null>(null);
  const [history, setHistory] = useState<DecisionRecord[]>([]);
  const [csNew, setCsNew] = useState('');
  const [usNew, setUsNew] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [reload, setReload] = useState(0);
  const preloaded = useRef(new Map<string, Promise<{ item: ReviewItem; history: DecisionRecord[] }>>());
  const tokenInput = useRef<HTMLInputElement | null>(null);
  const commentInput = useRef<HTMLTextAreaElement | null>(null);
  const panelRef = useRef<HTMLElement | null>(null);
  const current = index !== null ? (items[index] ?? null) : null;

  const refreshPrecision = useCallback(() => {
    fetchPrecision()
      .then((p) => setPrecision(p.classes))
      .catch(() => setPrecision([]));
  }, []);

  // The queue, again whenever a filter (or the view, with "in view") changes.
  const bboxKey = viewBbox ? viewBbox.map((v) => v.toFixed(4)).join(',') : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload is a refresh request
  useEffect(() => {
    let live = true;
    setLoading(true);
    fetchQueue({
      bbox: bboxKey ? (bboxKey.split(',').map(Number) as [number, number, number, number]) : null,
      classes: filters.classes,
      minConfidence: filters.minConfidence,
      statuses: filters.statuses,
      sort: filters.sort,
    })
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setTotal(page.total);
        setQueueError(null);
        setIndex(null);
      })
      .catch((e: unknown) => live && setQueueError((e as Error).message))
      .finally(() => live && setLoading(false));
    refreshPrecision();
    return () => {
      live = false;
    };
  }, [filters, bboxKey, reload, refreshPrecision]);

  const details = useCallback((id: string) => {
    let p = preloaded.current.get(id);
    if (!p) {
      p = fetchItem(id);
      p.catch(() => preloaded.current.delete(id));
      preloaded.current.set(id, p);
    }
    return p;
  }, []);

  // Opening an item: fly, outline, compare its dates, load its history, preload the next one.
  const currentId = current?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the item's id only
  useEffect(() => {
    const st = useTwinStore.getState();
    if (!current) {
      st.setReviewSelected(null);
      return;
    }
    st.setReviewSelected(current);
    st.flyTo(reviewFlightBbox(current.bbox), current.id);
    const vintages = vintagesKey ? vintagesKey.split(',').map(Number) : [];
    const pair = compareVintages(current.dateBefore, current.dateAfter, vintages);
    if (pair) {
      st.startCompare(pair.left, pair.right);
      // The before/after is the orthophoto's: show its series when none is shown (each side then
      // draws its own vintage, src/stores/compare-slice.ts).
      const entries = st.catalog.status === 'loaded' ? st.catalog.catalog.layers : [];
      const photos = layerSeries(entries).filter((x) => x.kind === 'orthoimagery' && x.vintages.length > 1);
      const shown = photos.some((x) => x.ids.some((id) => st.layers[id]?.visible));
      if (!shown && photos[0]) st.setSeriesVisible(photos[0].key, true);
    }
    setCsNew(current.csNew ?? '');
    setUsNew(current.usNew ?? '');
    setComment(current.comment ?? '');
    setHistory([]);
    let live = true;
    details(current.id)
      .then((d) => live && setHistory(d.history))
      .catch(() => undefined);
    const next = index !== null ? items[index + 1] : undefined;
    if (next) void details(next.id).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [currentId]);

  // Leaving the panel's review: no outline, no comparison left behind.
  useEffect(
    () => () => {
      const st = useTwinStore.getState();
      st.setReviewSelected(null);
    },
    [],
  );

  const open = useCallback(
    (i: number | null) => {
      setNotice(null);
      if (i === null) {
        if (index !== null) useTwinStore.getState().stopCompare();
        setIndex(null);
        return;
      }
      if (items.length === 0) return;
      setIndex(Math.max(0, Math.min(items.length - 1, i)));
    },
    [items.length, index],
  );

  const replaceItem = useCallback((item: ReviewItem) => {
    setItems((list) => list.map((it) => (it.id === item.id ? item : it)));
    preloaded.current.delete(item.id);
  }, []);

  const decide = useCallback(
    async (status: ReviewStatus, classNew?: string) => {
      if (!current || busy) return;
      if (!token) {
        setNotice({ kind: 'alert', say: (w) => w.tokenNeeded });
        tokenInput.current?.focus();
        return;
      }
      setBusy(true);
      setNotice({ kind: 'info', say: (w) => w.saving });
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
        replaceItem(item);
        setNotice({
          kind: 'info',
          say: (w) => w.saved(item.id, w.statuses[item.status] ?? item.status, item.reviewer),
        });
        refreshPrecision();
        if (index !== null && index + 1 < items.length) setIndex(index + 1);
        else
          details(item.id)
            .then((d) => setHistory(d.history))
            .catch(() => undefined);
      } catch (e) {
        const err = e as ReviewApiError;
        if (err instanceof ReviewApiError && err.status === 409 && err.current) {
          const c = err.current;
          replaceItem(c);
          details(c.id)
            .then((d) => setHistory(d.history))
            .catch(() => undefined);
          setNotice({
            kind: 'alert',
            say: (w) => w.conflict(c.id, c.reviewer, w.statuses[c.status] ?? c.status, c.version, yours),
          });
        } else if (err instanceof ReviewApiError && err.status === 401) {
          useTwinStore.getState().setReviewToken(null);
          setNotice({ kind: 'alert', say: (w) => w.tokenRefused(err.message) });
          setTimeout(() => tokenInput.current?.focus(), 0);
        } else {
          const detail = [err.message, ...(err instanceof ReviewApiError ? err.problems : [])].join(' ; ');
          setNotice({ kind: 'alert', say: (w) => w.refused(detail) });
        }
      } finally {
        setBusy(false);
      }
    },
    [
      current,
      busy,
      token,
      csNew,
      usNew,
      comment,
      index,
      items.length,
      replaceItem,
      refreshPrecision,
      details,
    ],
  );

  // Shortcuts, while the page has focus outside a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (typingIn(e.target)) {
        // Esc leaves a field of the panel (comment, codes), so the shortcuts work again.
        if (e.key === 'Escape' && panelRef.current?.contains(e.target as Node)) {
          (e.target as HTMLElement).blur();
          e.preventDefault();
        }
        return;
      }
      const action = reviewKeyAction(e.key);
      if (!action) return;
      if (index === null) {
        if (action.kind === 'next' && items.length > 0) {
          e.preventDefault();
          open(0);
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
          open(index + 1);
          break;
        case 'previous':
          open(index - 1);
          break;
        case 'close':
          open(null);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, items.length, open, decide]);

  const vintages = useMemo(() => (vintagesKey ? vintagesKey.split(',').map(Number) : []), [vintagesKey]);
  const pair = current ? compareVintages(current.dateBefore, current.dateAfter, vintages) : null;
  const label = (code: string | null) => (code ? (m.classes[code] ?? code) : '');

  return (
    <section className="review" aria-labelledby={`${baseId}-h`} ref={panelRef}>
      <h2 id={`${baseId}-h`} className="panel__heading">
        {m.heading}
      </h2>
      <p className="layer__note">{m.intro}</p>
      <TokenForm inputRef={tokenInput} />

      <ReviewFiltersForm onRefresh={() => setReload((n) => n + 1)} />

      {precision.length > 0 ? (
        <ul className="review__precision" aria-label={m.precisionLabel}>
          {precision.map((p) => (
            <li key={p.classCode}>
              {m.precision(
                label(p.classCode) || p.classLabel,
                p.precision,
                p.accepted + p.rejected + p.reclassified,
                p.total,
              )}
            </li>
          ))}
        </ul>
      ) : null}

      {queueError ? (
        <p className="notice notice--error" role="alert">
          {m.queueError(queueError)}
        </p>
      ) : loading && items.length === 0 ? (
        <p className="layer__note">{m.queueLoading}</p>
      ) : items.length === 0 ? (
        <p className="layer__note">{m.queueEmpty}</p>
      ) : (
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
                    label(it.classCode) || it.classLabel,
                    it.confidence,
                    it.areaHa,
                    m.statuses[it.status] ?? it.status,
                  )}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}

      {current && index !== null ? (
        <section className="review__current" aria-label={m.itemHeading(current.id)}>
          <h3 className="review__title">
            {m.itemHeading(current.id)}{' '}
            <span className="review__pos">{m.position(index + 1, items.length)}</span>
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
                {m.reclassify(label(code))} <kbd>{i + 1}</kbd>
              </button>
            ))}
          </fieldset>
          <div className="review__code">
            <label htmlFor={`${baseId}-cs`}>{m.csLabel}</label>
            <select id={`${baseId}-cs`} value={csNew} onChange={(e) => setCsNew(e.currentTarget.value)}>
              <option value="">{m.noCode}</option>
              {NOMENCLATURE_CLASSES.cs.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} {classLabel('cs', c.code, locale)}
                </option>
              ))}
            </select>
          </div>
          <div className="review__code">
            <label htmlFor={`${baseId}-us`}>{m.usLabel}</label>
            <select id={`${baseId}-us`} value={usNew} onChange={(e) => setUsNew(e.currentTarget.value)}>
              <option value="">{m.noCode}</option>
              {NOMENCLATURE_CLASSES.us.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} {classLabel('us', c.code, locale)}
                </option>
              ))}
            </select>
          </div>
          <label className="review__comment-field">
            <span>
              {m.commentLabel} <kbd>C</kbd>
            </span>
            <textarea
              ref={commentInput}
              rows={2}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
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
          {history.length > 0 ? (
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
          ) : null}
        </section>
      ) : null}

      {notice ? (
        <p
          className={notice.kind === 'alert' ? 'notice notice--warning' : 'review__status'}
          role={notice.kind === 'alert' ? 'alert' : 'status'}
        >
          {notice.say(m)}
        </p>
      ) : null}

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
