import { type CSSProperties, useEffect, useId, useRef } from 'react';
import { NOMENCLATURES } from '../../../format/ocs2d';
import { localize, type Messages, useMessages } from '../../i18n';
import { type PickedFeature, useTwinStore, type VectorMetadata } from '../../stores';
import './picking.css';

type Row = readonly [label: string, value: string];

/** "CS1.1.1 — Surfaces bâties": a code with its label from the layer's legend. */
function codeAndLabel(
  metadata: VectorMetadata | undefined,
  group: string,
  value: unknown,
  locale: string,
  m: Messages,
): string {
  if (value === undefined || value === null || value === '') return m.vector.noClass;
  const code = String(value);
  const e = metadata?.legend[group]?.find((c) => c.code === code);
  const label = e ? (locale === 'en' && e.labelEn ? e.labelEn : e.label) : undefined;
  return label ? `${code} — ${label}` : code;
}

function rowsOf(p: PickedFeature, metadata: VectorMetadata | undefined, locale: string, m: Messages): Row[] {
  const props = p.properties;
  const f = m.vector.fields;
  const str = (v: unknown) => (v === undefined ? '' : String(v));
  const area = typeof props.area_m2 === 'number' ? m.vector.hectares(props.area_m2 / 10_000) : '';
  const rows: Row[] = [];
  if (p.tileLayer === 'building') return buildingRows(props, m);
  if (p.tileLayer === 'ocs2d') {
    for (const k of NOMENCLATURES) rows.push([f[k], codeAndLabel(metadata, k, props[k], locale, m)]);
    rows.push(
      [f.millesime, str(props.millesime ?? metadata?.vintage)],
      [f.area, area],
      [f.id, str(props.id)],
    );
  } else if (p.tileLayer === 'changes') {
    rows.push([f.class, codeAndLabel(metadata, 'class', props.class_code, locale, m)]);
    if (typeof props.confidence === 'number') rows.push([f.confidence, m.vector.percentOf(props.confidence)]);
    if (props.date_before !== undefined && props.date_after !== undefined)
      rows.push([f.dates, m.vector.dateRange(str(props.date_before), str(props.date_after))]);
    if (props.millesime !== undefined) rows.push([f.millesime, str(props.millesime)]);
    rows.push([f.area, area]);
    if (props.model_version !== undefined) rows.push([f.model, str(props.model_version)]);
    rows.push([f.id, str(props.id)]);
  } else {
    rows.push([f.heat, typeof props.ha === 'number' ? m.vector.hectares(props.ha) : '']);
    for (const e of metadata?.legend.class ?? []) {
      const v = props[`ha_${e.code}`];
      if (typeof v === 'number')
        rows.push([locale === 'en' && e.labelEn ? e.labelEn : e.label, m.vector.hectares(v)]);
    }
  }
  return rows.filter(([, v]) => v !== '');
}

/** A building's attributes in words: height and its source, storeys, use, year, ground, ids. */
function buildingRows(props: PickedFeature['properties'], m: Messages): Row[] {
  const b = m.buildings;
  const f = b.fields;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  const height = n(props.height);
  const source = b.sources[s(props.height_source)] ?? s(props.height_source);
  const ground = n(props.ground);
  const usage = s(props.usage);
  const rows: Row[] = [
    [f.height, height === undefined ? '' : b.height(height, source, n(props.quality))],
    [f.storeys, n(props.storeys) === undefined ? '' : String(props.storeys)],
    [f.usage, usage === '' ? '' : (b.classes[usage] ?? usage)],
    [f.year, n(props.year) === undefined ? '' : String(props.year)],
    [f.ground, ground === undefined ? '' : b.ground(ground)],
    [f.id, s(props.id)],
    [f.rnb, s(props.rnb)],
  ];
  return rows.filter(([, v]) => v !== '');
}

/** Text fields and lists use Esc themselves (clear, close the list): the card leaves it to them. */
const TEXT_INPUTS = new Set(['text', 'search', 'email', 'number', 'password', 'url', 'tel']);
const ownsEscape = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  !target.closest('.feature-card') &&
  (target.isContentEditable ||
    target.tagName === 'SELECT' ||
    target.tagName === 'TEXTAREA' ||
    (target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type)));

