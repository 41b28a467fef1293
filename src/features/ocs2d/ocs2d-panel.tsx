import { ConfidenceSlider } from '../../components/confidence-slider';
import './ocs2d.css';
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LayerEntry } from '../../../format/catalog';
import { classColour, legendLabel, localize, useMessages } from '../../i18n';
import {
  CHANGE_CLASS_CODES,
  type ChangeClassCode,
  OCS2D_NOMENCLATURES,
  type Ocs2dNomenclature,
  selectLayerSides,
  type TwinState,
  useTwinStore,
  type VectorLegendEntry,
} from '../../stores';

/** A colour from a metadata file, or transparent when it is not `#rrggbb` (untrusted input). */
export function safeColour(c: string | undefined): string {
  return c !== undefined && /^#[0-9a-f]{6}$/i.test(c) ? c : 'transparent';
}

type MvtEntry = LayerEntry & { readonly source: { readonly type: 'mvt'; readonly layer: string } };
const selectMvt = (s: TwinState): MvtEntry[] =>
  s.catalog.status === 'loaded'
    ? (s.catalog.catalog.layers.filter(
        (l) => (l.kind === 'ocs2d' || l.kind === 'changes') && l.source.type === 'mvt',
      ) as MvtEntry[])
    : [];

/** One legend line: swatch, code, label, area. */
function LegendLine({
  entry,
  group,
  showCode,
}: {
  readonly entry: VectorLegendEntry;
  readonly group: string;
  readonly showCode: boolean;
}) {
  const m = useMessages();
  const locale = useTwinStore((s) => s.locale);
  const label = legendLabel(group, entry, locale);
  return (
    <li className="legend__item">
      <span
        className="legend__swatch"
        style={{ backgroundColor: safeColour(entry.colour) }}
        aria-hidden="true"
      />
      <span className="legend__label">
        {showCode ? <span className="legend__code">{entry.code}</span> : null} {label}
      </span>
      <span className="legend__area">{m.vector.hectares(entry.areaM2 / 10_000)}</span>
    </li>
  );
}

/**
 * OCS2D and change controls: the nomenclature the OCS2D layers are coloured by and its legend
 * (classes present, official colours, areas), the change classes shown, the minimum confidence
 * and the heat grid's scale. Shown only when the catalog has such layers.
 */
export function Ocs2dPanel() {
  const m = useMessages();
  const baseId = useId();
  const entries = useTwinStore(useShallow(selectMvt));
  const locale = useTwinStore((s) => s.locale);
  const layers = useTwinStore((s) => s.layers);
  const sides = useTwinStore(selectLayerSides);
  const metadata = useTwinStore((s) => s.vectorMetadata);
  const nomenclature = useTwinStore((s) => s.ocs2dNomenclature);
  const setNomenclature = useTwinStore((s) => s.setOcs2dNomenclature);
  const changeClasses = useTwinStore((s) => s.changeClasses);
  const setClassShown = useTwinStore((s) => s.setChangeClassShown);
  const minConfidence = useTwinStore((s) => s.minConfidence);
  const setMinConfidence = useTwinStore((s) => s.setMinConfidence);
  if (entries.length === 0) return null;

  const ocs2d = entries.filter((e) => e.source.layer === 'ocs2d');
  const changes = entries.filter((e) => e.source.layer === 'changes');
  const heat = entries.find((e) => e.source.layer === 'heat');
  // The legend of the OCS2D vintage drawn (the series is visible and this vintage not hidden; in
  // compare, the left one first), else the first one.
  const drawn = (e: (typeof ocs2d)[number]) => layers[e.id]?.visible && sides[e.id] !== 'hidden';
  const shownOcs2d = ocs2d.find(drawn) ?? ocs2d[0];
  const legend = shownOcs2d ? metadata[shownOcs2d.id]?.legend[nomenclature] : undefined;
  const changeEntry = changes.find((e) => metadata[e.id]) ?? heat;
  const classLegend = changeEntry ? metadata[changeEntry.id]?.legend.class : undefined;
  const heatMeta = heat ? metadata[heat.id]?.heat : undefined;
  const percent = Math.round(minConfidence * 100);
  const selectId = `${baseId}-nomenclature`;

  return (
    <section className="ocs2d" aria-labelledby={`${baseId}-h`}>
      <h2 id={`${baseId}-h`} className="panel__heading">
        {m.vector.heading}
      </h2>
      {ocs2d.length > 0 ? (
        <>
          <div className="ocs2d__row">
            <label htmlFor={selectId}>{m.vector.nomenclatureLabel}</label>
            <select
              id={selectId}
              value={nomenclature}
              onChange={(e) => setNomenclature(e.currentTarget.value as Ocs2dNomenclature)}
            >
              {OCS2D_NOMENCLATURES.map((n) => (
                <option key={n} value={n}>
                  {m.vector.nomenclatures[n]}
                </option>
              ))}
            </select>
          </div>
          {legend ? (
            <ul className="legend" aria-label={m.vector.legendLabel(m.vector.nomenclatures[nomenclature])}>
              {legend.map((e) => (
                <LegendLine
                  key={e.code}
                  entry={e}
                  group={nomenclature}
                  showCode={nomenclature === 'cs' || nomenclature === 'us'}
                />
              ))}
            </ul>
          ) : (
            <p className="layer__note">{m.vector.legendWaiting}</p>
          )}
          {shownOcs2d ? <p className="layer__note">{localize(shownOcs2d.title, locale)}</p> : null}
          {shownOcs2d && metadata[shownOcs2d.id]?.attribution ? (
            <p className="legend__attribution">{metadata[shownOcs2d.id]?.attribution}</p>
          ) : null}
        </>
      ) : null}
      {changes.length > 0 || heat ? (
        <>
          <fieldset className="ocs2d__classes">
            <legend>{m.vector.changeClassesLabel}</legend>
            {CHANGE_CLASS_CODES.map((code: ChangeClassCode) => {
              const e = classLegend?.find((c) => c.code === code);
              const id = `${baseId}-${code}`;
              const label = m.vector.changeClasses[code];
              return (
                <div key={code} className="ocs2d__class">
                  <input
                    id={id}
                    type="checkbox"
                    checked={changeClasses[code]}
                    onChange={(ev) => setClassShown(code, ev.currentTarget.checked)}
                  />
                  <span
                    className="legend__swatch"
                    // A class absent from this sample has no legend line: its official colour
                    // (never a transparent, black-looking square).
                    style={{ backgroundColor: safeColour(e?.colour ?? classColour('class', code)) }}
                    aria-hidden="true"
                  />
                  <label htmlFor={id}>{label}</label>
                </div>
              );
            })}
          </fieldset>
          <div className="ocs2d__row">
            <label htmlFor={`${baseId}-conf`}>{m.vector.minConfidenceLabel}</label>
            <ConfidenceSlider
              id={`${baseId}-conf`}
              value={minConfidence}
              valueText={m.percent(percent)}
              onChange={setMinConfidence}
            />
            <span aria-hidden="true">{m.percent(percent)}</span>
          </div>
          {heatMeta ? (
            <div className="heat-scale">
              <span className="heat-scale__ramp" aria-hidden="true" />
              <span>
                0 – {m.vector.hectares((heatMeta.cellMetres * heatMeta.cellMetres) / 10_000)} ·{' '}
                {m.vector.heatUnit(heatMeta.cellMetres)}
              </span>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
