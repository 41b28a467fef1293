/**
 * Writes a vector pyramid to a folder (I/O): `{z}/{x}/{y}.pbf`, `metadata.json` and
 * `legend.json`. The pyramid is written into a temporary sibling folder, then swapped in, so a
 * crash never leaves a half-written pyramid and a rerun gives the same bytes.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { VectorPyramid } from './build';

/** What {@link writeVectorPyramid} wrote. */
export interface VectorWriteResult {
  readonly tiles: number;
  readonly bytes: number;
  /** Tiles per level. */
  readonly perZoom: Record<number, number>;
}

/** Writes `pyramid` into `outDir` (replaced as a whole). */
export async function writeVectorPyramid(outDir: string, pyramid: VectorPyramid): Promise<VectorWriteResult> {
  const tmp = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  let tiles = 0;
  let bytes = 0;
  const perZoom: Record<number, number> = {};
  const made = new Set<string>();
  for (const t of pyramid.tiles) {
    const dir = join(tmp, String(t.z), String(t.x));
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(join(dir, `${t.y}.pbf`), t.bytes);
    tiles++;
    bytes += t.bytes.byteLength;
    perZoom[t.z] = (perZoom[t.z] ?? 0) + 1;
  }
  const { legend, attribution } = pyramid.metadata;
  await writeFile(join(tmp, 'metadata.json'), `${JSON.stringify(pyramid.metadata, null, 1)}\n`);
  await writeFile(join(tmp, 'legend.json'), `${JSON.stringify({ attribution, legend }, null, 1)}\n`);
  await rm(outDir, { recursive: true, force: true });
  await rename(tmp, outDir);
  return { tiles, bytes, perZoom };
}
