/**
 * The console's preview before publishing: the selected batch's new pyramid as an imagery layer
 * (once its tilejson.json is written) and, when the swipe is on, the published pyramid of the
 * same (or previous) vintage on the right of the divider (store: consolePreview, consoleSplit),
 * with `scene.splitPosition` following the divider.
 */
import {
  ImageryLayer,
  Rectangle,
  SplitDirection,
  UrlTemplateImageryProvider,
  WebMercatorTilingScheme,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { useTwinStore } from '../stores';
import { answerLevelsBelowMinimum } from './imagery-provider';

interface TileJson {
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds?: [number, number, number, number];
}

async function layerOf(base: string, signal: AbortSignal): Promise<ImageryLayer | null> {
  const res = await fetch(`${base}tilejson.json`, { signal, cache: 'no-cache' });
  if (!res.ok) return null;
  const tj = (await res.json()) as TileJson;
  const b = tj.bounds ?? [-180, -85, 180, 85];
  const provider = new UrlTemplateImageryProvider({
    url: `${base}${tj.tiles[0] ?? '{z}/{x}/{y}.jpg'}`,
    tilingScheme: new WebMercatorTilingScheme(),
    minimumLevel: tj.minzoom,
    maximumLevel: tj.maxzoom,
    rectangle: Rectangle.fromDegrees(b[0], b[1], b[2], b[3]),
    enablePickFeatures: false,
  });
  // Levels above the pyramid are answered empty, without a request (imagery-provider.ts).
  return new ImageryLayer(answerLevelsBelowMinimum(provider));
}

export function ConsolePreview(): null {
  const { viewer } = useCesium();
  const batch = useTwinStore((s) => s.consoleBatches.find((b) => b.id === s.consoleSelected) ?? null);
  const complete = batch?.status.state === 'complete';
  const outUrl = batch?.outUrl ?? null;
  const publishedUrl = batch?.publishedUrl ?? null;
  const preview = useTwinStore((s) => s.consolePreview);
  useEffect(() => {
    if (!viewer || !outUrl || !complete) return;
    const abort = new AbortController();
    const added: ImageryLayer[] = [];
    void (async () => {
      try {
        const fresh = await layerOf(outUrl, abort.signal);
        const published = preview && publishedUrl ? await layerOf(publishedUrl, abort.signal) : null;
        if (abort.signal.aborted || viewer.isDestroyed()) return;
        if (published) {
          published.splitDirection = SplitDirection.RIGHT;
          viewer.imageryLayers.add(published);
          added.push(published);
        }
        if (fresh) {
          fresh.splitDirection = preview ? SplitDirection.LEFT : SplitDirection.NONE;
          viewer.imageryLayers.add(fresh);
          added.push(fresh);
        }
        viewer.scene.requestRender();
      } catch {
        // aborted, or the pyramid is not served: nothing to preview
      }
    })();
    return () => {
      abort.abort();
      if (!viewer.isDestroyed()) for (const l of added) viewer.imageryLayers.remove(l, true);
    };
  }, [viewer, outUrl, publishedUrl, preview, complete]);
  useEffect(() => {
    if (!viewer) return;
    const apply = (x: number) => {
      if (viewer.isDestroyed()) return;
      viewer.scene.splitPosition = x;
      viewer.scene.requestRender();
    };
    apply(useTwinStore.getState().consoleSplit);
    return useTwinStore.subscribe((s, prev) => {
      if (s.consoleSplit !== prev.consoleSplit) apply(s.consoleSplit);
    });
  }, [viewer]);
  return null;
}
