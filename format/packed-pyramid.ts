/**
 * The packed layout of an imagery pyramid (`tiling run --packed`): instead of one file per tile,
 * each job of the run writes its whole subtree as one PMTiles v3 archive named after the job's root
 * tile, `packs/<z>/<x>/<y>.pmtiles`, and `packs/index.json` says which zooms each archive holds
 * (the job bands of the plan). The tile URLs stay `{z}/{x}/{y}.<ext>`: a server finds the archive
 * of a tile with {@link packArchiveOf} and answers the tile from it.
 * Written by tiling/ortho/packed.ts; read by format/node/serve-packed.ts (server, dev server).
 * Owns: the index's schema, the archive names, the tile -> archive rule. Pure (browser-safe).
 */
import { z } from 'zod';
import type { TileAddress } from './grid';

/** Folder of the archives inside the pyramid folder. */
export const PACKS_DIR = 'packs';
/** The index, relative to the pyramid folder; its presence marks a packed pyramid. */
export const PACKED_INDEX = `${PACKS_DIR}/index.json`;

/** One band of zooms: every job rooted at `rootZoom` writes zooms `rootZoom..maxZoom` of its subtree. */
export interface PackBand {
  rootZoom: number;
  maxZoom: number;
}

const zoom = z.number().int().min(0).max(30);

/** `packs/index.json`. */
export const PackedIndexSchema = z
  .object({
    packed: z.literal(1),
    archive: z.literal('pmtiles'),
    /** The tiles' URL extension (jpg, png, webp), as in tilejson.json's template. */
    extension: z.string().regex(/^[a-z0-9]+$/),
    minZoom: zoom,
    maxZoom: zoom,
    /** Coarsest first; the bands do not overlap and cover minZoom..maxZoom. */
    bands: z.array(z.object({ rootZoom: zoom, maxZoom: zoom })).min(1),
    /** The plan's fingerprint (a folder holds the packs of one plan). */
    fingerprint: z.string(),
  })
  .superRefine((v, ctx) => {
    let next = v.minZoom;
    for (const b of v.bands) {
      if (b.rootZoom !== next || b.maxZoom < b.rootZoom)
        ctx.addIssue({
          code: 'custom',
          message: `band ${b.rootZoom}..${b.maxZoom} does not follow zoom ${next - 1}`,
        });
      next = b.maxZoom + 1;
    }
    if (next !== v.maxZoom + 1)
      ctx.addIssue({
        code: 'custom',
        message: `the bands end at zoom ${next - 1}, not at maxZoom ${v.maxZoom}`,
      });
  });

export type PackedIndex = z.infer<typeof PackedIndexSchema>;

/** Name of the archive of the job rooted at `root`, relative to the pyramid folder. */
export function packArchiveName(root: TileAddress): string {
  return `${PACKS_DIR}/${root.z}/${root.x}/${root.y}.pmtiles`;
}

/** The band holding zoom `zoom`; null when the pyramid has no such zoom. */
export function packBandOf(index: { readonly bands: readonly PackBand[] }, zoom: number): PackBand | null {
  return index.bands.find((b) => b.rootZoom <= zoom && zoom <= b.maxZoom) ?? null;
}

/** The root tile of the archive that holds `tile`; null when its zoom is not in the pyramid. */
export function packArchiveOf(
  index: { readonly bands: readonly PackBand[] },
  tile: TileAddress,
): TileAddress | null {
  const band = packBandOf(index, tile.z);
  if (!band) return null;
  const d = 2 ** (tile.z - band.rootZoom);
  return { z: band.rootZoom, x: Math.floor(tile.x / d), y: Math.floor(tile.y / d) };
}
