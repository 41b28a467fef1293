/**
 * Where tiles go. `TileTarget` is what jobs write through; `FsTileTarget` writes a `{z}/{x}/{y}.ext`
 * folder, `MemoryTileTarget` keeps them in a Map (tests, calibration runs).
 *
 * Every write is atomic: bytes go to a temporary file in `<dir>/.tiling/tmp/` (same file system),
 * then a rename puts them in place, so a reader (or a resumed run) never sees a partial tile, and
 * rewriting a tile with the same bytes is harmless (jobs are idempotent).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { TileAddress } from '../core';

/** Where the tiles of a pyramid are written. */
export interface TileTarget {
  /** Writes one encoded tile, atomically. */
  putTile(tile: TileAddress, bytes: Uint8Array): Promise<void>;
  /** Reads a tile back; null when there is none. */
  getTile(tile: TileAddress): Promise<Uint8Array | null>;
  /** Writes a file beside the pyramid (tilejson.json, WMTSCapabilities.xml), atomically. */
  putFile(name: string, bytes: Uint8Array | string): Promise<void>;
}

/** Folder of run state inside an output folder: plan, manifest, side store, temporary files. */
export const STATE_DIR = '.tiling';

/** Options of `FsTileTarget`. */
export interface FsTileTargetOptions {
  /** Tile file extension without the dot ('jpg'). */
  extension: string;
}

let tempCounter = 0;

/** Writes `bytes` to `path` through a temporary file in `tmpDir` and a rename. */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array | string,
  tmpDir: string,
): Promise<void> {
  const tmp = join(tmpDir, `${process.pid}-${threadId}-${tempCounter++}.tmp`);
  try {
    await writeFile(tmp, bytes);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(tmpDir, { recursive: true });
    await writeFile(tmp, bytes);
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A `{z}/{x}/{y}.<extension>` folder on a local or shared file system. */
export class FsTileTarget implements TileTarget {
  readonly dir: string;
  readonly extension: string;
  readonly tmpDir: string;
  private readonly made = new Set<string>();

  constructor(dir: string, options: FsTileTargetOptions) {
    this.dir = dir;
    this.extension = options.extension;
    this.tmpDir = join(dir, STATE_DIR, 'tmp');
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** Path of a tile's file. */
  tilePath(tile: TileAddress): string {
    return join(this.dir, String(tile.z), String(tile.x), `${tile.y}.${this.extension}`);
  }

  async putTile(tile: TileAddress, bytes: Uint8Array): Promise<void> {
    const folder = join(this.dir, String(tile.z), String(tile.x));
    if (!this.made.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.made.add(folder);
    }
    await writeFileAtomic(this.tilePath(tile), bytes, this.tmpDir);
  }

  async getTile(tile: TileAddress): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.tilePath(tile)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async putFile(name: string, bytes: Uint8Array | string): Promise<void> {
    const path = join(this.dir, name);
    // Names with folders (the packed layout's packs/<z>/<x>/<y>.pmtiles): make them once.
    if (name.includes('/')) {
      const folder = dirname(path);
      if (!this.made.has(folder)) {
        await mkdir(folder, { recursive: true });
        this.made.add(folder);
      }
    }
    await writeFileAtomic(path, bytes, this.tmpDir);
  }

  /** Deletes temporary files left by a killed run (call before starting work, never during). */
  clearTemporaryFiles(): void {
    for (const f of readdirSync(this.tmpDir)) rmSync(join(this.tmpDir, f), { force: true });
  }
}

/** Tiles in a Map keyed "z/x/y" (tests and calibration runs). */
export class MemoryTileTarget implements TileTarget {
  readonly tiles = new Map<string, Uint8Array>();
  readonly files = new Map<string, Uint8Array | string>();

  async putTile(tile: TileAddress, bytes: Uint8Array): Promise<void> {
    this.tiles.set(`${tile.z}/${tile.x}/${tile.y}`, bytes);
  }

  async getTile(tile: TileAddress): Promise<Uint8Array | null> {
    return this.tiles.get(`${tile.z}/${tile.x}/${tile.y}`) ?? null;
  }

  async putFile(name: string, bytes: Uint8Array | string): Promise<void> {
    this.files.set(name, bytes);
  }

  /** Total bytes of the tiles. */
  get bytes(): number {
    let n = 0;
    for (const b of this.tiles.values()) n += b.length;
    return n;
  }
}
