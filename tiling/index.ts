/**
 * The tiling library: PCRS dalles -> WebMercatorQuad imagery pyramid. Each stage is imported
 * through its folder's index; this file gathers what callers outside tiling/ use.
 */

export * from '../format/grid';
export * from './core';
export * from './ortho';
export type {
  Calibration,
  Mosaic,
  MosaicDalle,
  PlanEstimate,
  PlanOptions,
  TileJob,
  TilingPlan,
} from './plan';
export { estimatePlan, formatPlan, PLAN_DEFAULTS, planPyramid } from './plan';
