/**
 * The globe's ground: the catalog's first visible `terrain` entry (quantized-mesh, `tiling
 * terrain`, docs/terrain.md) as the scene's CesiumTerrainProvider, so every imagery layer (ortho,
 * OCS2D, changes, heat, WMTS/WMS, the transition highlight) drapes on the real relief; the
 * ellipsoid when that row is off, absent, or its terrain cannot be read (the row then says why).
 * The terrain has no vintage and no opacity: it is drawn on both sides of the compare swipe.
 * With real terrain, the globe tests depth against it, so what stands under the ground is hidden
 * and what stands on it (volumes, outlines clamped to the ground) shows. Renders nothing.
 */
import {
  Cartesian2,
  Cartographic,
  Math as CesiumMath,
  CesiumTerrainProvider,
  EllipsoidTerrainProvider,
  sampleTerrainMostDetailed,
  type TerrainProvider,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { TerrainLayerEntry } from '../../format/catalog';
import { type TwinState, useTwinStore } from '../stores';
import { describeError } from './errors';

/** Read-only facts for browser tests (`window.__twinTerrain`); plain values only. */
export interface TwinTerrainTestHook {
  /** What the globe stands on now: the catalog's terrain (by id) or the bare ellipsoid. */
  provider(): { kind: 'ellipsoid' } | { kind: 'quantized-mesh'; id: string };
  /** Terrain tiles that failed since the terrain was loaded. */
  failedTiles(): number;
  /** The loaded globe's height (m, WGS 84 ellipsoid) at a point, or null where no tile is loaded. */
  globeHeight(lon: number, lat: number): number | null;
  /** The terrain's most detailed height (m, ellipsoid) at a point: null on the ellipsoid. */
  sampleHeight(lon: number, lat: number): Promise<number | null>;
  /**
   * The ground point the globe's picking finds under a canvas point (fractions of its width and
   * height, from the top left), degrees and metres above the ellipsoid; null for the sky.
   */
  pick(x: number, y: number): { lon: number; lat: number; height: number } | null;
}
declare global {
  interface Window {
    __twinTerrain?: TwinTerrainTestHook;
  }
}

/**
 * The terrain drawn: the catalog's first terrain entry whose row is on; null for none. The entry
 * object itself, so a catalog loaded again (its layers' status reset) loads the terrain again.
 */
const selectTerrain = (s: TwinState): TerrainLayerEntry | null => {
  if (s.catalog.status !== 'loaded') return null;
  return (
    s.catalog.catalog.layers.find(
      (l): l is TerrainLayerEntry => l.kind === 'terrain' && s.layers[l.id]?.visible === true,
    ) ?? null
  );
};

/** The scene's terrain provider while this component is mounted. */
let current: { id: string; provider: CesiumTerrainProvider } | null = null;

/**
 * The terrain's most detailed heights (m, ellipsoid) at `points`, or null while the globe stands
 * on the ellipsoid (then every height is 0). Used by the scenario's volumes to stand on the ground.
 */
export async function sampleGround(
  provider: TerrainProvider,
  points: readonly Cartographic[],
): Promise<(number | undefined)[] | null> {
  if (provider instanceof EllipsoidTerrainProvider) return null;
  const sampled = await sampleTerrainMostDetailed(
    provider,
    points.map((p) => Cartographic.clone(p)),
  );
  return sampled.map((c) => (Number.isFinite(c.height) ? c.height : undefined));
}

/** See the file's summary. */
export function GlobeTerrain(): null {
  const { viewer } = useCesium();
  const entry = useTwinStore(selectTerrain);

  useEffect(() => {
    if (!viewer) return;
    const store = useTwinStore;
    let failed = 0;
    let stale = false;
    let removeListener: (() => void) | null = null;
    const standOnEllipsoid = () => {
      current = null;
      if (!(viewer.terrainProvider instanceof EllipsoidTerrainProvider))
        viewer.terrainProvider = new EllipsoidTerrainProvider();
      viewer.scene.globe.depthTestAgainstTerrain = false;
      viewer.scene.requestRender();
    };
    const hook: TwinTerrainTestHook = {
      provider: () => (current ? { kind: 'quantized-mesh', id: current.id } : { kind: 'ellipsoid' }),
      failedTiles: () => failed,
      globeHeight: (lon, lat) =>
        viewer.isDestroyed()
          ? null
          : (viewer.scene.globe.getHeight(Cartographic.fromDegrees(lon, lat)) ?? null),
      sampleHeight: async (lon, lat) => {
        if (viewer.isDestroyed()) return null;
        const heights = await sampleGround(viewer.terrainProvider, [Cartographic.fromDegrees(lon, lat)]);
        return heights?.[0] ?? null;
      },
      pick: (x, y) => {
        if (viewer.isDestroyed()) return null;
        const canvas = viewer.scene.canvas;
        const ray = viewer.camera.getPickRay(new Cartesian2(x * canvas.clientWidth, y * canvas.clientHeight));
        const at = ray ? viewer.scene.globe.pick(ray, viewer.scene) : undefined;
        if (!at) return null;
        const c = Cartographic.fromCartesian(at);
        return {
          lon: CesiumMath.toDegrees(c.longitude),
          lat: CesiumMath.toDegrees(c.latitude),
          height: c.height,
        };
      },
    };
    window.__twinTerrain = hook;

    if (!entry) standOnEllipsoid();
    else {
      const { id } = entry;
      store.getState().setLayerStatus(id, 'loading');
      CesiumTerrainProvider.fromUrl(entry.source.url, { requestVertexNormals: true, requestMetadata: true })
        .then((provider) => {
          if (stale || viewer.isDestroyed()) return;
          // A listener also stops Cesium from logging each failure; the panel shows them in words.
          removeListener = provider.errorEvent.addEventListener(() => {
            failed++;
            store.getState().recordTileFailure(id);
            viewer.scene.requestRender();
          });
          current = { id, provider };
          viewer.terrainProvider = provider;
          // Imagery is drawn as it is (no sun shading), and what stands under the ground is hidden.
          viewer.scene.globe.enableLighting = false;
          viewer.scene.globe.depthTestAgainstTerrain = true;
          store.getState().setLayerStatus(id, 'ready');
          viewer.scene.requestRender();
        })
        .catch((e: unknown) => {
          if (stale || viewer.isDestroyed()) return;
          standOnEllipsoid();
          store.getState().setLayerStatus(id, 'failed', describeError(e));
        });
    }
    return () => {
      stale = true;
      removeListener?.();
      if (window.__twinTerrain === hook) delete window.__twinTerrain;
      // The next run (another terrain, or none) sets the provider; on unmount the viewer goes too.
    };
  }, [viewer, entry]);

  return null;
}
