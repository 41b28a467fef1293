/**
 * The `tiling vector` stages composed: prepared features -> WGS 84 features per tile layer ->
 * tiles + the pyramid's metadata (TileJSON 3.0 with the legend; its shape: format/tile-metadata.ts). Pure.
 */
import type { Feature } from 'geojson';
import { OCS2D_TABLES_ATTRIBUTION } from '../../format/ocs2d';
import type { VectorPyramidMetadata } from '../../format/tile-metadata';
import { createCrsTransform } from '../reproject';
import { heatCellFeature, heatGrid } from './heat';
import { LAYER_NAMES, type VectorOptions } from './options';
import { type PreparedLayer, toLonLatFeature } from './prepare';
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

/** What {@link buildVectorPyramid} returns: the tiles (lazily) and the metadata. */
export interface VectorPyramid {
  readonly metadata: VectorPyramidMetadata;
  readonly tiles: Iterable<VectorTile>;
  /** The WGS 84 features of each tile layer, in tile order (the jobs of a batch cut them: ./plan.ts). */
  readonly layers: Readonly<Record<string, readonly Feature[]>>;
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
  let heat: VectorPyramidMetadata['heat'];
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
  const metadata: VectorPyramidMetadata = {
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
    layers,
  };
}
