/**
 * Labels and official colours of the OCS2D classes (format/ocs2d/tables.ts, from geo2france/ocs2d,
 * GPL-3.0), for the indicators' tables and charts. Words in the interface language come from
 * src/i18n/nomenclature.ts (French official labels, this project's English labels).
 */

import { NOMENCLATURE_CLASSES } from '../../format/ocs2d/tables';
import { classLabel as labelIn, classColour as officialColour } from '../i18n/nomenclature';
import type { FigureNomenclature } from './figures';

/** Class codes in the official order. */
export function classOrder(n: FigureNomenclature): string[] {
  return NOMENCLATURE_CLASSES[n].map((c) => c.code);
}

/** The label of a class in `locale` ("none": no class by the published rules). */
export function classLabel(n: FigureNomenclature, code: string, locale: string): string {
  return labelIn(n, code, locale);
}

/** The official fill colour of a class (grey when it has none). */
export function classColour(n: FigureNomenclature, code: string): string {
  return officialColour(n, code) ?? '#9e9e9e';
}
