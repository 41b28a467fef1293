import type { StateCreator } from 'zustand';
import type { Bbox } from '../../format/grid';
import type { TwinState } from './twin-store';

/** Kinds of territory in the hierarchy. */
export type LensTerritoryKind = 'region' | 'dep' | 'scot' | 'epci' | 'commune';

/** A polygon of the lens: rings of [lon, lat] degrees, outer ring first, then holes. */
export type LensPolygon = readonly (readonly (readonly [number, number])[])[];

/**
 * The chosen territory, in plain data: what the figures and exports are scoped to and what the
 * lens (src/cesium/territory-lens.tsx) frames and clips.
 */
export interface TerritoryFocus {
  readonly kind: LensTerritoryKind;
  readonly code: string;
  readonly name: string;
  /** INSEE codes of its communes. */
  readonly communes: readonly string[];
  /** The territory then its ancestors, "<kind>:<code>". */
  readonly lineage: readonly string[];
  readonly bbox?: Bbox;
  /** When the choice was made (`performance.now()`), to measure the time to show the figures. */
  readonly chosenAt: number;
}

/** A transition of the matrix to highlight on the globe (from-class of `a` to to-class of `b`). */
export interface TransitionHighlight {
  readonly nomenclature: 'cs' | 'us' | 'p4' | 'p21' | 'enaf';
  readonly from: string;
  readonly to: string;
  readonly a: number;
  readonly b: number;
}

/** Territory lens and indicator choices. */
export interface TerritorySlice {
  territoryFocus: TerritoryFocus | null;
  setTerritoryFocus: (focus: TerritoryFocus | null) => void;
  /** Polygons of the focused territory (null: not loaded, or the whole région: no clipping). */
  lensPolygons: readonly LensPolygon[] | null;
  setLensPolygons: (polygons: readonly LensPolygon[] | null) => void;
  /** Whether the lens hides the globe and tiles outside the territory. */
  lensClip: boolean;
  setLensClip: (clip: boolean) => void;
  /** Nomenclature of the indicators' tables and charts. */
  indicatorNomenclature: TransitionHighlight['nomenclature'];
  setIndicatorNomenclature: (n: TransitionHighlight['nomenclature']) => void;
  /** The two vintages compared (null: the first and last of the stats file). */
  indicatorVintages: readonly [number, number] | null;
  setIndicatorVintages: (v: readonly [number, number] | null) => void;
  transitionHighlight: TransitionHighlight | null;
  setTransitionHighlight: (h: TransitionHighlight | null) => void;
  /** A territory asked by a permalink ("<kind>:<code>"), focused once the hierarchy is loaded. */
  pendingTerritory: string | null;
  setPendingTerritory: (id: string | null) => void;
}

/** Creates the territory slice. */
export const createTerritorySlice: StateCreator<TwinState, [], [], TerritorySlice> = (set) => ({
  territoryFocus: null,
  setTerritoryFocus: (territoryFocus) =>
    set({ territoryFocus, lensPolygons: null, transitionHighlight: null }),
  lensPolygons: null,
  setLensPolygons: (lensPolygons) => set({ lensPolygons }),
  lensClip: true,
  setLensClip: (lensClip) => set({ lensClip }),
  indicatorNomenclature: 'enaf',
  setIndicatorNomenclature: (indicatorNomenclature) =>
    set({ indicatorNomenclature, transitionHighlight: null }),
  indicatorVintages: null,
  setIndicatorVintages: (indicatorVintages) => set({ indicatorVintages, transitionHighlight: null }),
  transitionHighlight: null,
  setTransitionHighlight: (transitionHighlight) => set({ transitionHighlight }),
  pendingTerritory: null,
  setPendingTerritory: (pendingTerritory) => set({ pendingTerritory }),
});
