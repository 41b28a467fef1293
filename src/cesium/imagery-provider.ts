/**
 * Imagery providers for the catalog's orthoimagery entries (XYZ pyramid, WMTS, WMS).
 */
import {
  type ImageryLayer,
  type ImageryProvider,
  UrlTemplateImageryProvider,
  WebMapServiceImageryProvider,
  WebMapTileServiceImageryProvider,
  WebMercatorTilingScheme,
} from 'cesium';
import type { ImagerySource, OrthoLayerEntry } from '../../format/catalog';
import { bboxToTileRange, tileRangeCount } from '../../format/grid';
import { textCredit } from './credit';
import { bboxToRectangle } from './rectangle';

/**
 * Largest number of tiles at a pyramid's `minZoom` that may be requested at once. Cesium asks a
 * provider for `minimumLevel` tiles however far out the camera is (its docs ask for "four or
 * less"); a regional z14 pyramid has ~10⁴ of them.
 */
export const MAX_TILES_AT_MIN_ZOOM = 64;

/** A 1×1 transparent image, standing for "nothing at this level". */
let emptyTile: HTMLCanvasElement | undefined;
function getEmptyTile(): HTMLCanvasElement {
  if (!emptyTile) {
    emptyTile = document.createElement('canvas');
    emptyTile.width = 1;
    emptyTile.height = 1;
  }
  return emptyTile;
}

/**
 * Makes `provider` answer levels below its `minimumLevel` with an empty tile, without a request.
 * Cesium only asks for such levels after a tile failed: it then walks up the parents to find
 * imagery to show, one request per level down to level 0, each for a tile that does not exist.
 */
export function answerLevelsBelowMinimum<T extends ImageryProvider>(provider: T): T {
  const minimumLevel = provider.minimumLevel;
  if (!minimumLevel) return provider;
  const request = provider.requestImage.bind(provider);
  provider.requestImage = (x, y, level, req) =>
    level < minimumLevel ? Promise.resolve(getEmptyTile()) : request(x, y, level, req);
  return provider;
}

/**
 * The provider for one orthoimagery entry. Levels and extent come from the entry so Cesium never
 * asks for tiles the pyramid does not have; feature picking is off (no GetFeatureInfo requests).
 *
 * @throws Error from Cesium when the options are unusable (the caller marks the layer failed)
 */
export function createImageryProvider(entry: OrthoLayerEntry): ImageryProvider {
  return answerLevelsBelowMinimum(createProvider(entry));
}

function createProvider(entry: OrthoLayerEntry): ImageryProvider {
  const s = entry.source;
  const common = {
    ...(s.bounds ? { rectangle: bboxToRectangle(s.bounds) } : {}),
    ...(s.minZoom !== undefined ? { minimumLevel: s.minZoom } : {}),
    ...(s.maxZoom !== undefined ? { maximumLevel: s.maxZoom } : {}),
    ...(entry.attribution ? { credit: textCredit(entry.attribution) } : {}),
  };
  switch (s.type) {
    case 'xyz':
      return new UrlTemplateImageryProvider({
        ...common,
        url: s.url,
        tilingScheme: new WebMercatorTilingScheme(),
        enablePickFeatures: false,
      });
    case 'wmts':
      return new WebMapTileServiceImageryProvider({
        ...common,
        url: s.url,
        layer: s.layer,
        style: s.style,
        format: s.format,
        tileMatrixSetID: s.tileMatrixSet,
        ...(s.tileMatrixLabels ? { tileMatrixLabels: s.tileMatrixLabels } : {}),
        tilingScheme: new WebMercatorTilingScheme(),
        enablePickFeatures: false,
      });
    case 'wms':
      return new WebMapServiceImageryProvider({
        ...common,
        url: s.url,
        layers: s.layers,
        parameters: {
          format: s.format,
          styles: s.styles,
          ...(s.transparent !== undefined ? { transparent: s.transparent } : {}),
        },
        enablePickFeatures: false,
      });
  }
}

/**
 * Layer options that keep a pyramid with a high `minZoom` from flooding the network when the
 * camera is far: if more than {@link MAX_TILES_AT_MIN_ZOOM} tiles exist at `minZoom`, the layer
 * is only drawn on terrain tiles fine enough (a terrain level L tile spans about one imagery
 * level L+1 tile, and Cesium picks imagery one or two levels finer than the terrain).
 */
export function imageryLayerOptions(source: ImagerySource): ImageryLayer.ConstructorOptions {
  const minZoom = source.minZoom ?? 0;
  if (minZoom === 0) return {};
  const extent = source.bounds ?? ([-180, -85, 180, 85] as const);
  const count = tileRangeCount(bboxToTileRange(extent, minZoom));
  return count > MAX_TILES_AT_MIN_ZOOM ? { minimumTerrainLevel: Math.max(0, minZoom - 3) } : {};
}
