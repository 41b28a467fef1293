/**
 * Class labels and colours of the OCS2D nomenclatures and the change classes, in the interface
 * language: the official French labels and colours (tiling/ocs2d/tables.ts, geo2france/ocs2d,
 * GPL-3.0; tiling/vector/classes.ts) and this project's English labels (tiling/ocs2d/labels-en.ts).
 * Every place that shows a class in words goes through here, so a switch of language changes
 * them all. Pure.
 */

import { CHANGE_CLASSES } from '../../format/change-classes';
import { LABELS_EN, type LabelledNomenclature } from '../../format/ocs2d/labels-en';
import { NOMENCLATURE_CLASSES } from '../../format/ocs2d/tables';
import type { Locale } from './locale';

/** A group a legend or a figure is read in: a nomenclature, or `class` / `change` for detections. */
export type ClassGroup = LabelledNomenclature | 'class';

const groupOf = (g: string): LabelledNomenclature | undefined =>
  g === 'class' ? 'change' : g in LABELS_EN ? (g as LabelledNomenclature) : undefined;

/** The official French label of a class, or undefined when the code is unknown. */
export function classLabelFr(group: string, code: string): string | undefined {
  const g = groupOf(group);
  if (g === 'change') return CHANGE_CLASSES.find((c) => c.code === code)?.label;
  if (!g) return undefined;
  return NOMENCLATURE_CLASSES[g].find((c) => c.code === code)?.label;
}

/**
 * The label of `code` in `group` in `locale`; "none"/"?" read as unclassified; an unknown code
 * is returned as is (data may carry codes of a later nomenclature).
 */
export function classLabel(group: string, code: string, locale: Locale | string): string {
  if (code === 'none' || code === '?') return locale === 'en' ? 'Unclassified' : 'Non classé';
  const g = groupOf(group);
  const en = locale === 'en' && g ? LABELS_EN[g][code] : undefined;
  return en ?? classLabelFr(group, code) ?? code;
}

/** A legend entry's label in `locale` (the entry's own French label when the code is unknown here). */
export function legendLabel(
  group: string,
  entry: { readonly code: string; readonly label: string; readonly labelEn?: string | undefined },
  locale: Locale | string,
): string {
  if (locale !== 'en') return entry.label;
  const g = groupOf(group);
  return (g ? LABELS_EN[g][entry.code] : undefined) ?? entry.labelEn ?? entry.label;
}

/** The official colour (#rrggbb) of a class, or undefined when the code is unknown. */
export function classColour(group: string, code: string): string | undefined {
  const g = groupOf(group);
  if (g === 'change') return CHANGE_CLASSES.find((c) => c.code === code)?.colour;
  if (!g) return undefined;
  return NOMENCLATURE_CLASSES[g].find((c) => c.code === code)?.colour;
}
