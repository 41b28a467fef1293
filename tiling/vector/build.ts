/**
 * The `tiling vector` stages composed: prepared features -> WGS 84 features per tile layer ->
 * tiles + the pyramid's metadata (TileJSON 3.0 with the legend). Pure.
 */
import type { Feature } from 'geojson';
import { OCS2D_TABLES_ATTRIBUTION } from '../ocs2d';
import { createCrsTransform } from '../reproject';
import { heatCellFeature, heatGrid } from './heat';
import { LAYER_NAMES, type VectorOptions } from './options';
import { type Legend, type PreparedLayer, toLonLatFeature } from './prepare';
import { type LonLatBounds, lonLatBounds, type VectorTile, vectorTiles } from './tiles';

/** Fields of each tile layer, TileJSON style (name -> type). */
const FIELDS: Record<string, Record<string, string>> = {
  [LAYER_NAMES.ocs2d]: {
    id: 'String',
    cs: 'String',
    us: 'String',
    p4: 'Number',
    p21: 'Number',
    enaf: 'String',
    millesime: 'Number',
    area_m2: 'Number',
  },
  [LAYER_NAMES.changes]: {
    id: 'String',
    class_code: 'String',
    confidence: 'Number',
    date_before: 'String',
    date_after: 'String',
    model_version: 'String',
    millesime: 'Number',
    area_m2: 'Number',
  },
  [LAYER_NAMES.heat]: { id: 'String', ha: 'Number', 'ha_<class_code>': 'Number' },
};

/** The pyramid's `metadata.json`: TileJSON 3.0.0 plus the twin's members (kind, legend, stats). */
export interface VectorMetadata {
  readonly tilejson: '3.0.0';
  readonly name: string;
  readonly kind: VectorOptions['kind'];
  readonly vintage?: number;
  readonly tiles: readonly string[];
  readonly format: 'pbf';
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly bounds: LonLatBounds;
  readonly vector_layers: readonly {
    id: string;
    fields: Record<string, string>;
    minzoom: number;
    maxzoom: number;
  }[];
  readonly attribution: string;
  readonly legend: Legend;
  /** Feature count and total Lambert-93 area (m²) of the main layer. */
  readonly features: number;
  readonly areaM2: number;
  /** Changes only: the heat grid's cell size (m), confidence threshold and largest cell value (ha). */
  readonly heat?: { cellMetres: number; minConfidence: number; cells: number; maxHectares: number };
}

/** What {@link buildVectorPyramid} returns: the tiles (lazily) and the metadata. */
export interface VectorPyramid {
  readonly metadata: VectorMetadata;
  readonly tiles: Iterable<VectorTile>;
}

/** Builds the pyramid of one prepared layer. `name` goes into the metadata (e.g. "ocs2d-2021"). */
export function buildVectorPyramid(
  name: string,
  layer: PreparedLayer,
  options: Pick<
    VectorOptions,
    'kind' | 'minZoom' | 'maxZoom' | 'vintage' | 'cellMetres' | 'heatMinConfidence'
  >,
): VectorPyramid {
  const t = createCrsTransform(2154);
  const toLonLat = (x: number, y: number) => t.toLonLat(x, y);
  const main = layer.features.map((f) => toLonLatFeature(f, toLonLat));
  const layers: Record<string, Feature[]> = {};
  let heat: VectorMetadata['heat'];
  if (options.kind === 'ocs2d') layers[LAYER_NAMES.ocs2d] = main;
  else {
    layers[LAYER_NAMES.changes] = main;
    const cells = heatGrid(layer.features, options.cellMetres, options.heatMinConfidence);
    layers[LAYER_NAMES.heat] = cells.map((c) =>
      toLonLatFeature(heatCellFeature(c, options.cellMetres), toLonLat),
    );
    heat = {
      cellMetres: options.cellMetres,
      minConfidence: options.heatMinConfidence,
      cells: cells.length,
      maxHectares: cells.reduce((m, c) => Math.max(m, c.hectares), 0),
    };
  }
  const bounds = lonLatBounds(main).map((v) => Math.round(v * 1e7) / 1e7) as LonLatBounds;
  const names = Object.keys(layers);
  const metadata: VectorMetadata = {
    tilejson: '3.0.0',
    name,
    kind: options.kind,
    ...(options.vintage !== undefined ? { vintage: options.vintage } : {}),
    tiles: ['{z}/{x}/{y}.pbf'],
    format: 'pbf',
    minzoom: options.minZoom,
    maxzoom: options.maxZoom,
    bounds,
    vector_layers: names.map((id) => ({
      id,
      fields: FIELDS[id] ?? {},
      minzoom: options.minZoom,
      maxzoom: options.maxZoom,
    })),
    attribution: options.kind === 'ocs2d' ? OCS2D_TABLES_ATTRIBUTION : 'Détection de changements (IA)',
    legend: layer.legend,
    features: layer.features.length,
    areaM2: layer.areaM2,
    ...(heat ? { heat } : {}),
  };
  return {
    metadata,
    tiles: { [Symbol.iterator]: () => vectorTiles(layers, { ...options, bounds }) },
  };
}
