/**
 * Exports of a territory's figures: CSV (French format: decimal comma, semicolon separator;
 * or English: decimal point, comma) and the file names, after the territory and the vintages.
 * Pure: the panel turns the text into a download.
 */
import {
  CONSUMPTION_DESTINATIONS,
  FIGURE_NOMENCLATURES,
  type TerritoryFigures,
  vintagePair,
} from './figures';

/** `fr`: `;` and decimal comma (French spreadsheets); `en`: `,` and decimal point. */
export type CsvFormat = 'fr' | 'en';

const HEADERS: Record<CsvFormat, readonly string[]> = {
  fr: ['territoire', 'code', 'section', 'nomenclature', 'classe', 'classe_arrivee', 'millesime', 'hectares'],
  en: ['territory', 'code', 'section', 'nomenclature', 'class', 'to_class', 'vintage', 'hectares'],
};

/** A number as the format writes it: no thousands separator, up to 4 decimals (the m²). */
export function formatCsvNumber(v: number, format: CsvFormat): string {
  const s = String(Math.round(v * 1e4) / 1e4);
  return format === 'fr' ? s.replace('.', ',') : s;
}

function csvField(s: string, sep: string): string {
  return s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r')
    ? `"${s.replaceAll('"', '""')}"`
    : s;
}

/**
 * The figures of a territory between two vintages as CSV, one line per value: surfaces (each
 * vintage), transitions, ENAF consumption, detected changes. CRLF line ends (RFC 4180).
 */
export function figuresToCsv(
  territory: { readonly name: string; readonly code: string },
  figures: TerritoryFigures,
  a: number,
  b: number,
  format: CsvFormat,
): string {
  const sep = format === 'fr' ? ';' : ',';
  const { from, to, key } = vintagePair(a, b);
  const lines: string[][] = [[...HEADERS[format]]];
  const row = (section: string, n: string, cls: string, toCls: string, vintage: string, ha: number) =>
    lines.push([
      territory.name,
      territory.code,
      section,
      n,
      cls,
      toCls,
      vintage,
      formatCsvNumber(ha, format),
    ]);
  for (const year of [from, to]) {
    const s = figures.surfaces[String(year)];
    for (const n of FIGURE_NOMENCLATURES)
      for (const [cls, ha] of Object.entries(s?.[n] ?? {})) row('surface', n, cls, '', String(year), ha);
  }
  const t = figures.transitions[key];
  for (const n of FIGURE_NOMENCLATURES)
    for (const [k, ha] of Object.entries(t?.[n] ?? {})) {
      const [c1, c2] = k.split('>') as [string, string];
      row('transition', n, c1, c2, key, ha);
    }
  const c = figures.consumption[key] ?? {};
  for (const d of CONSUMPTION_DESTINATIONS) row('consommation_enaf', 'enaf', 'NAF', d, key, c[d] ?? 0);
  for (const [cls, ha] of Object.entries(figures.changes)) row('changement', 'changes', cls, '', '', ha);
  return `${lines.map((l) => l.map((f) => csvField(f, sep)).join(sep)).join('\r\n')}\r\n`;
}

/** A file name from a territory name: accents removed, lower case, words joined by "-". */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `indicateurs_<territory>_<code>_<a>-<b>.<ext>`. */
export function exportFileName(
  territory: { readonly name: string; readonly code: string },
  a: number,
  b: number,
  ext: 'csv' | 'geojson',
): string {
  return `indicateurs_${slugify(territory.name)}_${territory.code}_${vintagePair(a, b).key}.${ext}`;
}

/**
 * The territory as a GeoJSON Feature (MultiPolygon of its outline; null geometry for the
 * région, which is not outlined), its figures between the two vintages as properties.
 */
export function territoryGeoJson(
  territory: { readonly name: string; readonly code: string; readonly kind: string },
  polygons: readonly (readonly (readonly (readonly [number, number])[])[])[] | null,
  figures: TerritoryFigures,
  a: number,
  b: number,
): string {
  const { from, to, key } = vintagePair(a, b);
  const flat = (prefix: string, h: Record<string, number> | undefined) =>
    Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [`${prefix}${k}`, v]));
  const properties: Record<string, unknown> = {
    name: territory.name,
    code: territory.code,
    kind: territory.kind,
    vintages: key,
    communes: figures.communeCount,
    communes_with_data: figures.communesWithData,
    area_ha: figures.areaHa,
    ...flat(`enaf_${from}_`, figures.surfaces[String(from)]?.enaf),
    ...flat(`enaf_${to}_`, figures.surfaces[String(to)]?.enaf),
    ...flat('consumption_', figures.consumption[key]),
    ...flat('changes_', figures.changes),
  };
  const feature = {
    type: 'Feature',
    properties,
    geometry: polygons && polygons.length > 0 ? { type: 'MultiPolygon', coordinates: polygons } : null,
  };
  return `${JSON.stringify({ type: 'FeatureCollection', features: [feature] })}\n`;
}
