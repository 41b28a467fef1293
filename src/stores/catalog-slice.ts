import type { StateCreator } from 'zustand';
import type { CatalogLoadResult } from '../config/load-catalog';
import { layersFromEntries } from './layers-slice';
import type { TwinState } from './twin-store';

/** Where the catalog stands: not asked yet, loading, or the result of loading it. */
export type CatalogState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly url: string }
  | CatalogLoadResult;

/** The catalog as loaded at start (plain validated data; no Cesium object). */
export interface CatalogSlice {
  catalog: CatalogState;
  /** Records that `url` is being fetched. */
  startCatalogLoad: (url: string) => void;
  /** Stores the outcome and resets the layers' user state from the catalog's defaults. */
  finishCatalogLoad: (result: CatalogLoadResult) => void;
}

/** Creates the catalog slice. */
export const createCatalogSlice: StateCreator<TwinState, [], [], CatalogSlice> = (set) => ({
  catalog: { status: 'idle' },
  startCatalogLoad: (url) => set({ catalog: { status: 'loading', url } }),
  // One update, so no subscriber ever sees the new catalog with the old layers' state.
  finishCatalogLoad: (result) =>
    set({ catalog: result, ...layersFromEntries(result.status === 'loaded' ? result.catalog.layers : []) }),
});
