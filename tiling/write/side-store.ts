/**
 * The side store: the root tile of every job that a later job builds on, kept lossless (raw RGBA,
 * deflated) so parents above job boundaries are computed from exactly the same pixels as parents
 * inside a job. Hence the pyramid's bytes do not depend on how the work was cut into jobs.
 * Entries are deleted once the job that reads them is recorded as done; the folder goes at the end.
 */
import { mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TileAddress } from '../core';
import { DataError } from '../core';
import { STATE_DIR, writeFileAtomic } from './tile-target';

const NAME = 'tiling/write/side-store';

/** Lossless store of decoded root tiles, keyed by tile. */
export interface SideStore {
  /** Stores a tile's RGBA pixels; null records a tile with no data (fully transparent). */
  put(tile: TileAddress, rgba: Uint8Array | null): Promise<void>;
  /**
   * The tile's pixels, null for a transparent one.
   * @throws DataError when the entry is missing or damaged (the job that makes it must run again).
   */
  get(tile: TileAddress): Promise<Uint8Array | null>;
  /** Deletes entries (missing ones are ignored). */
  delete(tiles: readonly TileAddress[]): Promise<void>;
}

/** Side store in `<out>/.tiling/side/z-x-y.rgba` files (deflate level 1: fast, about 2x smaller). */
export class FsSideStore implements SideStore {
  readonly dir: string;
  private readonly tmpDir: string;
  private readonly tileBytes: number;

  constructor(outDir: string, tileSize = 256) {
    this.dir = join(outDir, STATE_DIR, 'side');
    this.tmpDir = join(outDir, STATE_DIR, 'tmp');
    this.tileBytes = tileSize * tileSize * 4;
    mkdirSync(this.dir, { recursive: true });
  }

  private path(tile: TileAddress): string {
    return join(this.dir, `${tile.z}-${tile.x}-${tile.y}.rgba`);
  }

  async put(tile: TileAddress, rgba: Uint8Array | null): Promise<void> {
    const bytes = rgba === null ? new Uint8Array(0) : deflateRawSync(rgba, { level: 1 });
    await writeFileAtomic(this.path(tile), bytes, this.tmpDir);
  }

  async get(tile: TileAddress): Promise<Uint8Array | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path(tile));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new DataError(
          `${NAME}: the pixels of tile ${tile.z}/${tile.x}/${tile.y} are missing from ${this.dir}; the job that makes them must run again (delete its line from the manifest, or start over in a new folder).`,
        );
      }
      throw e;
    }
    if (bytes.length === 0) return null;
    const raw = inflateRawSync(bytes);
    if (raw.length !== this.tileBytes) {
      throw new DataError(
        `${NAME}: side store entry of tile ${tile.z}/${tile.x}/${tile.y} is damaged (${raw.length} bytes).`,
      );
    }
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  }

  async delete(tiles: readonly TileAddress[]): Promise<void> {
    await Promise.all(tiles.map((t) => rm(this.path(t), { force: true })));
  }

  /** Removes the whole store (after a complete run). */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Side store in memory (tests, single-process runs). */
export class MemorySideStore implements SideStore {
  readonly entries = new Map<string, Uint8Array | null>();

  async put(tile: TileAddress, rgba: Uint8Array | null): Promise<void> {
    this.entries.set(`${tile.z}/${tile.x}/${tile.y}`, rgba === null ? null : rgba.slice());
  }

  async get(tile: TileAddress): Promise<Uint8Array | null> {
    const key = `${tile.z}/${tile.x}/${tile.y}`;
    const v = this.entries.get(key);
    if (v === undefined)
      throw new DataError(`${NAME}: the pixels of tile ${key} are missing from the side store.`);
    return v;
  }

  async delete(tiles: readonly TileAddress[]): Promise<void> {
    for (const t of tiles) this.entries.delete(`${t.z}/${t.x}/${t.y}`);
  }
}
