/** Words of the territory panel, French first, English available (kept beside the feature). */
import { useTwinStore } from '../../stores';

const fr = {
  heading: 'Territoire',
  region: 'Région',
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
  failed: (d: string) => `Territoires indisponibles : ${d}`,
  options: (n: number) => `${n.toLocaleString('fr-FR')} au choix`,
  wholeRegion: 'Toute la région',
  clip: 'Masquer l’extérieur du territoire',
  chosen: (name: string) => `Territoire choisi : ${name}`,
  shapesFailed: (d: string) => `Limites indisponibles (cadrage seul) : ${d}`,
};
export type TerritoryMessages = typeof fr;
const en: TerritoryMessages = {
  heading: 'Territory',
  region: 'Region',
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
  failed: (d) => `Territories unavailable: ${d}`,
  options: (n) => `${n.toLocaleString('en-GB')} to choose from`,
  wholeRegion: 'Whole region',
  clip: 'Hide what lies outside the territory',
  chosen: (name) => `Territory chosen: ${name}`,
  shapesFailed: (d) => `Boundaries unavailable (framing only): ${d}`,
};

/** The territory panel's words in the interface language. */
export function useTerritoryMessages(): TerritoryMessages {
  return useTwinStore((s) => s.locale) === 'en' ? en : fr;
}
