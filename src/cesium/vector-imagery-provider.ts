/**
 * A Cesium imagery provider that paints the twin's vector tiles (OCS2D, changes, heat grid) into
 * 256 px canvases in the user's style. Being imagery, the layer drapes on the globe's terrain,
 * joins a tileset's `imageryLayers` (3D tiles) and takes part in the compare swipe; picking is
 * answered from the vector data (vector-tiles.ts), not from pixels.
 */
import {
  Credit,
  DefaultProxy,
  Event,
  type ImageryLayerFeatureInfo,
  type ImageryProvider,
  type ImageryTypes,
  type Rectangle,
  type TileDiscardPolicy,
  WebMercatorTilingScheme,
} from 'cesium';
import type { TileAddress } from '../../format/grid';
import { textCredit } from './credit';
import { bboxToRectangle } from './rectangle';
import { colourTable, featureFill, type VectorMetadata, type VectorStyle } from './vector-style';
import { traceRings, type VectorTileSource } from './vector-tiles';

/** Levels drawn past the pyramid's finest one by scaling its tiles (vectors stay sharp). */
export const OVERZOOM_LEVELS = 6;
const TILE_PX = 256;

/** Options of {@link VectorImageryProvider}. */
export interface VectorImageryProviderOptions {
  readonly source: VectorTileSource;
  /** Tile layer painted: `ocs2d`, `changes` or `heat`. */
  readonly tileLayer: string;
  readonly metadata: VectorMetadata;
  readonly style: VectorStyle;
  readonly attribution?: string | undefined;
}

let empty: HTMLCanvasElement | undefined;
function emptyTile(): HTMLCanvasElement {
  if (!empty) {
    empty = document.createElement('canvas');
    empty.width = 1;
    empty.height = 1;
  }
  return empty;
}

/**
 * Imagery from vector tiles. Cesium's `ImageryProvider` is an interface in practice (its
 * constructor throws), so this class implements its members. A new style means a new provider:
 * Cesium caches imagery per provider.
 */
export class VectorImageryProvider {
  readonly tilingScheme = new WebMercatorTilingScheme();
  readonly rectangle: Rectangle;
  readonly tileWidth = TILE_PX;
  readonly tileHeight = TILE_PX;
  readonly minimumLevel: number;
  readonly maximumLevel: number;
  readonly tileDiscardPolicy = undefined as unknown as TileDiscardPolicy;
  readonly errorEvent = new Event();
  readonly credit: Credit;
  readonly proxy = new DefaultProxy('');
  readonly hasAlphaChannel = true;
  private readonly colours: Map<string, string>;
  private readonly cellHectares: number;

  constructor(private readonly options: VectorImageryProviderOptions) {
    const { metadata, source } = options;
    this.rectangle = bboxToRectangle(metadata.bounds);
    this.minimumLevel = source.minZoom;
    this.maximumLevel = source.maxZoom + OVERZOOM_LEVELS;
    const group = options.tileLayer === 'ocs2d' ? options.style.nomenclature : 'class';
    this.colours = colourTable(metadata.legend[group]);
    const cell = metadata.heat?.cellMetres ?? 100;
    this.cellHectares = (cell * cell) / 10_000;
    this.credit = options.attribution ? textCredit(options.attribution) : new Credit('');
  }

  getTileCredits(): Credit[] {
    return [];
  }

  /** Paints tile (x, y, level); levels past the pyramid's finest scale its ancestor tile. */
  requestImage(x: number, y: number, level: number): Promise<ImageryTypes> {
    return this.paint({ z: level, x, y });
  }

  pickFeatures(): Promise<ImageryLayerFeatureInfo[]> | undefined {
    // Picking goes through the vector data (vector-layers.tsx), with the same filters.
    return undefined;
  }

  private async paint(t: TileAddress): Promise<HTMLCanvasElement> {
    const { source, tileLayer, style } = this.options;
    if (t.z < source.minZoom) return emptyTile();
    const dz = Math.max(0, t.z - source.maxZoom);
    const parent = { z: t.z - dz, x: t.x >> dz, y: t.y >> dz };
    const tile = await source.getTile(parent);
    const layer = tile?.layers[tileLayer];
    if (!layer || layer.length === 0) return emptyTile();
    const canvas = document.createElement('canvas');
    canvas.width = TILE_PX;
    canvas.height = TILE_PX;
    const ctx = canvas.getContext('2d');
    if (!ctx) return emptyTile();
    const scale = (TILE_PX / layer.extent) * 2 ** dz;
    const offsetX = (t.x - (parent.x << dz)) * TILE_PX;
    const offsetY = (t.y - (parent.y << dz)) * TILE_PX;
    ctx.setTransform(scale, 0, 0, scale, -offsetX, -offsetY);
    // Outlines only where polygons are big enough on screen for them to help.
    const outline = tileLayer !== 'heat' && t.z >= 15;
    ctx.lineWidth = (tileLayer === 'changes' ? 2 : 0.6) / scale;
    ctx.lineJoin = 'round';
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      if (f.type !== 3) continue;
      const fill = featureFill(tileLayer, f.properties, style, this.colours, this.cellHectares);
      if (fill === null) continue;
      ctx.beginPath();
      traceRings(ctx, f);
      ctx.fillStyle = fill;
      ctx.fill('evenodd');
      if (outline) {
        ctx.strokeStyle = tileLayer === 'changes' ? fill : 'rgba(40,40,40,0.45)';
        ctx.stroke();
      }
    }
    return canvas;
  }
}

/** The provider typed as Cesium's interface. */
export function createVectorImageryProvider(options: VectorImageryProviderOptions): ImageryProvider {
  return new VectorImageryProvider(options) as unknown as ImageryProvider;
}
