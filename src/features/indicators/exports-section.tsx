/**
 * The indicators' exports: the figures as CSV (French or English conventions) and the territory
 * with its figures as GeoJSON (src/indicators/exports.ts), downloaded by the browser.
 */
import { useId, useState } from 'react';
import { type CsvFormat, exportFileName, figuresToCsv, territoryGeoJson } from '../../indicators/exports';
import { type TerritoryFocus, useTwinStore } from '../../stores';
import type { SectionProps } from './section-props';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function Exports({
  figures,
  a,
  b,
  m,
  focus,
}: Omit<SectionProps, 'n' | 'locale'> & { readonly focus: TerritoryFocus }) {
  const [format, setFormat] = useState<CsvFormat>(m.locale === 'fr-FR' ? 'fr' : 'en');
  const id = useId();
  return (
    <section aria-label={m.exports}>
      <h3>{m.exports}</h3>
      <div className="indicators__row">
        <label htmlFor={id}>{m.csvFormat}</label>
        <select id={id} value={format} onChange={(e) => setFormat(e.target.value as CsvFormat)}>
          <option value="fr">{m.csvFr}</option>
          <option value="en">{m.csvEn}</option>
        </select>
      </div>
      <button
        type="button"
        onClick={() =>
          download(
            exportFileName(focus, a, b, 'csv'),
            figuresToCsv(focus, figures, a, b, format),
            'text/csv;charset=utf-8',
          )
        }
      >
        {m.exportCsv}
      </button>{' '}
      <button
        type="button"
        onClick={() =>
          download(
            exportFileName(focus, a, b, 'geojson'),
            territoryGeoJson(focus, useTwinStore.getState().lensPolygons, figures, a, b),
            'application/geo+json',
          )
        }
      >
        {m.exportGeojson}
      </button>
    </section>
  );
}
