/**
 * What a pyramid folder of the twin says about itself:
 * - the ortho pyramid's `tilejson.json` (TileJSON 3.0.0, written by tiling/write/tilejson.ts;
 *   the viewer's catalog gives CesiumJS its tiles template, minzoom, maxzoom and bounds);
 * - a vector pyramid's `metadata.json` (TileJSON 3.0.0 plus the twin's members: kind, legend,
 *   counts, heat grid), written by `tiling vector` (tiling/vector/build.ts) and read by the viewer
 *   (src/cesium/vector-layers.tsx checks {@link VectorMetadata}, the members it relies on).
 */

/** `[west, south, east, north]` in degrees (WGS 84), as TileJSON writes bounds. */
export type TileJsonBounds = [west: number, south: number, east: number, north: number];

/** The ortho pyramid's `tilejson.json`. */
export interface PyramidTileJson {
  readonly tilejson: '3.0.0';
  readonly name: string;
  readonly description?: string;
  readonly version: string;
  readonly attribution: string;
  readonly scheme: 'xyz';
  /** Tile URL templates; relative ones ("{z}/{x}/{y}.jpg") resolve against the TileJSON's URL. */
  readonly tiles: readonly string[];
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly bounds: TileJsonBounds;
  /** `[longitude, latitude, zoom]`. */
  readonly center: [lonDegrees: number, latDegrees: number, zoom: number];
}

/** What a vector pyramid holds: OCS2D land cover/use polygons, or AI change detections. */
export type VectorKind = 'ocs2d' | 'changes';
/** The kinds `tiling vector --kind` accepts. */
export const VECTOR_KINDS: readonly VectorKind[] = ['ocs2d', 'changes'];

/** One legend line: a class present in the data, its colour, feature count and Lambert-93 area. */
export interface VectorLegendEntry {
  readonly code: string;
  readonly label: string;
  readonly labelEn?: string;
  readonly colour: string;
  readonly count: number;
  readonly areaM2: number;
}

/** Legends by nomenclature (cs, us, p4, p21, enaf for OCS2D) or `class` (changes), as written. */
export type VectorLegend = Record<string, VectorLegendEntry[]>;

/** The heat grid of a change pyramid: cell size (m), confidence threshold, cells, largest cell (ha). */
export interface VectorHeatSummary {
  readonly cellMetres: number;
  readonly minConfidence: number;
  readonly cells: number;
  readonly maxHectares: number;
}

/** The members of a vector `metadata.json` every reader relies on (plain data). */
export interface VectorMetadata {
  readonly kind: VectorKind;
  readonly vintage?: number;
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly bounds: readonly [number, number, number, number];
  readonly attribution?: string;
  /** Legend groups: cs, us, p4, p21, enaf (OCS2D) or class (changes); classes present only. */
  readonly legend: Readonly<Record<string, readonly VectorLegendEntry[]>>;
  readonly heat?: Omit<VectorHeatSummary, 'cells'> & { readonly cells?: number };
}

/** A vector pyramid's whole `metadata.json` as `tiling vector` writes it. */
export interface VectorPyramidMetadata extends VectorMetadata {
  readonly tilejson: '3.0.0';
  readonly name: string;
  readonly tiles: readonly string[];
  readonly format: 'pbf';
  readonly bounds: TileJsonBounds;
  readonly vector_layers: readonly {
    id: string;
    fields: Record<string, string>;
    minzoom: number;
    maxzoom: number;
  }[];
  readonly attribution: string;
  readonly legend: VectorLegend;
  /** Feature count and total Lambert-93 area (m²) of the main layer. */
  readonly features: number;
  readonly areaM2: number;
  /** Changes only. */
  readonly heat?: VectorHeatSummary;
}
