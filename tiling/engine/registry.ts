/**
 * The registry of products: the one place that names the module holding each product's job
 * handler. A product asks for `handlerSpec('ortho', config)` and gets the spec any engine runs
 * (worker threads, the main thread, BullMQ worker processes); the engine itself imports no
 * product, it only imports the module named here, in the worker that needs it.
 *
 * Module names are relative to the tiling package ("ortho/handler"), never file URLs of the
 * machine that enqueued: in a distributed batch each worker resolves them against its own copy of
 * the code (same version on every machine; the plan fingerprint guards the data).
 */
import type { JobHandlerSpec } from './types';

/** Product name -> module (relative to tiling/, no extension) and export of its handler factory. */
export const PRODUCT_HANDLERS = {
  /** The imagery pyramid (tiling/ortho). */
  ortho: { module: 'ortho/handler', exportName: 'createTileJobHandler' },
  /** The ortho-textured terrain mesh, 3D Tiles 1.1 (tiling/tiles3d). */
  tiles3d: { module: 'tiles3d/handler', exportName: 'createMeshJobHandler' },
  /** Quantized-mesh terrain for CesiumJS's globe (tiling/terrain). */
  terrain: { module: 'terrain/handler', exportName: 'createTerrainJobHandler' },
  /** LoD1.2 buildings, 3D Tiles 1.1 (tiling/buildings). */
  buildings: { module: 'buildings/handler', exportName: 'createBuildingsJobHandler' },
  /** OCS2D and change detections, Mapbox Vector Tiles (tiling/vector). */
  vector: { module: 'vector/handler', exportName: 'createVectorJobHandler' },
  /** Jobs that do nothing (no product): the coordinator's bench and the engine's tests. */
  noop: { module: 'engine/noop-handler', exportName: 'createNoopJobHandler' },
} as const;

/**
 * Product name -> module and export of its `BatchResumer` (engine/bullmq/product-batch.ts): how
 * `tiling resume --batch <id>` coordinates a distributed batch of that product again from what
 * Redis holds. The batch's handler spec says its product (`productOfSpec`).
 */
export const PRODUCT_BATCHES: Partial<Record<ProductName, { module: string; exportName: string }>> = {
  ortho: { module: 'ortho/batch', exportName: 'resumeOrthoBatch' },
  tiles3d: { module: 'tiles3d/batch', exportName: 'resume3dBatch' },
  terrain: { module: 'terrain/batch', exportName: 'resumeTerrainBatch' },
  buildings: { module: 'buildings/batch', exportName: 'resumeBuildingsBatch' },
  vector: { module: 'vector/batch', exportName: 'resumeVectorBatch' },
};

/** The product whose handler a spec names ("ortho/handler" -> "ortho"), or null. */
export function productOfSpec(spec: Pick<JobHandlerSpec, 'module'>): ProductName | null {
  for (const [name, h] of Object.entries(PRODUCT_HANDLERS))
    if (spec.module === h.module || spec.module === tilingModuleUrl(h.module)) return name as ProductName;
  return null;
}

/** A product that runs jobs through an engine. */
export type ProductName = keyof typeof PRODUCT_HANDLERS;

const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** "ortho/handler" -> file URL of tiling/ortho/handler.ts (or .js once built) on this machine. */
export function tilingModuleUrl(name: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(name) || name.startsWith('/')) return name; // already a URL or a path
  return new URL(`../${name}${EXT}`, import.meta.url).href;
}

/**
 * The handler spec of a product's jobs. `portable` (distributed batches) keeps the module name
 * relative to the tiling package, resolved by each worker (`resolveHandlerSpec`); otherwise it is
 * this machine's file URL (worker threads).
 */
export function handlerSpec(
  product: ProductName,
  config: unknown,
  options: { portable?: boolean } = {},
): JobHandlerSpec {
  const h = PRODUCT_HANDLERS[product];
  return {
    module: options.portable ? h.module : tilingModuleUrl(h.module),
    exportName: h.exportName,
    config,
  };
}

function resolveDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveDeep);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = resolveDeep(v);
  if (typeof o.module === 'string' && typeof o.exportName === 'string')
    out.module = tilingModuleUrl(o.module);
  return out;
}

/** The spec with its module and every nested {module, exportName} (e.g. a dalle opener) resolved here. */
export function resolveHandlerSpec(spec: JobHandlerSpec): JobHandlerSpec {
  return {
    module: tilingModuleUrl(spec.module),
    exportName: spec.exportName,
    config: resolveDeep(spec.config),
  };
}
