/**
 * Words of the key figures (compare panel, council mode, PNG export), French first, English
 * available. Functions of the values, never pre-rendered text, so a switch of language redraws
 * them. French typography: no-break space before « : » and inside « % » and « ha ».
 */
import { useTwinStore } from '../stores';
import type { KeyFigures } from './key-figures';
import { targetName } from './sraddet';

const NBSP = '\u00a0';

const haIn = (locale: string) => (v: number) =>
  `${v
    .toLocaleString(locale, {
      minimumFractionDigits: Math.abs(v) < 100 ? 2 : 0,
      maximumFractionDigits: Math.abs(v) < 100 ? 2 : 0,
    })
    .replace(/\s/g, NBSP)}${NBSP}ha`;
/** A share in percent, with enough digits to read a small one (0.017 %, 1.2 %, 12 %). */
const pctIn = (locale: string) => (v: number) => {
  const opts: Intl.NumberFormatOptions =
    v === 0
      ? { maximumFractionDigits: 0 }
      : Math.abs(v) < 1
        ? { maximumSignificantDigits: 2 }
        : { maximumFractionDigits: 1 };
  return `${v.toLocaleString(locale, opts).replace(/\s/g, NBSP)}${NBSP}%`;
};

const fr = {
  heading: 'Chiffres clés',
  ha: haIn('fr-FR'),
  pct: pctIn('fr-FR'),
  scopeTerritory: (name: string) => `Territoire${NBSP}: ${name}`,
  scopeData: (communes: readonly string[]) =>
    `Aucun territoire choisi${NBSP}: toute la zone couverte par les données (${communes.length}${NBSP}commune${communes.length > 1 ? 's' : ''}, en partie${NBSP}: ${communes.join(', ')})`,
  scopeDataShort: (n: number) =>
    `Zone couverte par les données (${n}${NBSP}commune${n > 1 ? 's' : ''}, en partie)`,
  vintages: (a: number, b: number) => `${a} → ${b}`,
  consumed: (from: number, to: number) => `Espaces NAF consommés ${from} → ${to}`,
  sraddetShare: 'Part de l’enveloppe SRADDET',
  sraddetOf: (envelope: string, period: readonly [number, number], territory: string, own: boolean) =>
    `de ${envelope} (${period[0]}-${period[1]}, ${own ? territory : `${targetName(territory)}, territoire parent`})`,
  noSraddet: 'Pas d’enveloppe SRADDET configurée',
  sameVintage: 'Même millésime des deux côtés',
  nafIn: (year: number) => `Espaces NAF en ${year}`,
  surfaces4: 'Surfaces par grande classe (4 postes)',
  classColumn: 'Classe',
  deltaColumn: 'Évolution',
  missingYear: (year: number) => `Pas de chiffres pour ${year} dans le fichier d’indicateurs.`,
  none: 'Ce catalogue ne donne pas de fichier d’indicateurs («\u00a0indicators.stats\u00a0»)\u00a0: pas de chiffres.',
  loading: 'Chargement des chiffres…',
  failed: (detail: string) => `Chiffres illisibles${NBSP}: ${detail}`,
  noPair: 'Le fichier d’indicateurs n’a qu’un millésime.',
  source: `Chiffres${NBSP}: OCS2D, règles 4 postes et ENAF de Géo2France (geo2france/ocs2d, GPL-3.0), surfaces planes en Lambert-93`,
};
export type KeyFigureMessages = typeof fr;

const en: KeyFigureMessages = {
  heading: 'Key figures',
  ha: haIn('en-GB'),
  pct: pctIn('en-GB'),
  scopeTerritory: (name) => `Territory: ${name}`,
  scopeData: (communes) =>
    `No territory chosen: the whole area the data cover (${communes.length} commune${communes.length > 1 ? 's' : ''}, in part: ${communes.join(', ')})`,
  scopeDataShort: (n) => `Area the data cover (${n} commune${n > 1 ? 's' : ''}, in part)`,
  vintages: (a, b) => `${a} → ${b}`,
  consumed: (from, to) => `NAF land consumed ${from} → ${to}`,
  sraddetShare: 'Share of the SRADDET envelope',
  sraddetOf: (envelope, period, territory, own) =>
    `of ${envelope} (${period[0]}-${period[1]}, ${own ? territory : `${targetName(territory)}, parent territory`})`,
  noSraddet: 'No SRADDET envelope configured',
  sameVintage: 'Same vintage on both sides',
  nafIn: (year) => `NAF land in ${year}`,
  surfaces4: 'Surfaces by main class (4 classes)',
  classColumn: 'Class',
  deltaColumn: 'Change',
  missingYear: (year) => `No figures for ${year} in the indicators file.`,
  none: 'This catalog gives no indicators file ("indicators.stats"): no figures.',
  loading: 'Loading the figures…',
  failed: (detail) => `Figures unreadable: ${detail}`,
  noPair: 'The indicators file has a single vintage.',
  source:
    'Figures: OCS2D, Géo2France 4-class and ENAF rules (geo2france/ocs2d, GPL-3.0), planar areas in Lambert-93',
};

/** Both dictionaries (tests check they have the same keys). */
export const KEY_FIGURE_MESSAGES = { fr, en } as const;

/** The key figures' words in a language. */
export function keyFigureMessages(locale: string): KeyFigureMessages {
  return locale === 'en' ? en : fr;
}

/** The key figures' words in the interface language. */
export function useKeyFigureMessages(): KeyFigureMessages {
  return keyFigureMessages(useTwinStore((s) => s.locale));
}

/** The scope of the figures in words (`short`: without the communes' names). */
export function scopeText(f: Pick<KeyFigures, 'scope'>, m: KeyFigureMessages, short = false): string {
  if (f.scope.kind === 'territory') return m.scopeTerritory(f.scope.name);
  return short ? m.scopeDataShort(f.scope.communes.length) : m.scopeData(f.scope.communes);
}

/** The SRADDET share in words for a sheet or a screen reader: "0,017 % de 7 410 ha (…)". */
export function sraddetText(f: KeyFigures, m: KeyFigureMessages): string {
  if (f.from === f.to) return m.sameVintage;
  if (!f.sraddet) return m.noSraddet;
  const name = f.sraddet.own && f.scope.kind === 'territory' ? f.scope.name : f.sraddet.territory;
  return `${m.pct(f.sraddet.percent)} ${m.sraddetOf(m.ha(f.sraddet.envelopeHa), f.sraddet.period, name, f.sraddet.own)}`;
}