/**
 * The picked feature in words, on a card over the map beside the outlined feature (the side of
 * the map away from it; on a phone, the top or bottom of the map): its classes (code and label),
 * vintage, Lambert-93 area, or for a change its class, confidence, dates. A non-modal dialog:
 * focus moves to it after a click on the map, Tab reaches its close button, Esc or the button
 * closes it and gives focus back. Every value is rendered as text by React (attributes come from
 * data files and are never parsed as HTML).
 */
export function FeatureCard() {
  const m = useMessages();
  const baseId = useId();
  const locale = useTwinStore((s) => s.locale);
  const picked = useTwinStore((s) => s.picked);
  const status = useTwinStore((s) => s.pickStatus);
  const at = useTwinStore((s) => s.pickedAt);
  const metadata = useTwinStore((s) => (s.picked ? s.vectorMetadata[s.picked.layerId] : undefined));
  const entry = useTwinStore((s) =>
    s.catalog.status === 'loaded' && s.picked
      ? s.catalog.catalog.layers.find((l) => l.id === s.picked?.layerId)
      : undefined,
  );
  const cardRef = useRef<HTMLElement>(null);
  // Where focus was before the card took it (given back on close).
  const returnTo = useRef<HTMLElement | null>(null);
  const open = picked !== null || status !== 'idle';

  // A feature found after a click (not a permalink's re-pick at load): the card takes focus.
  useEffect(
    () =>
      useTwinStore.subscribe((s, prev) => {
        if (s.picked && s.picked !== prev.picked && prev.pickStatus === 'searching') {
          const active = document.activeElement;
          if (active instanceof HTMLElement && active !== document.body && !cardRef.current?.contains(active))
            returnTo.current = active;
          // After React has drawn the card's rows.
          requestAnimationFrame(() => cardRef.current?.focus({ preventScroll: true }));
        }
      }),
    [],
  );

  const close = () => {
    const hadFocus = cardRef.current?.contains(document.activeElement) ?? false;
    useTwinStore.getState().setPicked(null, 'idle');
    const back = returnTo.current;
    returnTo.current = null;
    if (hadFocus && back?.isConnected) back.focus({ preventScroll: true });
  };
  const closeRef = useRef(close);
  closeRef.current = close;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || ownsEscape(e.target)) return;
      // In council mode Esc leaves the mode (council-mode.tsx) unless the card has focus.
      const inCard = e.target instanceof Node && cardRef.current?.contains(e.target);
      if (useTwinStore.getState().councilMode && !inCard) return;
      closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  if (!open) return null;
  // The card stays clear of the picked point: on the other half of the map (on a phone, above or
  // below it, its height bounded by the room left there: CSS reads --pick-y).
  const side = at && at.x > 0.5 ? 'left' : 'right';
  const edge = at && at.y < 0.5 ? 'bottom' : 'top';
  const style = { '--pick-y': `${Math.round((at?.y ?? 0.5) * 100)}%` } as CSSProperties;
  return (
    <section
      ref={cardRef}
      style={style}
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${baseId}-h`}
      tabIndex={-1}
      className={`feature-card feature-card--${side} feature-card--${edge}`}
    >
      <div className="feature-card__head">
        <h2 id={`${baseId}-h`} className="feature-card__title">
          {m.vector.featureHeading}
        </h2>
        <button
          type="button"
          className="feature-card__close"
          aria-label={m.vector.closeFeature}
          onClick={close}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div role="status" className="feature__status">
        {status === 'searching' ? m.vector.pickSearching : status === 'none' ? m.vector.pickNone : null}
      </div>
      {picked ? (
        <>
          {entry ? <p className="feature__layer">{localize(entry.title, locale)}</p> : null}
          <dl className="feature__rows">
            {rowsOf(picked, metadata, locale, m).map(([label, value]) => (
              <div key={label} className="feature__row">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
}

/** In the side panel, where the OCS2D/change layers are: how to read a polygon's classes. */
export function PickHint() {
  const m = useMessages();
  const hasVector = useTwinStore((s) => Object.keys(s.vectorMetadata).length > 0);
  return hasVector ? <p className="feature-hint">{m.vector.pickHint}</p> : null;
}
