/** Words of the indicators panel, French first, English available (kept beside the feature). */
import { useTwinStore } from '../../stores';

const nf = (locale: string, digits: number) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
const frHa = nf('fr-FR', 2);
const enHa = nf('en-GB', 2);

const fr = {
  locale: 'fr-FR',
  heading: 'Indicateurs',
  noTerritory: 'Choisissez un territoire pour voir ses indicateurs.',
  noStats:
    'Ce catalogue ne donne pas d’indicateurs (section « indicators.stats », fichier écrit par « tiling stats »).',
  loading: 'Chargement des indicateurs…',
  failed: (d: string) => `Indicateurs indisponibles : ${d}`,
  oneVintage: 'Le fichier d’indicateurs n’a qu’un millésime : pas de comparaison possible.',
  ha: (v: number) => `${frHa.format(v)} ha`,
  num: (v: number) => frHa.format(v),
  pct: (v: number) => `${nf('fr-FR', 1).format(v)} %`,
  coverage: (withData: number, total: number) =>
    `Communes couvertes par les données : ${withData.toLocaleString('fr-FR')} sur ${total.toLocaleString('fr-FR')}`,
  scope: (name: string, a: number, b: number) => `${name}, ${a} → ${b}`,
  vintageA: 'Millésime de départ',
  vintageB: 'Millésime d’arrivée',
  nomenclature: 'Nomenclature',
  nomenclatures: { cs: 'Couverture (CS)', us: 'Usage (US)', p4: '4 postes', p21: '21 postes', enaf: 'ENAF' },
  surfaces: 'Surfaces par classe',
  cls: 'Classe',
  delta: 'Évolution',
  transitions: 'Matrice de transition (ha)',
  transitionsHint:
    'Lignes : classe de départ ; colonnes : classe d’arrivée. Un clic met les polygones en évidence.',
  highlighted: (from: string, to: string) => `Mis en évidence : ${from} → ${to}`,
  clearHighlight: 'Effacer la mise en évidence',
  changed: (v: string) => `Changements de classe : ${v}`,
  topTransitions: 'Principales transitions',
  consumption: 'Consommation d’ENAF (NAF → non NAF)',
  destinations: {
    habitat: 'Habitat',
    activite: 'Activité',
    infrastructure: 'Infrastructure',
    autre: 'Autre',
  },
  total: 'Total',
  sraddet: 'Comparaison au SRADDET',
  noTarget: 'Aucun objectif configuré pour ce territoire ni ses territoires parents.',
  targetOf: (t: string, own: boolean) =>
    own ? `Objectif du territoire (${t})` : `Objectif de ${t} (territoire parent)`,
  envelope: (ha: string, p: readonly [number, number]) => `Enveloppe ${p[0]}-${p[1]} : ${ha}`,
  reference: (ha: string | null, p: readonly [number, number] | undefined) =>
    `Consommation de référence${p ? ` ${p[0]}-${p[1]}` : ''} : ${ha ?? 'non renseignée'}`,
  reduction: (pct: string) => `Réduction visée : ${pct}`,
  pace: (annual: string, allowed: string) => `Rythme : ${annual}/an (permis : ${allowed}/an)`,
  used: (pct: string) => `Part de l’enveloppe consommée : ${pct}`,
  projected: (ha: string, ok: boolean) =>
    `Projection sur la période : ${ha} — ${ok ? 'dans l’enveloppe' : 'au-delà de l’enveloppe'}`,
  changes: 'Changements détectés (ha)',
  noChanges: 'Aucun changement détecté.',
  exports: 'Exports',
  csvFormat: 'Format des nombres',
  csvFr: 'Français (virgule décimale, point-virgule)',
  csvEn: 'Anglais (point décimal, virgule)',
  exportCsv: 'Exporter les chiffres (CSV)',
  exportGeojson: 'Exporter le territoire (GeoJSON)',
  shownIn: (ms: number) => `Chiffres calculés en ${Math.round(ms)} ms`,
  chartSurfaces: 'Graphique des surfaces par classe',
  chartTransitions: 'Graphique des principales transitions',
};
export type IndicatorMessages = typeof fr;
const en: IndicatorMessages = {
  locale: 'en-GB',
  heading: 'Indicators',
  noTerritory: 'Choose a territory to see its indicators.',
  noStats: 'This catalog gives no indicators ("indicators.stats", the file written by `tiling stats`).',
  loading: 'Loading indicators…',
  failed: (d) => `Indicators unavailable: ${d}`,
  oneVintage: 'The indicators file has a single vintage: nothing to compare.',
  ha: (v) => `${enHa.format(v)} ha`,
  num: (v) => enHa.format(v),
  pct: (v) => `${nf('en-GB', 1).format(v)} %`,
  coverage: (withData, total) => `Communes covered by the data: ${withData} of ${total}`,
  scope: (name, a, b) => `${name}, ${a} → ${b}`,
  vintageA: 'From vintage',
  vintageB: 'To vintage',
  nomenclature: 'Nomenclature',
  nomenclatures: { cs: 'Cover (CS)', us: 'Use (US)', p4: '4 classes', p21: '21 classes', enaf: 'ENAF' },
  surfaces: 'Surfaces by class',
  cls: 'Class',
  delta: 'Change',
  transitions: 'Transition matrix (ha)',
  transitionsHint: 'Rows: class before; columns: class after. A click highlights the polygons.',
  highlighted: (from, to) => `Highlighted: ${from} → ${to}`,
  clearHighlight: 'Clear the highlight',
  changed: (v) => `Class changes: ${v}`,
  topTransitions: 'Main transitions',
  consumption: 'ENAF consumption (NAF → non-NAF)',
  destinations: {
    habitat: 'Housing',
    activite: 'Economic activity',
    infrastructure: 'Infrastructure',
    autre: 'Other',
  },
  total: 'Total',
  sraddet: 'SRADDET comparison',
  noTarget: 'No target configured for this territory or its parents.',
  targetOf: (t, own) => (own ? `The territory's target (${t})` : `Target of ${t} (parent territory)`),
  envelope: (ha, p) => `Envelope ${p[0]}-${p[1]}: ${ha}`,
  reference: (ha, p) => `Reference consumption${p ? ` ${p[0]}-${p[1]}` : ''}: ${ha ?? 'not given'}`,
  reduction: (pct) => `Reduction aimed at: ${pct}`,
  pace: (annual, allowed) => `Pace: ${annual}/year (allowed: ${allowed}/year)`,
  used: (pct) => `Share of the envelope used: ${pct}`,
  projected: (ha, ok) =>
    `Projected over the period: ${ha} — ${ok ? 'within the envelope' : 'beyond the envelope'}`,
  changes: 'Detected changes (ha)',
  noChanges: 'No change detected.',
  exports: 'Exports',
  csvFormat: 'Number format',
  csvFr: 'French (decimal comma, semicolon)',
  csvEn: 'English (decimal point, comma)',
  exportCsv: 'Export the figures (CSV)',
  exportGeojson: 'Export the territory (GeoJSON)',
  shownIn: (ms) => `Figures computed in ${Math.round(ms)} ms`,
  chartSurfaces: 'Chart of the surfaces by class',
  chartTransitions: 'Chart of the main transitions',
};

/** The indicators panel's words in the interface language. */
export function useIndicatorMessages(): IndicatorMessages {
  return useTwinStore((s) => s.locale) === 'en' ? en : fr;
}
