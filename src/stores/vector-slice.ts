import type { StateCreator } from 'zustand';
import type { VectorLegendEntry, VectorMetadata } from '../../format/tile-metadata';
import { labelEn } from '../../tiling/ocs2d/labels-en';
import type { TwinState } from './twin-store';

/** Nomenclatures an OCS2D layer can be coloured by (the tiles carry all five codes). */
export const OCS2D_NOMENCLATURES = ['cs', 'us', 'p4', 'p21', 'enaf'] as const;
/** One of {@link OCS2D_NOMENCLATURES}. */
export type Ocs2dNomenclature = (typeof OCS2D_NOMENCLATURES)[number];

/** Change classes the detections carry (`class_code`). */
export const CHANGE_CLASS_CODES = [
  'vers_bati',
  'vers_impermeable',
  'vers_terrassement',
  'zones_artificialisees',
] as const;
/** One of {@link CHANGE_CLASS_CODES}. */
export type ChangeClassCode = (typeof CHANGE_CLASS_CODES)[number];

/** A vector pyramid's metadata.json (legend lines; the members the viewer uses): the contract's. */
export type { VectorLegendEntry, VectorMetadata };

/** A feature picked on the globe: its layer and its attributes as read from the tile (untrusted text). */
export interface PickedFeature {
  readonly layerId: string;
  /** `ocs2d`, `changes` or `heat`: what the attributes mean. */
  readonly tileLayer: string;
  readonly properties: Readonly<Record<string, string | number | boolean>>;
  /** Where the user clicked, degrees. */
  readonly lon: number;
  readonly lat: number;
}

/** Choices for the OCS2D and change layers, and the picked feature. */
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
  /** The feature under the last click, or null. */
  picked: PickedFeature | null;
  /** `searching` while tiles are read for a click; `none` when nothing is there. */
  pickStatus: 'idle' | 'searching' | 'none';
  setPicked: (picked: PickedFeature | null, status?: VectorSlice['pickStatus']) => void;
  /**
   * Where the picked point was on the map when it was outlined, as fractions of the map's width
   * and height (0..1, from the top-left); the card sits on the other side. Null when unknown.
   */
  pickedAt: { readonly x: number; readonly y: number } | null;
  setPickedAt: (at: { readonly x: number; readonly y: number } | null) => void;
  /** Metadata (legend) of each vector layer once read, by layer id. */
  vectorMetadata: Readonly<Record<string, VectorMetadata>>;
  setVectorMetadata: (id: string, metadata: VectorMetadata) => void;
}

/**
 * The metadata with every legend entry's `labelEn` from the project's English labels
 * (tiling/ocs2d/labels-en.ts): the pipeline writes English only for some groups, and every
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
  changeClasses: {
    vers_bati: true,
    vers_impermeable: true,
    vers_terrassement: true,
    zones_artificialisees: true,
  },
  setChangeClassShown: (code, shown) =>
    set((s) => (code in s.changeClasses ? { changeClasses: { ...s.changeClasses, [code]: shown } } : {})),
  minConfidence: 0,
  setMinConfidence: (value) => {
    if (typeof value !== 'number' || Number.isNaN(value)) return;
    set({ minConfidence: Math.min(1, Math.max(0, value)) });
  },
  picked: null,
  pickStatus: 'idle',
  setPicked: (picked, status) =>
    set({ picked, pickStatus: status ?? (picked ? 'idle' : 'none'), pickedAt: null }),
  pickedAt: null,
  setPickedAt: (pickedAt) => set({ pickedAt }),
  vectorMetadata: {},
  setVectorMetadata: (id, metadata) =>
    set((s) => ({ vectorMetadata: { ...s.vectorMetadata, [id]: withEnglishLabels(metadata) } })),
});
