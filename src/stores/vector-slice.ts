import type { StateCreator } from 'zustand';
import { CHANGE_CLASS_CODES, type ChangeClassCode } from '../../format/change-classes';
import { NOMENCLATURES, type Nomenclature } from '../../format/ocs2d';
import { labelEn } from '../../format/ocs2d/labels-en';
import type { VectorLegendEntry, VectorMetadata } from '../../format/tile-metadata';
import type { TwinState } from './twin-store';

/** Nomenclatures an OCS2D layer can be coloured by (the tiles carry all five codes; format/ocs2d). */
export const OCS2D_NOMENCLATURES = NOMENCLATURES;
/** One of {@link OCS2D_NOMENCLATURES}. */
export type Ocs2dNomenclature = Nomenclature;

/** A vector pyramid's metadata.json (legend lines; the members the viewer uses): the contract's. */
export type { VectorLegendEntry, VectorMetadata };
/** Change classes the detections carry (`class_code`; format/change-classes.ts). */
export { CHANGE_CLASS_CODES, type ChangeClassCode };

/**
 * Choices for the OCS2D and change layers (nomenclature, change classes, minimum confidence) and
 * the vector layers' metadata. The picked feature is picking-slice.ts.
 */
export interface VectorSlice {
  /** Nomenclature the OCS2D layers are coloured by. */
  ocs2dNomenclature: Ocs2dNomenclature;
  setOcs2dNomenclature: (n: Ocs2dNomenclature) => void;
  /** Change classes shown (polygons and heat grid). */
  changeClasses: Readonly<Record<ChangeClassCode, boolean>>;
  setChangeClassShown: (code: ChangeClassCode, shown: boolean) => void;
  /** Detections below this confidence (0..1) are hidden. */
  minConfidence: number;
  /** Sets the threshold, clamped to 0..1; non-numbers are ignored. */
  setMinConfidence: (value: number) => void;
  /** Metadata (legend) of each vector layer once read, by layer id. */
  vectorMetadata: Readonly<Record<string, VectorMetadata>>;
  setVectorMetadata: (id: string, metadata: VectorMetadata) => void;
}

/**
 * The metadata with every legend entry's `labelEn` from the project's English labels
 * (format/ocs2d/labels-en.ts): the pipeline writes English only for some groups, and every
 * reader of `labelEn` (legend, picked card, export) then speaks English for all of them.
 */
function withEnglishLabels(metadata: VectorMetadata): VectorMetadata {
  const legend: Record<string, readonly VectorLegendEntry[]> = {};
  for (const [group, entries] of Object.entries(metadata.legend ?? {}))
    legend[group] = entries.map((e) => {
      const en = labelEn(group === 'class' ? 'change' : group, e.code);
      return en ? { ...e, labelEn: en } : e;
    });
  return { ...metadata, legend };
}

/** Creates the vector slice. */
export const createVectorSlice: StateCreator<TwinState, [], [], VectorSlice> = (set) => ({
  ocs2dNomenclature: 'cs',
  setOcs2dNomenclature: (ocs2dNomenclature) => {
    if ((OCS2D_NOMENCLATURES as readonly string[]).includes(ocs2dNomenclature)) set({ ocs2dNomenclature });
  },
  changeClasses: Object.fromEntries(CHANGE_CLASS_CODES.map((code) => [code, true])) as Record<
    ChangeClassCode,
    boolean
  >,
  setChangeClassShown: (code, shown) =>
    set((s) => (code in s.changeClasses ? { changeClasses: { ...s.changeClasses, [code]: shown } } : {})),
  minConfidence: 0,
  setMinConfidence: (value) => {
    if (typeof value !== 'number' || Number.isNaN(value)) return;
    set({ minConfidence: Math.min(1, Math.max(0, value)) });
  },
  vectorMetadata: {},
  setVectorMetadata: (id, metadata) =>
    set((s) => ({ vectorMetadata: { ...s.vectorMetadata, [id]: withEnglishLabels(metadata) } })),
});
