/**
 * Words of the layer series rows, the vintage control and the compare labels (French first,
 * English), plugged into src/i18n/messages.ts as `series` (in src/i18n/: shared code never
 * imports a feature).
 */
const NBSP = '\u00a0';

const seriesFr = {
  /** The vintages of a row: "Millésimes : 2021, 2024". */
  vintages: (list: string) => `Millésimes${NBSP}: ${list}`,
  /** The vintage drawn (outside compare mode). */
  shown: (year: number) => `${year} affiché`,
  /** In compare mode. */
  sides: (left: number, right: number) =>
    left === right ? `${left} des deux côtés` : `${left} à gauche, ${right} à droite`,
  /** A vintage whose tiles failed, named before its status. */
  vintageStatus: (year: number, status: string) => `${year}${NBSP}: ${status}`,
  /** Availability note: a series shown at another vintage than the one asked. */
  substitute: (title: string, shown: number, wanted: number) =>
    `${title}${NBSP}: pas de ${wanted}, ${shown} affiché à la place`,
  /** Why the 3D tilesets are not drawn on the 2D map. */
  hiddenIn2d: 'Non affichée sur la carte 2D (revenez au globe 3D).',
};

const seriesEn: typeof seriesFr = {
  vintages: (list) => `Vintages: ${list}`,
  shown: (year) => `${year} shown`,
  sides: (left, right) => (left === right ? `${left} on both sides` : `${left} left, ${right} right`),
  vintageStatus: (year, status) => `${year}: ${status}`,
  substitute: (title, shown, wanted) => `${title}: no ${wanted}, ${shown} shown instead`,
  hiddenIn2d: 'Not drawn on the 2D map (switch back to the 3D globe).',
};

export const SERIES_MESSAGES = { fr: seriesFr, en: seriesEn } as const;
