/**
 * Words of the buildings series (French first, English): the "colour by" control, its legend
 * classes (keys of src/cesium/buildings-style.ts) and a picked building's attributes on the card.
 * Plugged into src/i18n/messages.ts as `buildings`.
 */
const NBSP = '\u00a0';

const mFr = (v: number) => `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })}${NBSP}m`;
const mEn = (v: number) => `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })} m`;

const buildingsFr = {
  /** The control's label. */
  colourBy: 'Couleur selon',
  colours: {
    height: 'la hauteur',
    usage: 'l’usage',
    age: 'l’âge',
    source: 'la source de la hauteur',
  } as Record<'height' | 'usage' | 'age' | 'source', string>,
  /** The legend's name for screen readers. */
  legend: (by: string) => `Légende des bâtiments, couleur selon ${by}`,
  /** Legend classes by key. */
  classes: {
    h0: `moins de 6${NBSP}m`,
    h6: `6 à 10${NBSP}m`,
    h10: `10 à 15${NBSP}m`,
    h15: `15 à 25${NBSP}m`,
    h25: `25${NBSP}m et plus`,
    Résidentiel: 'Résidentiel',
    'Commercial et services': 'Commercial et services',
    Industriel: 'Industriel',
    Agricole: 'Agricole',
    Religieux: 'Religieux',
    Sportif: 'Sportif',
    Annexe: 'Annexe',
    Indifférencié: 'Indifférencié',
    Inconnu: 'Inconnu',
    unknown: 'année inconnue',
    y0: 'avant 1949',
    y1949: '1949 à 1974',
    y1975: '1975 à 1988',
    y1989: '1989 à 2000',
    y2001: '2001 à 2012',
    y2013: '2013 et après',
    dsm: 'MNS (relief mesuré)',
    hauteur: 'hauteur BD TOPO',
    etages: `étages × 3${NBSP}m`,
    default: `par défaut (3${NBSP}m)`,
  } as Record<string, string>,
  /** Where a height comes from, in a sentence. */
  sources: {
    dsm: 'MNS',
    hauteur: 'hauteur BD TOPO',
    etages: `étages × 3${NBSP}m`,
    default: 'valeur par défaut',
  } as Record<string, string>,
  fields: {
    height: 'Hauteur',
    storeys: 'Étages',
    usage: 'Usage',
    year: 'Construit en',
    ground: 'Altitude du sol',
    id: 'Identifiant BD TOPO',
    rnb: 'RNB',
  },
  /** "12,4 m (MNS, qualité ±0,3 m)". */
  height: (h: number, source: string, quality: number | undefined) =>
    quality === undefined ? `${mFr(h)} (${source})` : `${mFr(h)} (${source}, qualité ±${mFr(quality)})`,
  /** "21,3 m NGF-IGN69". */
  ground: (v: number) => `${mFr(v)} NGF-IGN69`,
  /** The layer note on picking. */
  pickHint: 'Cliquez sur un bâtiment pour lire sa hauteur, son usage et son année.',
};

const buildingsEn: typeof buildingsFr = {
  colourBy: 'Colour by',
  colours: { height: 'height', usage: 'use', age: 'age', source: 'height source' },
  legend: (by) => `Buildings legend, colour by ${by}`,
  classes: {
    h0: 'under 6 m',
    h6: '6 to 10 m',
    h10: '10 to 15 m',
    h15: '15 to 25 m',
    h25: '25 m and over',
    Résidentiel: 'Residential',
    'Commercial et services': 'Commercial and services',
    Industriel: 'Industrial',
    Agricole: 'Agricultural',
    Religieux: 'Religious',
    Sportif: 'Sports',
    Annexe: 'Annex',
    Indifférencié: 'Undifferentiated',
    Inconnu: 'Unknown',
    unknown: 'year unknown',
    y0: 'before 1949',
    y1949: '1949 to 1974',
    y1975: '1975 to 1988',
    y1989: '1989 to 2000',
    y2001: '2001 to 2012',
    y2013: '2013 and later',
    dsm: 'DSM (measured relief)',
    hauteur: 'BD TOPO height',
    etages: 'storeys × 3 m',
    default: 'default (3 m)',
  },
  sources: { dsm: 'DSM', hauteur: 'BD TOPO height', etages: 'storeys × 3 m', default: 'default value' },
  fields: {
    height: 'Height',
    storeys: 'Storeys',
    usage: 'Use',
    year: 'Built in',
    ground: 'Ground altitude',
    id: 'BD TOPO identifier',
    rnb: 'RNB',
  },
  height: (h, source, quality) =>
    quality === undefined ? `${mEn(h)} (${source})` : `${mEn(h)} (${source}, quality ±${mEn(quality)})`,
  ground: (v) => `${mEn(v)} NGF-IGN69`,
  pickHint: 'Click a building to read its height, use and year.',
};

export const BUILDINGS_MESSAGES = { fr: buildingsFr, en: buildingsEn } as const;
