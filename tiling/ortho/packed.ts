/**
 * The ortho pyramid's packed layout (`tiling run --packed`, docs/packed.md): each job writes its
 * whole subtree as ONE PMTiles v3 archive, `packs/<z>/<x>/<y>.pmtiles` named after its root tile
 * (format/packed-pyramid.ts), instead of one file or object per tile. The job's tiles are collected
 * in memory (85 tiles, ~1.5 MB at span 3), sorted by tile id and written with one atomic put (a
 * temporary file renamed, or one S3 PUT), before the job is recorded in the manifest: an archive is
 * there whole or not at all, so a resumed run only redoes the jobs its manifest lacks, and the
 * archive's bytes depend only on the job (no dates, no order of completion).
 * Owns: `packedIndexOf`, `writePackedIndex`, `checkPackedLayout`, `runPackedTileJob`, `PackCollector`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tileToLonLatBounds } from '../../format/grid';
import type { PackBand, PackedIndex } from '../../format/packed-pyramid';
import { PACKED_INDEX, packArchiveName } from '../../format/packed-pyramid';
import type { TileAddress } from '../core';
import { DataError } from '../core';
import { tileExtension } from '../encode';
import type { TilingPlan } from '../plan';
import { pmtilesBytes } from '../storage/pmtiles';
import type { TileTarget } from '../write';
import type { PlanContext, TileJobContext, TileJobMessage, TileJobResult } from './job';
import { NAME, runTileJob } from './job';

/** A job's tiles, kept until the job ends (then packed). */
export class PackCollector implements TileTarget {
  readonly tiles = new Map<string, { tile: TileAddress; bytes: Uint8Array }>();
  async putTile(tile: TileAddress, bytes: Uint8Array): Promise<void> {
    this.tiles.set(`${tile.z}/${tile.x}/${tile.y}`, { tile, bytes });
  }
  async getTile(tile: TileAddress): Promise<Uint8Array | null> {
    return this.tiles.get(`${tile.z}/${tile.x}/${tile.y}`)?.bytes ?? null;
  }
  async putFile(name: string): Promise<void> {
    throw new Error(`${NAME}: internal: a job writes no file (${name}) in the packed layout`);
  }
}

/**
 * The bands of zooms of a plan's jobs (jobs rooted at one zoom all end at the same zoom).
 * @throws Error when the plan breaks that rule (a planner bug).
 */
export function packBandsOf(plan: Pick<TilingPlan, 'jobs'>): PackBand[] {
  const bands = new Map<number, number>();
  for (const j of plan.jobs) {
    const seen = bands.get(j.z);
    if (seen !== undefined && seen !== j.maxZoom)
      throw new Error(`${NAME}: internal: jobs rooted at zoom ${j.z} end at zooms ${seen} and ${j.maxZoom}`);
    bands.set(j.z, j.maxZoom);
  }
  return [...bands.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([rootZoom, maxZoom]) => ({ rootZoom, maxZoom }));
}

/** `packs/index.json` of a plan. */
export function packedIndexOf(plan: TilingPlan): PackedIndex {
  return {
    packed: 1,
    archive: 'pmtiles',
    extension: tileExtension(plan.options.format),
    minZoom: plan.options.minZoom,
    maxZoom: plan.options.maxZoom,
    bands: packBandsOf(plan),
    fingerprint: plan.fingerprint,
  };
}

/** Writes `packs/index.json` (before any job: a server can serve the archives of a run in progress). */
export async function writePackedIndex(target: TileTarget, plan: TilingPlan): Promise<void> {
  await target.putFile(PACKED_INDEX, `${JSON.stringify(packedIndexOf(plan), null, 2)}\n`);
}

/**
 * Refuses to mix layouts in one folder: a packed run resumed without --packed (or the reverse)
 * would leave half the pyramid where the server does not look.
 * @throws DataError naming the folder and the fix.
 */
export function checkPackedLayout(dir: string, packed: boolean, jobsDone: number): void {
  const hasIndex = existsSync(join(dir, PACKED_INDEX));
  if (packed && !hasIndex && jobsDone > 0)
    throw new DataError(
      `${NAME}: "${dir}" holds a run of this plan with one file per tile (${jobsDone} jobs done); run it again without --packed, or pass another --out for the packed layout.`,
    );
  if (!packed && hasIndex)
    throw new DataError(
      `${NAME}: "${dir}" holds a packed run (${PACKED_INDEX}); run it again with --packed, or pass another --out for one file per tile.`,
    );
}

/** Archive options of a job's subtree: the root tile's bounds and the job's zooms. */
function archiveOptions(job: TileJobMessage, plan: PlanContext) {
  return {
    boundsLonLat: tileToLonLatBounds(job),
    minZoom: job.z,
    maxZoom: job.maxZoom,
    metadata: { job: job.id, format: plan.options.format, fingerprint: plan.fingerprint },
  };
}

/**
 * Runs one job into an archive: the tiles of `runTileJob` are collected, then written as
 * `packs/<z>/<x>/<y>.pmtiles` through `store.putFile` (atomic). A job with no tile writes nothing.
 */
export async function runPackedTileJob(
  job: TileJobMessage,
  ctx: Omit<TileJobContext, 'target'>,
  store: TileTarget,
): Promise<TileJobResult> {
  const pack = new PackCollector();
  const result = await runTileJob(job, { ...ctx, target: pack });
  const bytes = pmtilesBytes(pack.tiles.values(), archiveOptions(job, ctx.plan));
  if (bytes) await store.putFile(packArchiveName(job), bytes);
  return result;
}
