/**
 * Labels and official colours of the OCS2D classes (tiling/ocs2d/tables.ts, from geo2france/ocs2d,
 * GPL-3.0), for the indicators' tables and charts.
 */
import { ENGLISH_LABELS } from '../../../tiling/ocs2d';
import { NOMENCLATURE_CLASSES } from '../../../tiling/ocs2d/tables';
import type { FigureNomenclature } from './figures';

/** Class codes in the official order. */
export function classOrder(n: FigureNomenclature): string[] {
  return NOMENCLATURE_CLASSES[n].map((c) => c.code);
}

/** The label of a class ("none": no class by the published rules). */
export function classLabel(n: FigureNomenclature, code: string, locale: string): string {
  if (code === 'none') return locale === 'en' ? 'Unclassified' : 'Non classé';
  const c = NOMENCLATURE_CLASSES[n].find((x) => x.code === code);
  if (!c) return code;
  return (locale === 'en' ? ENGLISH_LABELS[`${n}:${code}`] : undefined) ?? c.label;
}

/** The official fill colour of a class (grey when it has none). */
export function classColour(n: FigureNomenclature, code: string): string {
  return NOMENCLATURE_CLASSES[n].find((x) => x.code === code)?.colour ?? '#9e9e9e';
}
