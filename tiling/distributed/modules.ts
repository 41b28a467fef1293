/**
 * Module names in a distributed batch are relative to the tiling package ("pipeline",
 * "source/index"), never file URLs of the machine that enqueued: each worker resolves them against
 * its own copy of the code (same version on every machine; the plan fingerprint guards the data).
 */
import type { JobHandlerSpec } from '../queue';

const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** "pipeline" -> file URL of tiling/pipeline.ts (or .js once built) on this machine. */
export function tilingModuleUrl(name: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(name) || name.startsWith('/')) return name; // already a URL or a path
  return new URL(`../${name}${EXT}`, import.meta.url).href;
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

/** The spec with its module and every nested {module, exportName} (e.g. the dalle opener) resolved here. */
export function resolveHandlerSpec(spec: JobHandlerSpec): JobHandlerSpec {
  return {
    module: tilingModuleUrl(spec.module),
    exportName: spec.exportName,
    config: resolveDeep(spec.config),
  };
}
