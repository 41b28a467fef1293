import {
  Color,
  ColorMaterialProperty,
  ConstantProperty,
  type DataSource,
  GeoJsonDataSource,
  type Viewer,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useShallow } from 'zustand/react/shallow';
import type { WfsLayerEntry } from '../../format/catalog';
import type { Bbox } from '../../format/grid';
import { loadWfsFeaturesInBbox } from '../ogc';
import { type TwinState, useTwinStore } from '../stores';
import { describeError } from './errors';
import { rectangleToBbox, viewRectangle } from './rectangle';

const selectWfsEntries = (s: TwinState): WfsLayerEntry[] =>
  s.catalog.status === 'loaded'
    ? s.catalog.catalog.layers.filter(
        (l): l is WfsLayerEntry =>
          l.kind !== 'orthoimagery' && l.kind !== '3dtiles' && l.source.type === 'wfs',
      )
    : [];

/** Wait this long after the camera stops before asking the service (ms). */
const SETTLE_MS = 300;
/** Outline colour of WFS features (territories: a light yellow that reads on orthophotos). */
const STROKE = Color.fromCssColorString('#ffd166');

/** The Web Mercator zoom level whose tiles match the view's width on the canvas. */
export function viewZoom(view: Bbox, canvasWidthPx: number): number {
  const widthDegrees = Math.max(1e-9, view[2] - view[0]);
  return Math.log2((360 * Math.max(1, canvasWidthPx)) / (256 * widthDegrees));
}

function styleEntities(source: DataSource, opacity: number) {
  const stroke = new ConstantProperty(STROKE.withAlpha(opacity));
  const fill = new ColorMaterialProperty(STROKE.withAlpha(0.12 * opacity));
  const line = new ColorMaterialProperty(STROKE.withAlpha(opacity));
  const outline = new ConstantProperty(true);
  for (const e of source.entities.values) {
    if (e.polygon) {
      e.polygon.material = fill;
      e.polygon.outlineColor = stroke;
      e.polygon.outline = outline;
    }
    if (e.polyline) e.polyline.material = line;
  }
}

interface Bound {
  readonly entry: WfsLayerEntry;
  source: DataSource | null;
  controller: AbortController | null;
  loadedView: string;
}

/**
 * Draws the catalog's WFS layers: after each camera move, the features inside the view only,
 * page by page (src/ogc/wfs-loader.ts), replacing the previous view's; nothing when the view is
 * wider than the layer's `minZoom` (marked "zoom in"). A failing service marks its row failed.
 */
export function WfsLayers(): null {
  const { viewer } = useCesium();
  const entries = useTwinStore(useShallow(selectWfsEntries));

  useEffect(() => {
    if (!viewer || entries.length === 0) return;
    const store = useTwinStore;
    const bound: Bound[] = entries.map((entry) => ({
      entry,
      source: null,
      controller: null,
      loadedView: '',
    }));
    let timer: ReturnType<typeof setTimeout> | undefined;

    const drop = (b: Bound, v: Viewer) => {
      b.controller?.abort();
      b.controller = null;
      if (b.source && !v.isDestroyed()) v.dataSources.remove(b.source, true);
      b.source = null;
      b.loadedView = '';
    };

    const refresh = () => {
      if (viewer.isDestroyed()) return;
      const rect = viewRectangle(viewer.camera, viewer.scene);
      const view = rect ? rectangleToBbox(rect) : null;
      for (const b of bound) {
        const state = store.getState().layers[b.entry.id];
        if (!state?.visible || !view) {
          if (b.source) b.source.show = false;
          continue;
        }
        const { source: s } = b.entry;
        if (viewZoom(view, viewer.scene.canvas.clientWidth) < s.minZoom) {
          drop(b, viewer);
          store.getState().setLayerStatus(b.entry.id, 'tooFar');
          continue;
        }
        const key = view.map((v) => v.toFixed(5)).join(',');
        if (key === b.loadedView) {
          if (b.source) b.source.show = true;
          continue;
        }
        b.controller?.abort();
        const controller = new AbortController();
        b.controller = controller;
        store.getState().setLayerStatus(b.entry.id, 'loading');
        loadWfsFeaturesInBbox(
          {
            url: s.url,
            typeName: s.typeName,
            bbox: view,
            pageSize: s.pageSize,
            maxFeatures: s.maxFeatures,
            outputFormat: s.outputFormat,
          },
          { signal: controller.signal },
        )
          .then(async (result) => {
            const source = await GeoJsonDataSource.load(
              { type: 'FeatureCollection', features: result.features },
              { clampToGround: false },
            );
            if (controller.signal.aborted || viewer.isDestroyed()) return;
            if (b.source) viewer.dataSources.remove(b.source, true);
            styleEntities(source, store.getState().layers[b.entry.id]?.opacity ?? 1);
            await viewer.dataSources.add(source);
            b.source = source;
            b.loadedView = key;
            store.getState().setLayerFeatures(b.entry.id, result.features.length, result.truncated);
            viewer.scene.requestRender();
          })
          .catch((e: unknown) => {
            if (controller.signal.aborted) return;
            store.getState().setLayerStatus(b.entry.id, 'failed', describeError(e));
          });
      }
      viewer.scene.requestRender();
    };

    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, SETTLE_MS);
    };
    const removeMoveEnd = viewer.camera.moveEnd.addEventListener(schedule);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.layers === prev.layers) return;
      for (const b of bound) {
        const now = s.layers[b.entry.id];
        const before = prev.layers[b.entry.id];
        if (!now || !before) continue;
        if (now.visible !== before.visible) schedule();
        if (now.opacity !== before.opacity && b.source) {
          styleEntities(b.source, now.opacity);
          viewer.scene.requestRender();
        }
      }
    });
    schedule();
    return () => {
      clearTimeout(timer);
      removeMoveEnd();
      unsubscribe();
      for (const b of bound) drop(b, viewer);
    };
  }, [viewer, entries]);

  return null;
}
