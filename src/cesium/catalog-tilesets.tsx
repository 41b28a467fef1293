/**
 * The catalog's 3D Tiles on the globe: kind `3dtiles` (the textured terrain mesh) and kind
 * `buildings` (LoD1.2 buildings with per-building metadata, styled by buildings-style.ts: the
 * colour chosen in the layer panel, the picked building highlighted). Same visibility, opacity and
 * compare side handling for both (applyLayerSide: vintage A left, B right).
 */
import { Cartesian3, Cartographic, Cesium3DTileStyle, Cesium3DTileset, SceneTransforms } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useShallow } from 'zustand/react/shallow';
import type { BuildingsLayerEntry, Tiles3dLayerEntry } from '../../format/catalog';
import { selectLayerSides, type TwinState, useTwinStore } from '../stores';
import { buildingsStyleJson } from './buildings-style';
import { applyLayerSide } from './compare-split';
import { describeError } from './errors';

type TilesetEntry = Tiles3dLayerEntry | BuildingsLayerEntry;

/** Read-only facts for browser tests (`window.__twinBuildings`). */
export interface TwinBuildingsTestHook {
  /**
   * Canvas position (CSS px) of the top of what is drawn at (`lon`, `lat`) (a roof where a
   * building stands: `scene.sampleHeight`), or null when nothing is drawn there.
   */
  roofPointOf(lon: number, lat: number): [number, number] | null;
  /** Buildings tilesets clipped by an enabled clipping polygon collection (the territory lens). */
  clippedBuildings(): number;
}
declare global {
  interface Window {
    __twinBuildings?: TwinBuildingsTestHook;
  }
}

const selectTilesetEntries = (s: TwinState): TilesetEntry[] =>
  s.catalog.status === 'loaded'
    ? s.catalog.catalog.layers.filter(
        (l): l is TilesetEntry => l.kind === '3dtiles' || l.kind === 'buildings',
      )
    : [];

/** The catalog entry each loaded tileset draws (vector-layers.tsx drapes by the tileset's side). */
const tilesetIds = new WeakMap<Cesium3DTileset, { id: string; kind: TilesetEntry['kind'] }>();

/** The catalog id of a tileset this component loaded, or undefined. */
export function tilesetLayerId(tileset: Cesium3DTileset): string | undefined {
  return tilesetIds.get(tileset)?.id;
}

/** The tilesets on the scene by catalog id, and who waits for one (whenTileset). */
const onScene = new Map<string, Cesium3DTileset>();
const waiting = new Set<(id: string, tileset: Cesium3DTileset) => void>();

/**
 * The tileset drawing catalog entry `layerId` once it is on the scene (now if it is), or null
 * after `timeoutMs` (an entry that never loads).
 */
export function whenTileset(layerId: string, timeoutMs: number): Promise<Cesium3DTileset | null> {
  const now = onScene.get(layerId);
  if (now && !now.isDestroyed()) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (t: Cesium3DTileset | null) => {
      clearTimeout(timer);
      waiting.delete(listener);
      resolve(t);
    };
    const listener = (id: string, t: Cesium3DTileset) => {
      if (id === layerId) done(t);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    waiting.add(listener);
  });
}

/** Whether a tileset draws a `buildings` entry (styled and picked per building, never draped). */
export function isBuildingsTileset(tileset: Cesium3DTileset): boolean {
  return tilesetIds.get(tileset)?.kind === 'buildings';
}

/** The picked building's id when the picked feature is a building, else null. */
const pickedBuildingId = (s: TwinState): string | null =>
  s.picked?.tileLayer === 'building' && typeof s.picked.properties.id === 'string'
    ? s.picked.properties.id
    : null;

interface BoundTileset {
  readonly tileset: Cesium3DTileset;
  readonly kind: TilesetEntry['kind'];
  /** What the current style was made from (restyled when it changes). */
  styleKey: string;
  readonly removeListener: () => void;
}

/** A style fading the whole tileset, or none at full opacity (cheaper to render). */
function opacityStyle(opacity: number): Cesium3DTileStyle | undefined {
  return opacity >= 1 ? undefined : new Cesium3DTileStyle({ color: `color('white', ${opacity.toFixed(3)})` });
}

