/** Words of the territory panel, French first, English available (kept beside the feature). */
import type { FetchProblem } from '../../config/fetch-problem';
import { useTwinStore } from '../../stores';

const problemFr: Record<FetchProblem, string> = {
  missing:
    'le serveur ne fournit pas ce fichier (visualiseur construit sans lui : relancez « npm run build »)',
  unreachable: 'le serveur ne répond pas (réseau ?), réessayez',
  invalid: 'le fichier reçu est illisible (reconstruisez le visualiseur)',
};
const problemEn: Record<FetchProblem, string> = {
  missing: 'the server does not provide this file (viewer built without it: run "npm run build" again)',
  unreachable: 'the server does not answer (network?), try again',
  invalid: 'the file received is unreadable (rebuild the viewer)',
};

const fr = {
  heading: 'Territoire',
  region: 'Région',
  /** « Région : Hauts-de-France » (French puts a space before the colon, English does not). */
  regionLine: (name: string) => `Région : ${name}`,
  departement: 'Département',
  scot: 'SCoT',
  epci: 'EPCI',
  commune: 'Commune',
  all: '— tous —',
  allF: '— toutes —',
  filterEpci: 'Filtrer les EPCI (nom ou SIREN)',
  filterCommune: 'Filtrer les communes (nom ou code INSEE)',
  noScot:
    'Aucun périmètre de SCoT configuré : ajoutez au catalogue une entrée « territories » (GeoJSON avec code, nom et communes membres).',
  scotFailed: (d: string) => `Périmètres de SCoT illisibles : ${d}`,
  loading: 'Chargement des territoires…',
  failed: (p: FetchProblem) => `Liste des territoires indisponible : ${problemFr[p]}.`,
  options: (n: number) => `${n.toLocaleString('fr-FR')} au choix`,
  wholeRegion: 'Toute la région',
  clip: 'Masquer l’extérieur du territoire',
  chosen: (name: string) => `Territoire choisi : ${name}`,
  shapesFailed: (p: FetchProblem) =>
    `Limites du territoire indisponibles, cadrage sans contour ni masque : ${problemFr[p]}.`,
};
export type TerritoryMessages = typeof fr;
const en: TerritoryMessages = {
  heading: 'Territory',
  region: 'Region',
  regionLine: (name: string) => `Region: ${name}`,
  departement: 'Département',
  scot: 'SCoT',
  epci: 'EPCI',
  commune: 'Commune',
  all: '— all —',
  allF: '— all —',
  filterEpci: 'Filter EPCI (name or SIREN)',
  filterCommune: 'Filter communes (name or INSEE code)',
  noScot:
    'No SCoT perimeter configured: add a "territories" entry to the catalog (GeoJSON with code, name and member communes).',
  scotFailed: (d) => `SCoT perimeters unreadable: ${d}`,
  loading: 'Loading territories…',
  failed: (p) => `List of territories unavailable: ${problemEn[p]}.`,
  options: (n) => `${n.toLocaleString('en-GB')} to choose from`,
  wholeRegion: 'Whole region',
  clip: 'Hide what lies outside the territory',
  chosen: (name) => `Territory chosen: ${name}`,
  shapesFailed: (p) => `Territory boundaries unavailable, framing without outline or mask: ${problemEn[p]}.`,
};

/** The territory panel's words in the interface language. */
export function useTerritoryMessages(): TerritoryMessages {
  return useTwinStore((s) => s.locale) === 'en' ? en : fr;
}
