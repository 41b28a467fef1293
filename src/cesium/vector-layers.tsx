/**
 * Draws the catalog's OCS2D and change layers made by `tiling vector` (`source.type: "mvt"`) as
 * imagery painted from vector tiles, on the globe and on every 3D tileset (draping), and answers
 * clicks with the feature under the cursor (vector-picking.ts, on the layers' shared tile
 * sources). Keeps visibility, opacity, the nomenclature and the change filters in step with the
 * store. Renders nothing.
 */
import {
  type Cartesian2,
  Cartesian3,
  Cartographic,
  Cesium3DTileset,
  Math as CesiumMath,
  ImageryLayer,
  type ImageryProvider,
  SceneTransforms,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Viewer,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useShallow } from 'zustand/react/shallow';
import type { LayerEntry, MvtLayerEntry } from '../../format/catalog';
import { selectLayerSides, type TwinState, useTwinStore, type VectorMetadata } from '../stores';
import { pickBuilding } from './buildings-picking';
import { isBuildingsTileset, tilesetLayerId } from './catalog-tilesets';
import { applyLayerSide } from './compare-split';
import { describeError } from './errors';
import { createVectorImageryProvider } from './vector-imagery-provider';
import { isMvtLayer, pickFeature, vectorTileSourceOf } from './vector-picking';
import { vectorStyleOf } from './vector-style';
import type { VectorTileSource } from './vector-tiles';

const selectEntries = (s: TwinState): LayerEntry[] =>
  s.catalog.status === 'loaded'
    ? s.catalog.catalog.layers.filter((l) => l.kind === 'ocs2d' || l.kind === 'changes')
    : [];

/** Read-only helpers for browser tests (`window.__twinVector`). */
export interface TwinVectorTestHook {
  /** Canvas position (CSS px from the canvas's top-left) of a point on the ellipsoid, or null. */
  canvasPointOf(lon: number, lat: number): [number, number] | null;
  /** Number of imagery layers painted from vector tiles, on the globe and on tilesets. */
  vectorLayerCount(): number;
}

declare global {
  interface Window {
    __twinVector?: TwinVectorTestHook;
  }
}

/** Checks the members of metadata.json the viewer relies on. @throws Error naming what is wrong. */
export function checkVectorMetadata(json: unknown, url: string): VectorMetadata {
  const m = json as Partial<VectorMetadata> | null;
  const problems: string[] = [];
  if (typeof m !== 'object' || m === null) throw new Error(`${url} is not a JSON object`);
  if (m.kind !== 'ocs2d' && m.kind !== 'changes') problems.push('kind must be "ocs2d" or "changes"');
  if (typeof m.minzoom !== 'number' || typeof m.maxzoom !== 'number')
    problems.push('minzoom/maxzoom missing');
  if (!Array.isArray(m.bounds) || m.bounds.length !== 4)
    problems.push('bounds must be [west, south, east, north]');
  if (typeof m.legend !== 'object' || m.legend === null) problems.push('legend missing');
  if (problems.length > 0) throw new Error(`${url}: ${problems.join('; ')}`);
  return m as VectorMetadata;
}

interface Bound {
  readonly entry: MvtLayerEntry;
  readonly source: VectorTileSource;
  readonly metadata: VectorMetadata;
  provider: ImageryProvider;
  globeLayer: ImageryLayer;
  removeListener: () => void;
}

/** The point on the globe or a 3D tile under a canvas position, degrees. */
function pickLonLat(viewer: Viewer, position: Cartesian2): [number, number] | null {
  const scene = viewer.scene;
  let cartesian: Cartesian3 | undefined;
  if (scene.pickPositionSupported && scene.pick(position) !== undefined)
    cartesian = scene.pickPosition(position);
  if (!cartesian) {
    const ray = viewer.camera.getPickRay(position);
    cartesian = ray ? scene.globe.pick(ray, scene) : undefined;
  }
  if (!cartesian) return null;
  const c = Cartographic.fromCartesian(cartesian);
  return [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)];
}

