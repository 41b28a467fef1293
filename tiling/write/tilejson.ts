/**
 * TileJSON 3.0.0 of a pyramid (`tilejson.json`), for MapLibre/OpenLayers and for the viewer's
 * catalog (CesiumJS's UrlTemplateImageryProvider takes its tiles template, minzoom, maxzoom and
 * bounds). Deterministic: no date, no random id. Its shape: format/tile-metadata.ts.
 */
import type { PyramidTileJson } from '../../format/tile-metadata';
import type { Extent } from '../core';

/** What the TileJSON says. */
export interface TileJsonOptions {
  name: string;
  /** Tile URL template; relative ("{z}/{x}/{y}.jpg") resolves against the TileJSON's own URL. */
  tiles: string;
  minZoom: number;
  maxZoom: number;
  /** Data extent in degrees. */
  boundsLonLat: Extent;
  attribution: string;
  description?: string;
}

/** Rounds degrees to 1e-9 (0.1 mm): stable text, no float noise. */
function deg(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

/** The TileJSON 3.0.0 document. */
export function buildTileJson(o: TileJsonOptions): PyramidTileJson {
  const b = o.boundsLonLat;
  return {
    tilejson: '3.0.0',
    name: o.name,
    ...(o.description ? { description: o.description } : {}),
    version: '1.0.0',
    attribution: o.attribution,
    scheme: 'xyz',
    tiles: [o.tiles],
    minzoom: o.minZoom,
    maxzoom: o.maxZoom,
    bounds: [deg(b.minX), deg(b.minY), deg(b.maxX), deg(b.maxY)],
    center: [deg((b.minX + b.maxX) / 2), deg((b.minY + b.maxY) / 2), Math.min(o.maxZoom, o.minZoom + 2)],
  };
}

/** The TileJSON as file text (2-space indented, final newline). */
export function tileJsonText(o: TileJsonOptions): string {
  return `${JSON.stringify(buildTileJson(o), null, 2)}\n`;
}