/** The style a tileset of `kind` gets now, and the key saying what it was made from. */
function styleOf(kind: TilesetEntry['kind'], opacity: number, s: TwinState) {
  if (kind === '3dtiles') return { key: `${opacity}`, make: () => opacityStyle(opacity) };
  const by = s.buildingsColour;
  const picked = pickedBuildingId(s);
  return {
    key: `${opacity}|${by}|${picked}`,
    make: () => new Cesium3DTileStyle(buildingsStyleJson(by, opacity, picked)),
  };
}

/**
 * Loads the catalog's 3D Tiles and buildings entries and keeps their visibility, opacity and
 * style in step with the store. A tileset that cannot be read, or whose tiles fail, is marked
 * failed; others go on. Tilesets are drawn on the 3D globe only: on the 2D map Cesium projects them flat at their own
 * height, which draws a second, shifted copy of the ground over the imagery.
 */
export function CatalogTilesets(): null {
  const { viewer } = useCesium();
  const entries = useTwinStore(useShallow(selectTilesetEntries));

  useEffect(() => {
    if (!viewer) return;
    const store = useTwinStore;
    const bound = new Map<string, BoundTileset>();
    let disposed = false;

    const applyOne = (id: string, b: BoundTileset) => {
      const state = store.getState().layers[id];
      if (!state) return;
      // The vintage control and the compare swipe decide where each vintage is drawn.
      const on3dGlobe = store.getState().sceneMode === '3d';
      applyLayerSide(b.tileset, state.visible && on3dGlobe, selectLayerSides(store.getState())[id]);
      const style = styleOf(b.kind, state.opacity, store.getState());
      if (style.key !== b.styleKey) {
        b.styleKey = style.key;
        b.tileset.style = style.make();
      }
    };
    const applyAll = () => {
      for (const [id, b] of bound) applyOne(id, b);
      viewer.scene.requestRender();
    };

    for (const entry of entries) {
      store.getState().setLayerStatus(entry.id, 'loading');
      Cesium3DTileset.fromUrl(entry.source.url)
        .then((tileset) => {
          if (disposed || viewer.isDestroyed()) {
            tileset.destroy();
            return;
          }
          const removeListener = tileset.tileFailed.addEventListener(() => {
            store.getState().recordTileFailure(entry.id);
          });
          tilesetIds.set(tileset, { id: entry.id, kind: entry.kind });
          viewer.scene.primitives.add(tileset);
          const b: BoundTileset = { tileset, kind: entry.kind, styleKey: '1', removeListener };
          bound.set(entry.id, b);
          applyOne(entry.id, b);
          onScene.set(entry.id, tileset);
          for (const w of [...waiting]) w(entry.id, tileset);
          store.getState().setLayerStatus(entry.id, 'ready');
          viewer.scene.requestRender();
        })
        .catch((e: unknown) => {
          if (!disposed) store.getState().setLayerStatus(entry.id, 'failed', describeError(e));
        });
    }

    const hook: TwinBuildingsTestHook = {
      roofPointOf: (lon, lat) => {
        if (viewer.isDestroyed()) return null;
        const h = viewer.scene.sampleHeight(Cartographic.fromDegrees(lon, lat));
        if (h === undefined) return null;
        const p = SceneTransforms.worldToWindowCoordinates(
          viewer.scene,
          Cartesian3.fromDegrees(lon, lat, h - 0.5),
        );
        return p ? [p.x, p.y] : null;
      },
      clippedBuildings: () =>
        [...bound.values()].filter(
          (b) =>
            b.kind === 'buildings' &&
            b.tileset.clippingPolygons?.enabled &&
            b.tileset.clippingPolygons.length > 0,
        ).length,
    };
    window.__twinBuildings = hook;

    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.layers !== prev.layers ||
        s.vintage !== prev.vintage ||
        s.compare !== prev.compare ||
        s.sceneMode !== prev.sceneMode ||
        s.buildingsColour !== prev.buildingsColour ||
        s.picked !== prev.picked
      )
        applyAll();
    });
    return () => {
      disposed = true;
      unsubscribe();
      if (window.__twinBuildings === hook) delete window.__twinBuildings;
      for (const [id, b] of bound) {
        if (onScene.get(id) === b.tileset) onScene.delete(id);
        b.removeListener();
        if (!viewer.isDestroyed()) viewer.scene.primitives.remove(b.tileset);
        else if (!b.tileset.isDestroyed()) b.tileset.destroy();
      }
    };
  }, [viewer, entries]);

  return null;
}