/** See the file's summary. */
export function VectorLayers(): null {
  const { viewer } = useCesium();
  const entries = useTwinStore(useShallow(selectEntries));

  useEffect(() => {
    if (!viewer) return;
    const store = useTwinStore;
    let disposed = false;
    const bound: Bound[] = [];
    // Layers added to tilesets, to take back on restyle and cleanup.
    const tilesetLayers = new Map<Cesium3DTileset, ImageryLayer[]>();

    // GeoJSON/WFS sources of these kinds are not painted here.
    for (const e of entries)
      if (e.source.type === 'geojson') store.getState().setLayerStatus(e.id, 'unsupported');
    const mvt = entries.filter(isMvtLayer);

    const makeProvider = (b: Omit<Bound, 'provider' | 'globeLayer' | 'removeListener'>) =>
      createVectorImageryProvider({
        source: b.source,
        tileLayer: b.entry.source.layer,
        metadata: b.metadata,
        style: vectorStyleOf(store.getState()),
        attribution: b.entry.attribution,
      });
    const listen = (b: { entry: MvtLayerEntry }, provider: ImageryProvider) =>
      provider.errorEvent.addEventListener(() => {
        store.getState().recordTileFailure(b.entry.id);
        viewer.scene.requestRender();
      });

    const applyState = () => {
      const layers = store.getState().layers;
      // The vintage control and the compare swipe decide where each vintage is drawn.
      const sides = selectLayerSides(store.getState());
      for (const b of bound) {
        const s = layers[b.entry.id];
        if (!s) continue;
        applyLayerSide(b.globeLayer, s.visible, sides[b.entry.id]);
        b.globeLayer.alpha = s.opacity;
      }
      for (const [t, list] of tilesetLayers) {
        // Cesium does not split imagery draped on a tileset: the tileset's own side decides. A
        // layer of another side stays off it (no OCS2D 2021 on the 2024 tiles of the right side).
        const id = tilesetLayerId(t);
        const tilesetSide = id === undefined ? 'both' : (sides[id] ?? 'both');
        for (const l of list) {
          const b = bound.find((x) => x.provider === l.imageryProvider);
          const s = b ? layers[b.entry.id] : undefined;
          if (s && b) {
            const side = sides[b.entry.id];
            const fits = side === 'both' || side === tilesetSide;
            l.show = s.visible && side !== 'hidden' && fits;
            l.alpha = s.opacity;
          }
        }
      }
      viewer.scene.requestRender();
    };

    /** Puts one layer per vector layer on every tileset, replacing earlier ones. */
    const syncTilesets = () => {
      if (viewer.isDestroyed()) return;
      const p = viewer.scene.primitives;
      for (let i = 0; i < p.length; i++) {
        const t = p.get(i);
        // Buildings keep their own colours (buildings-style.ts): nothing is draped on them.
        if (!(t instanceof Cesium3DTileset) || t.isDestroyed() || isBuildingsTileset(t)) continue;
        for (const old of tilesetLayers.get(t) ?? []) t.imageryLayers.remove(old, true);
        const added: ImageryLayer[] = [];
        for (const b of [...bound].reverse()) {
          const layer = new ImageryLayer(b.provider, {});
          t.imageryLayers.add(layer);
          added.push(layer);
        }
        tilesetLayers.set(t, added);
      }
      applyState();
    };

    const addToGlobe = async (entry: MvtLayerEntry) => {
      store.getState().setLayerStatus(entry.id, 'loading');
      const r = await fetch(entry.source.metadata);
      if (!r.ok) throw new Error(`HTTP ${r.status} for ${entry.source.metadata}`);
      const metadata = checkVectorMetadata(await r.json(), entry.source.metadata);
      if (disposed || viewer.isDestroyed()) return;
      const source = vectorTileSourceOf(entry);
      const partial = { entry, source, metadata };
      const provider = makeProvider(partial);
      const globeLayer = new ImageryLayer(provider, {});
      // Catalog order: the first entry on top of the other vector layers (and of the orthos).
      // Collection index 0 is the bottom: go just above the entries listed after this one, else
      // just below those listed before it, else on top.
      const rank = mvt.indexOf(entry);
      const at = (list: Bound[]) => list.map((b) => viewer.imageryLayers.indexOf(b.globeLayer));
      const below = at(bound.filter((b) => mvt.indexOf(b.entry) > rank));
      const above = at(bound.filter((b) => mvt.indexOf(b.entry) < rank));
      const index =
        below.length > 0 ? Math.max(...below) + 1 : above.length > 0 ? Math.min(...above) : undefined;
      viewer.imageryLayers.add(globeLayer, index);
      bound.push({ ...partial, provider, globeLayer, removeListener: listen(partial, provider) });
      bound.sort((a, b) => mvt.indexOf(a.entry) - mvt.indexOf(b.entry));
      store.getState().setVectorMetadata(entry.id, metadata);
      store.getState().setLayerStatus(entry.id, 'ready');
      syncTilesets();
    };
    for (const entry of mvt)
      addToGlobe(entry).catch((e: unknown) => {
        if (!disposed) store.getState().setLayerStatus(entry.id, 'failed', describeError(e));
      });

    /** New providers for the layers whose picture depends on what changed. */
    const restyle = (which: (b: Bound) => boolean) => {
      for (const b of bound) {
        if (!which(b)) continue;
        const index = viewer.imageryLayers.indexOf(b.globeLayer);
        b.removeListener();
        viewer.imageryLayers.remove(b.globeLayer, true);
        b.provider = makeProvider(b);
        b.removeListener = listen(b, b.provider);
        b.globeLayer = new ImageryLayer(b.provider, {});
        viewer.imageryLayers.add(b.globeLayer, index);
      }
      syncTilesets();
    };

    const unsubscribe = store.subscribe((s, prev) => {
      if (s.ocs2dNomenclature !== prev.ocs2dNomenclature) restyle((b) => b.entry.source.layer === 'ocs2d');
      if (s.changeClasses !== prev.changeClasses || s.minConfidence !== prev.minConfidence)
        restyle((b) => b.entry.source.layer !== 'ocs2d');
      if (s.layers !== prev.layers || s.vintage !== prev.vintage || s.compare !== prev.compare) applyState();
    });
    const removeAdded = viewer.scene.primitives.primitiveAdded.addEventListener(() => {
      // The tileset's own collection exists once it is added; wait for the frame it joins.
      setTimeout(syncTilesets, 0);
    });

    // Picking: the topmost visible vector layer with a shown feature under the click.
    let clickSeq = 0;
    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    handler.setInputAction((click: { position: Cartesian2 }) => {
      // A building drawn under the click (buildings-picking.ts) comes before the ground's polygon.
      const building = pickBuilding(viewer.scene, click.position);
      if (building) {
        ++clickSeq;
        store.getState().setPicked(null, 'searching');
        store.getState().setPicked(building);
        return;
      }
      const at = pickLonLat(viewer, click.position);
      const sides = selectLayerSides(store.getState());
      const visible = bound.filter(
        (b) => store.getState().layers[b.entry.id]?.visible && sides[b.entry.id] !== 'hidden',
      );
      if (!at || visible.length === 0) return;
      const seq = ++clickSeq;
      const [lon, lat] = at;
      store.getState().setPicked(null, 'searching');
      const layers = visible.map((b) => b.entry);
      pickFeature(layers, lon, lat, vectorStyleOf(store.getState())).then(
        (picked) => {
          if (seq === clickSeq && !disposed) store.getState().setPicked(picked);
        },
        () => {
          if (seq === clickSeq && !disposed) store.getState().setPicked(null, 'none');
        },
      );
    }, ScreenSpaceEventType.LEFT_CLICK);

    const hook: TwinVectorTestHook = {
      canvasPointOf: (lon, lat) => {
        if (viewer.isDestroyed()) return null;
        const p = SceneTransforms.worldToWindowCoordinates(viewer.scene, Cartesian3.fromDegrees(lon, lat, 0));
        return p ? [p.x, p.y] : null;
      },
      vectorLayerCount: () => {
        let n = bound.length;
        for (const list of tilesetLayers.values()) n += list.length;
        return n;
      },
    };
    window.__twinVector = hook;

    return () => {
      disposed = true;
      unsubscribe();
      removeAdded();
      handler.destroy();
      if (window.__twinVector === hook) delete window.__twinVector;
      for (const b of bound) {
        b.removeListener();
        if (!viewer.isDestroyed()) viewer.imageryLayers.remove(b.globeLayer, true);
      }
      for (const [t, list] of tilesetLayers)
        if (!t.isDestroyed()) for (const l of list) t.imageryLayers.remove(l, true);
    };
  }, [viewer, entries]);

  return null;
}
