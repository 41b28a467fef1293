/**
 * The buildings row's "colour by" control (height, use, age, height source: the store's
 * `buildingsColour`) and its legend, one swatch per class of src/cesium/buildings-style.ts (the
 * colours the globe draws). Shown under the buildings series in the layer panel.
 */
import { useId } from 'react';
import { buildingClasses } from '../../cesium/buildings-style';
import { useMessages } from '../../i18n';
import { BUILDINGS_COLOURS, type BuildingsColour, useTwinStore } from '../../stores';
import './buildings.css';

/** See the file's summary. */
export function BuildingsStyleControl() {
  const m = useMessages().buildings;
  const id = useId();
  const by = useTwinStore((s) => s.buildingsColour);
  const classes = buildingClasses(by);
  return (
    <div className="buildings-style">
      <label htmlFor={`${id}-by`} className="buildings-style__label">
        {m.colourBy}
      </label>{' '}
      <select
        id={`${id}-by`}
        className="buildings-style__select"
        value={by}
        onChange={(e) => useTwinStore.getState().setBuildingsColour(e.currentTarget.value as BuildingsColour)}
      >
        {BUILDINGS_COLOURS.map((c) => (
          <option key={c} value={c}>
            {m.colours[c]}
          </option>
        ))}
      </select>
      <ul className="buildings-legend" aria-label={m.legend(m.colours[by])}>
        {classes.map((c) => (
          <li key={c.key} className="buildings-legend__item" data-colour={c.color}>
            <span className="buildings-legend__swatch" style={{ background: c.color }} aria-hidden="true" />
            {m.classes[c.key] ?? c.key}
          </li>
        ))}
      </ul>
      <p className="buildings-style__hint">{m.pickHint}</p>
    </div>
  );
}
