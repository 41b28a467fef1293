/** Words of the scenario panel, French first, English available (kept beside the feature). */

import type { ScenarioProblem } from '../../scenario/scenario-file';
import { useTwinStore } from '../../stores';

const nf =
  (lang: string, digits = 2) =>
  (v: number) =>
    v.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
const fr2 = nf('fr-FR');
const en2 = nf('en-GB');

const fr = {
  heading: 'Scénario (projet)',
  pick: 'Charger un projet (GeoJSON)…',
  hint: 'Ou déposez le fichier sur la page. Polygones en Lambert-93 ou WGS 84, propriété « height » (m) ou « storeys » (3 m par niveau).',
  clear: 'Retirer le scénario',
  loaded: (name: string, n: number) =>
    `${name} : ${n} bâtiment${n > 1 ? 's' : ''} en volume (état « après »)`,
  refused: (file: string) => `Fichier « ${file} » refusé, rien n’est affiché :`,
  urlFailed: (d: string) => `Scénario du lien illisible : ${d}`,
  computing: 'Calcul de l’impact ENAF…',
  noOcs2d: 'Aucune couche OCS2D en tuiles vectorielles au catalogue : impact ENAF non calculé.',
  failed: (d: string) => `Impact ENAF non calculé : ${d}`,
  impactOf: (v: number | null) => `Impact ENAF (OCS2D ${v ?? '—'})`,
  footprint: 'Emprise au sol',
  naf: 'Espaces NAF consommés',
  byClass: 'Par classe ENAF',
  byP4: 'NAF par poste (4 classes)',
  byP21: 'NAF par poste (21 classes)',
  uncovered: 'Hors OCS2D',
  ha: (v: number) => `${fr2(v)} ha`,
  sraddet: (pct: number, envelope: number, territory: string, own: boolean) =>
    `Soit ${fr2(pct)} % de l’enveloppe SRADDET de ${fr2(envelope)} ha (${territory}${own ? '' : ', territoire parent'}).`,
  noSraddet: 'Pas d’enveloppe SRADDET pour ce territoire.',
  splitNote: 'En mode comparaison, les volumes sont montrés à droite du séparateur (état « après »).',
  problem: (p: ScenarioProblem) => {
    const where =
      p.feature === 0
        ? 'Fichier'
        : `Objet ${p.feature}${p.label && p.label !== `n° ${p.feature}` ? ` (« ${p.label} »)` : ''}`;
    const what: Record<ScenarioProblem['code'], string> = {
      'not-json': `pas du JSON (${p.detail ?? ''})`,
      'not-collection': 'pas une FeatureCollection GeoJSON',
      empty: 'aucun objet',
      'too-many': `plus de ${p.detail ?? ''} objets`,
      'too-large': `fichier de plus de ${p.detail ?? ''} Mo`,
      crs: 'système de coordonnées non pris en charge (Lambert-93 EPSG:2154 ou WGS 84 seulement)',
      'geometry-type': `géométrie ${p.detail ?? 'absente'} : Polygon ou MultiPolygon attendu`,
      coordinates: 'coordonnées invalides (anneaux fermés d’au moins 4 positions)',
      'out-of-region': 'hors des Hauts-de-France',
      'height-missing': 'ni « height » (m) ni « storeys »',
      'height-invalid': 'valeur invalide (hauteur de 0 à 500 m, niveaux entiers ≥ 1)',
    };
    return `${where}, champ « ${p.field} » : ${what[p.code]}`;
  },
};
export type ScenarioMessages = typeof fr;
const en: ScenarioMessages = {
  heading: 'Scenario (planned project)',
  pick: 'Load a project (GeoJSON)…',
  hint: 'Or drop the file on the page. Polygons in Lambert-93 or WGS 84, a "height" (m) or "storeys" (3 m each) property.',
  clear: 'Remove the scenario',
  loaded: (name, n) => `${name}: ${n} building${n > 1 ? 's' : ''} as volumes ("after" state)`,
  refused: (file) => `File "${file}" refused, nothing is shown:`,
  urlFailed: (d) => `Scenario of the link unreadable: ${d}`,
  computing: 'Computing the ENAF impact…',
  noOcs2d: 'No OCS2D vector tile layer in the catalog: ENAF impact not computed.',
  failed: (d) => `ENAF impact not computed: ${d}`,
  impactOf: (v) => `ENAF impact (OCS2D ${v ?? '—'})`,
  footprint: 'Footprint',
  naf: 'NAF land consumed',
  byClass: 'By ENAF class',
  byP4: 'NAF by class (4 classes)',
  byP21: 'NAF by class (21 classes)',
  uncovered: 'Outside the OCS2D',
  ha: (v) => `${en2(v)} ha`,
  sraddet: (pct, envelope, territory, own) =>
    `That is ${en2(pct)} % of the ${en2(envelope)} ha SRADDET envelope (${territory}${own ? '' : ', parent territory'}).`,
  noSraddet: 'No SRADDET envelope for this territory.',
  splitNote: 'In compare mode the volumes show right of the divider (the “after” state).',
  problem: (p) => {
    const where =
      p.feature === 0
        ? 'File'
        : `Feature ${p.feature}${p.label && p.label !== `n° ${p.feature}` ? ` ("${p.label}")` : ''}`;
    const what: Record<ScenarioProblem['code'], string> = {
      'not-json': `not JSON (${p.detail ?? ''})`,
      'not-collection': 'not a GeoJSON FeatureCollection',
      empty: 'no feature',
      'too-many': `more than ${p.detail ?? ''} features`,
      'too-large': `file over ${p.detail ?? ''} MB`,
      crs: 'coordinate system not supported (Lambert-93 EPSG:2154 or WGS 84 only)',
      'geometry-type': `geometry ${p.detail ?? 'missing'}: Polygon or MultiPolygon expected`,
      coordinates: 'invalid coordinates (closed rings of at least 4 positions)',
      'out-of-region': 'outside Hauts-de-France',
      'height-missing': 'neither "height" (m) nor "storeys"',
      'height-invalid': 'invalid value (height 0 to 500 m, whole storeys ≥ 1)',
    };
    return `${where}, field "${p.field}": ${what[p.code]}`;
  },
};

export function useScenarioMessages(): ScenarioMessages {
  return useTwinStore((s) => s.locale) === 'en' ? en : fr;
}
