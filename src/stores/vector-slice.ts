import type { StateCreator } from 'zustand';
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

/** One legend line of a pyramid's metadata.json (written by `tiling vector`). */
export interface VectorLegendEntry {
  readonly code: string;
  readonly label: string;
  readonly labelEn?: string;
  readonly colour: string;
  readonly count: number;
  readonly areaM2: number;
}

/** The parts of a vector pyramid's metadata.json the viewer uses (plain data). */
export interface VectorMetadata {
  readonly kind: 'ocs2d' | 'changes';
  readonly vintage?: number;
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly bounds: readonly [number, number, number, number];
  readonly attribution?: string;
  /** Legend groups: cs, us, p4, p21, enaf (OCS2D) or class (changes); classes present only. */
  readonly legend: Readonly<Record<string, readonly VectorLegendEntry[]>>;
  readonly heat?: {
    readonly cellMetres: number;
    readonly minConfidence: number;
    readonly maxHectares: number;
  };
}

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
  /** Metadata (legend) of each vector layer once read, by layer id. */
  vectorMetadata: Readonly<Record<string, VectorMetadata>>;
  setVectorMetadata: (id: string, metadata: VectorMetadata) => void;
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
  setPicked: (picked, status) => set({ picked, pickStatus: status ?? (picked ? 'idle' : 'none') }),
  vectorMetadata: {},
  setVectorMetadata: (id, metadata) =>
    set((s) => ({ vectorMetadata: { ...s.vectorMetadata, [id]: metadata } })),
});
