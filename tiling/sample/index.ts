/**
 * The sample twin generator: a deterministic synthetic area near Lille (Villeneuve-d'Ascq fringe)
 * that looks like the real inputs: PCRS-like dalles of two vintages, a 1 m DEM, OCS2D polygons
 * with real codes, and AI-style change detections. See docs/sample.md.
 *
 * Pure parts (scene, painting, DEM, GeoJSON) are exported for tests and tools; `writeSample` is the
 * I/O entry point used by `tiling sample`.
 */
export { CHANGE_LABELS, DETECTION_MODEL_VERSION, type Detection, detectChanges } from './changes';
export { LAND, type LandRole, type LandType, PAINT, type PaintKind, type PaintSpec } from './codes';
export { altitude, DEM_NODATA, DEM_TILE_METRES, type DemTile, demTiles, demTileValues } from './dem';
export {
  CRS_2154,
  changesFeatureCollection,
  closedRingArea,
  type FeatureCollectionObject,
  featureCollectionText,
  ocs2dFeatureCollection,
} from './geojson';
export { buildManifest, type SampleManifest, wgs84Box } from './manifest';
export {
  dalleName,
  MAX_SIZE_METRES,
  NAME,
  SAMPLE_DEFAULTS,
  SAMPLE_GENERATOR_VERSION,
  SAMPLE_LAYOUT,
  type SampleOptions,
  sampleExtent,
  validateSampleOptions,
} from './options';
export { DALLE_METRES, DALLE_PIXELS, DallePainter, type PaintInput, PIXEL_METRES } from './paint';
export { paintInputFor } from './paint-input';
export { type PixelGrid, rasteriseLabel, scanPolygon } from './rasterise';
export {
  type ChangeKind,
  generateScene,
  SAMPLE_ORIGIN,
  SAMPLE_VINTAGES,
  type Scene,
  type SceneChange,
  type ScenePolygon,
  type SceneVintage,
} from './scene';
export {
  type WriteSampleOptions,
  type WriteSampleResult,
  type WrittenFile,
  writeSample,
} from './write-sample';
