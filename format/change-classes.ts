/**
 * Classes of the AI change detections (Sentinel-1/2 model of the Région), with the colours the
 * viewer paints them in: the one declaration of the change-class codes (the tiling writes them in
 * the tiles' `class_code`, the server's review reclassifies to them, the viewer filters and labels
 * them, the sample scene draws them). Pure.
 */

/** The classes a detected transition moves a place to ("to built", "to impervious", "to earthworks"). */
export const TRANSITION_CLASS_CODES = ['vers_bati', 'vers_impermeable', 'vers_terrassement'] as const;
export type TransitionClassCode = (typeof TRANSITION_CLASS_CODES)[number];
/** Every change class the detections carry (`class_code`), in legend order. */
export const CHANGE_CLASS_CODES = [...TRANSITION_CLASS_CODES, 'zones_artificialisees'] as const;
export type ChangeClassCode = (typeof CHANGE_CLASS_CODES)[number];

/** One change class: stable code, French and English labels, fill colour. */
export interface ChangeClass {
  readonly code: ChangeClassCode;
  readonly label: string;
  readonly labelEn: string;
  readonly colour: string;
}

/** The change classes of the regional detections, in legend order. */
export const CHANGE_CLASSES: readonly ChangeClass[] = [
  { code: 'vers_bati', label: 'Vers bâti', labelEn: 'To built', colour: '#d7301f' },
  { code: 'vers_impermeable', label: 'Vers imperméable', labelEn: 'To impervious', colour: '#6a51a3' },
  { code: 'vers_terrassement', label: 'Vers terrassement', labelEn: 'To earthworks', colour: '#fe9929' },
  {
    code: 'zones_artificialisees',
    label: 'Zones artificialisées',
    labelEn: 'Artificialised areas',
    colour: '#e7298a',
  },
];

/** Lower-case, accents and separators folded: "Vers bâti" and "vers_bati" give "vers bati". */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/** Words without a plural `s`, so "zone artificialisée" matches "zones_artificialisees". */
function singular(s: string): string {
  return s
    .split(' ')
    .map((w) => w.replace(/s$/, ''))
    .join(' ');
}

/**
 * The change class named by a code or a label ("vers_bati", "Vers bâti", "zone artificialisée"),
 * or undefined.
 */
export function changeClassOf(value: string): ChangeClass | undefined {
  const f = singular(fold(value));
  return CHANGE_CLASSES.find((c) => singular(fold(c.code)) === f || singular(fold(c.label)) === f);
}
