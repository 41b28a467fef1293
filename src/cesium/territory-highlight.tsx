/**
 * Highlights on the globe the polygons of one cell of the transition matrix: where the earlier
 * vintage's OCS2D is of class `from` AND the later one's of class `to`, painted as imagery from
 * the two vintages' vector tiles (the earlier paints a mask, the later is drawn "source-in" it,
 * so only the overlay shows). With no tiles of the earlier vintage in the catalog, the later
 * vintage's class `to` is shown alone. Renders nothing.
 */
import {
  Credit,
  DefaultProxy,
  Event,
  ImageryLayer,
  type ImageryProvider,
  type ImageryTypes,
  type Rectangle,
  type TileDiscardPolicy,
  WebMercatorTilingScheme,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { MvtLayerEntry } from '../../format/catalog';
import type { TileAddress } from '../../format/grid';
import { type TransitionHighlight, type TwinState, useTwinStore } from '../stores';
import { bboxToRectangle } from './rectangle';
import { traceRings, VectorTileSource } from './vector-tiles';

const TILE_PX = 256;
const OVERZOOM = 6;
const HIGHLIGHT = 'rgba(255, 0, 200, 0.85)';

/** Read-only facts for browser tests (`window.__twinHighlight`). */
export interface TwinHighlightTestHook {
  /** "from>to" highlighted, or null. */
  shown(): string | null;
}
declare global {
  interface Window {
    __twinHighlight?: TwinHighlightTestHook;
  }
}

type Side = { readonly source: VectorTileSource; readonly code: string };

class TransitionImageryProvider {
  readonly tilingScheme = new WebMercatorTilingScheme();
  readonly rectangle: Rectangle;
  readonly tileWidth = TILE_PX;
  readonly tileHeight = TILE_PX;
  readonly minimumLevel: number;
  readonly maximumLevel: number;
  readonly tileDiscardPolicy = undefined as unknown as TileDiscardPolicy;
  readonly errorEvent = new Event();
  readonly credit = new Credit('');
  readonly proxy = new DefaultProxy('');
  readonly hasAlphaChannel = true;

  constructor(
    private readonly nomenclature: string,
    private readonly after: Side,
    private readonly before: Side | null,
    bounds: readonly [number, number, number, number],
  ) {
    this.rectangle = bboxToRectangle(bounds);
    this.minimumLevel = after.source.minZoom;
    this.maximumLevel = after.source.maxZoom + OVERZOOM;
  }
  getTileCredits(): Credit[] {
    return [];
  }
  requestImage(x: number, y: number, level: number): Promise<ImageryTypes> {
    return this.paint({ z: level, x, y });
  }
  pickFeatures(): undefined {
    return undefined;
  }

  /** Draws the features of `side` whose class is its code; false when the tile has none. */
  private async draw(ctx: CanvasRenderingContext2D, side: Side, t: TileAddress): Promise<boolean> {
    const { source, code } = side;
    const dz = Math.max(0, t.z - source.maxZoom);
    const parent = { z: t.z - dz, x: t.x >> dz, y: t.y >> dz };
    const layer = (await source.getTile(parent))?.layers.ocs2d;
    if (!layer) return false;
    const scale = (TILE_PX / layer.extent) * 2 ** dz;
    ctx.setTransform(
      scale,
      0,
      0,
      scale,
      -(t.x - (parent.x << dz)) * TILE_PX,
      -(t.y - (parent.y << dz)) * TILE_PX,
    );
    let any = false;
    ctx.beginPath();
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      if (f.type !== 3 || String(f.properties[this.nomenclature]) !== code) continue;
      any = true;
      traceRings(ctx, f);
    }
    ctx.fill('evenodd');
    return any;
  }

  private async paint(t: TileAddress): Promise<HTMLCanvasElement> {
    const canvas = document.createElement('canvas');
    canvas.width = TILE_PX;
    canvas.height = TILE_PX;
    const ctx = canvas.getContext('2d');
    if (!ctx || t.z < this.minimumLevel) return canvas;
    if (this.before) {
      ctx.fillStyle = '#000';
      if (!(await this.draw(ctx, this.before, t))) {
        ctx.clearRect(0, 0, TILE_PX, TILE_PX);
        return canvas;
      }
      ctx.globalCompositeOperation = 'source-in';
    }
    ctx.fillStyle = HIGHLIGHT;
    if (!(await this.draw(ctx, this.after, t))) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, TILE_PX, TILE_PX);
    }
    return canvas;
  }
}

const ocs2dOf = (s: TwinState, vintage: number): MvtLayerEntry | undefined =>
  s.catalog.status === 'loaded'
    ? (s.catalog.catalog.layers.find(
        (l) => l.kind === 'ocs2d' && l.source.type === 'mvt' && l.vintage === vintage,
      ) as MvtLayerEntry | undefined)
    : undefined;

const sourceOf = (e: MvtLayerEntry) => new VectorTileSource(e.source.url, e.source.minZoom, e.source.maxZoom);

/** See the file's summary. */
export function TerritoryHighlight(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    let layer: ImageryLayer | null = null;
    let shown: TransitionHighlight | null = null;
    const apply = () => {
      if (viewer.isDestroyed()) return;
      const s = useTwinStore.getState();
      const h = s.transitionHighlight;
      if (layer) viewer.imageryLayers.remove(layer, true);
      layer = null;
      shown = null;
      const after = h ? ocs2dOf(s, h.b) : undefined;
      if (h && after) {
        const before = ocs2dOf(s, h.a);
        const bounds = after.source.bounds ?? s.vectorMetadata[after.id]?.bounds;
        if (bounds) {
          const provider = new TransitionImageryProvider(
            h.nomenclature,
            { source: sourceOf(after), code: h.to },
            before ? { source: sourceOf(before), code: h.from } : null,
            bounds,
          );
          layer = new ImageryLayer(provider as unknown as ImageryProvider, {});
          viewer.imageryLayers.add(layer);
          shown = h;
        }
      }
      viewer.scene.requestRender();
    };
    const unsubscribe = useTwinStore.subscribe((s, prev) => {
      if (s.transitionHighlight !== prev.transitionHighlight || s.catalog !== prev.catalog) apply();
    });
    const hook: TwinHighlightTestHook = { shown: () => (shown ? `${shown.from}>${shown.to}` : null) };
    window.__twinHighlight = hook;
    return () => {
      unsubscribe();
      if (window.__twinHighlight === hook) delete window.__twinHighlight;
      if (layer && !viewer.isDestroyed()) viewer.imageryLayers.remove(layer, true);
    };
  }, [viewer]);
  return null;
}
