import { useId } from 'react';
import { localize, type Messages, useMessages } from '../../i18n';
import { type PickedFeature, useTwinStore, type VectorMetadata } from '../../stores';

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
  if (p.tileLayer === 'ocs2d') {
    for (const k of ['cs', 'us', 'p4', 'p21', 'enaf'] as const)
      rows.push([f[k], codeAndLabel(metadata, k, props[k], locale, m)]);
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

/**
 * The picked feature in words: its classes (code and label), vintage, Lambert-93 area, or for a
 * change its class, confidence, dates. Every value is rendered as text by React (attributes come
 * from data files and are never parsed as HTML).
 */
export function FeaturePanel() {
  const m = useMessages();
  const baseId = useId();
  const locale = useTwinStore((s) => s.locale);
  const picked = useTwinStore((s) => s.picked);
  const status = useTwinStore((s) => s.pickStatus);
  const setPicked = useTwinStore((s) => s.setPicked);
  const metadata = useTwinStore((s) => (s.picked ? s.vectorMetadata[s.picked.layerId] : undefined));
  const entry = useTwinStore((s) =>
    s.catalog.status === 'loaded' && s.picked
      ? s.catalog.catalog.layers.find((l) => l.id === s.picked?.layerId)
      : undefined,
  );
  const hasVector = useTwinStore((s) => Object.keys(s.vectorMetadata).length > 0);
  if (!hasVector && !picked) return null;

  return (
    <section className="feature" aria-labelledby={`${baseId}-h`}>
      <h2 id={`${baseId}-h`} className="panel__heading">
        {m.vector.featureHeading}
      </h2>
      <div role="status" className="feature__status">
        {status === 'searching' ? m.vector.pickSearching : status === 'none' ? m.vector.pickNone : null}
        {!picked && status === 'idle' ? m.vector.pickHint : null}
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
          <button type="button" className="feature__close" onClick={() => setPicked(null, 'idle')}>
            {m.vector.closeFeature}
          </button>
        </>
      ) : null}
    </section>
  );
}
