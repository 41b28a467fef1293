/**
 * A PMTiles v3 writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): one file
 * instead of one object per tile. Layout: 127-byte header, root directory (gzip, within the first
 * 16 KiB, else split into leaf directories), JSON metadata (gzip), leaf directories, tile data in
 * tile-id order (clustered). Identical tiles are stored once; consecutive ids with the same bytes
 * become one run. Tile ids are PMTiles' Hilbert ids (`zxyToTileId` of the pmtiles package, whose
 * reader checks what we write in the tests).
 *
 * `writePmtiles` (a whole pyramid, after the run) sends tile data to a temporary file first, so
 * memory holds the directory (about 20 bytes per tile) and one tile at a time, not the pyramid.
 * `pmtilesBytes` builds a small archive in memory: one job's subtree in the packed layout
 * (tiling/ortho/packed.ts); format/node/pmtiles-reader.ts reads both.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';
import type { Extent, TileAddress } from '../core';
import { DataError } from '../core';
import { NAME } from './spec';

const HEADER_BYTES = 127;
const ROOT_LIMIT = 16_384 - HEADER_BYTES;

/** A directory entry: `runLength` tiles from `tileId` share the bytes at `offset`; 0 = a leaf directory. */
export interface PmtilesEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/** What the archive describes. */
export interface PmtilesOptions {
  boundsLonLat: Extent;
  minZoom: number;
  maxZoom: number;
  /** JSON metadata (name, attribution...). */
  metadata: Record<string, unknown>;
}

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Serialises and gzips a directory (spec: ids delta-coded, then run lengths, lengths, offsets). */
export function serializeDirectory(entries: readonly PmtilesEntry[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    if (i > 0 && prev && e.offset === prev.offset + prev.length) writeVarint(out, 0);
    else writeVarint(out, e.offset + 1);
  });
  return gzipSync(Uint8Array.from(out));
}

/** Root directory, and leaf directories when the root would not fit in the first 16 KiB. */
function buildDirectories(entries: readonly PmtilesEntry[]): { root: Uint8Array; leaves: Uint8Array } {
  const root = serializeDirectory(entries);
  if (root.length <= ROOT_LIMIT) return { root, leaves: new Uint8Array(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const rootEntries: PmtilesEntry[] = [];
    const parts: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const chunk = entries.slice(i, i + leafSize);
      const leaf = serializeDirectory(chunk);
      rootEntries.push({
        tileId: (chunk[0] as PmtilesEntry).tileId,
        offset,
        length: leaf.length,
        runLength: 0,
      });
      parts.push(leaf);
      offset += leaf.length;
    }
    const r = serializeDirectory(rootEntries);
    if (r.length <= ROOT_LIMIT) return { root: r, leaves: Buffer.concat(parts) };
  }
}

function tileTypeOf(samples: Set<number>): number {
  // 0 unknown (mixed), 2 png, 3 jpeg, 4 webp (spec's TileType).
  return samples.size === 1 ? ([...samples][0] as number) : 0;
}

function sniff(bytes: Uint8Array): number {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 3;
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 2;
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 4;
  return 0;
}

/** The 127-byte header of an archive laid out as header, root, metadata, leaves, data. */
function pmtilesHeader(
  o: PmtilesOptions,
  n: {
    rootLength: number;
    metadataLength: number;
    leavesLength: number;
    dataLength: number;
    addressed: number;
    entries: number;
    contents: number;
    tileType: number;
  },
): Buffer {
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + n.rootLength;
  const leavesOffset = metadataOffset + n.metadataLength;
  const dataOffset = leavesOffset + n.leavesLength;
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('PMTiles', 0, 'ascii');
  h.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(8, rootOffset);
  u64(16, n.rootLength);
  u64(24, metadataOffset);
  u64(32, n.metadataLength);
  u64(40, leavesOffset);
  u64(48, n.leavesLength);
  u64(56, dataOffset);
  u64(64, n.dataLength);
  u64(72, n.addressed);
  u64(80, n.entries);
  u64(88, n.contents);
  h.writeUInt8(1, 96); // clustered: data in tile-id order
  h.writeUInt8(2, 97); // internal compression: gzip
  h.writeUInt8(1, 98); // tile compression: none (JPEG/PNG/WebP are compressed already)
  h.writeUInt8(n.tileType, 99);
  h.writeUInt8(o.minZoom, 100);
  h.writeUInt8(o.maxZoom, 101);
  const e7 = (v: number) => Math.round(v * 1e7);
  const b = o.boundsLonLat;
  h.writeInt32LE(e7(b.minX), 102);
  h.writeInt32LE(e7(b.minY), 106);
  h.writeInt32LE(e7(b.maxX), 110);
  h.writeInt32LE(e7(b.maxY), 114);
  h.writeUInt8(o.minZoom, 118);
  h.writeInt32LE(e7((b.minX + b.maxX) / 2), 119);
  h.writeInt32LE(e7((b.minY + b.maxY) / 2), 123);
  return h;
}

/**
 * A PMTiles v3 archive of `tiles`, built in memory (a job's subtree: a few hundred tiles, a few MB).
 * Same layout as `writePmtiles`; tiles are sorted by tile id, so the bytes do not depend on the
 * order they come in. Null when there is no tile.
 */
export function pmtilesBytes(
  tiles: Iterable<{ tile: TileAddress; bytes: Uint8Array }>,
  o: PmtilesOptions,
): Uint8Array | null {
  const sorted = [...tiles]
    .map((t) => ({ id: zxyToTileId(t.tile.z, t.tile.x, t.tile.y), bytes: t.bytes }))
    .sort((a, b) => a.id - b.id);
  if (sorted.length === 0) return null;
  const seen = new Map<string, { offset: number; length: number }>();
  const entries: PmtilesEntry[] = [];
  const types = new Set<number>();
  const parts: Uint8Array[] = [];
  let dataLength = 0;
  for (const { id, bytes } of sorted) {
    types.add(sniff(bytes));
    const hash = createHash('sha1').update(bytes).digest('base64');
    let where = seen.get(hash);
    if (!where) {
      where = { offset: dataLength, length: bytes.length };
      seen.set(hash, where);
      parts.push(bytes);
      dataLength += bytes.length;
    }
    const last = entries[entries.length - 1];
    if (last && last.offset === where.offset && last.tileId + last.runLength === id) last.runLength++;
    else entries.push({ tileId: id, offset: where.offset, length: where.length, runLength: 1 });
  }
  const { root, leaves } = buildDirectories(entries);
  const metadata = gzipSync(Buffer.from(JSON.stringify(o.metadata)));
  const h = pmtilesHeader(o, {
    rootLength: root.length,
    metadataLength: metadata.length,
    leavesLength: leaves.length,
    dataLength,
    addressed: sorted.length,
    entries: entries.length,
    contents: seen.size,
    tileType: tileTypeOf(types),
  });
  return Buffer.concat([h, root, metadata, leaves, ...parts]);
}

/**
 * Writes the tiles that `read` finds among `tiles` to a PMTiles v3 file at `path`.
 * @throws DataError when no tile is found.
 */
export async function writePmtiles(
  path: string,
  tiles: Iterable<TileAddress>,
  read: (tile: TileAddress) => Promise<Uint8Array | null>,
  o: PmtilesOptions,
): Promise<{ tiles: number; contents: number; bytes: number }> {
  const ids: { id: number; tile: TileAddress }[] = [];
  for (const t of tiles) ids.push({ id: zxyToTileId(t.z, t.x, t.y), tile: t });
  ids.sort((a, b) => a.id - b.id);
  const dataPath = `${path}.data.tmp`;
  const data = createWriteStream(dataPath);
  const seen = new Map<string, { offset: number; length: number }>();
  const entries: PmtilesEntry[] = [];
  const types = new Set<number>();
  let dataLength = 0;
  let addressed = 0;
  try {
    for (const { id, tile } of ids) {
      const bytes = await read(tile);
      if (bytes === null) continue;
      addressed++;
      types.add(sniff(bytes));
      const hash = createHash('sha1').update(bytes).digest('base64');
      let where = seen.get(hash);
      if (!where) {
        where = { offset: dataLength, length: bytes.length };
        seen.set(hash, where);
        if (!data.write(bytes)) await new Promise<void>((r) => data.once('drain', () => r()));
        dataLength += bytes.length;
      }
      const last = entries[entries.length - 1];
      if (last && last.offset === where.offset && last.tileId + last.runLength === id) last.runLength++;
      else entries.push({ tileId: id, offset: where.offset, length: where.length, runLength: 1 });
    }
    await new Promise<void>((resolve, reject) => data.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (addressed === 0) throw new DataError(`${NAME}: no tile to pack into ${path}.`);
    const { root, leaves } = buildDirectories(entries);
    const metadata = gzipSync(Buffer.from(JSON.stringify(o.metadata)));
    const dataOffset = HEADER_BYTES + root.length + metadata.length + leaves.length;
    const h = pmtilesHeader(o, {
      rootLength: root.length,
      metadataLength: metadata.length,
      leavesLength: leaves.length,
      dataLength,
      addressed,
      entries: entries.length,
      contents: seen.size,
      tileType: tileTypeOf(types),
    });
    const fd = await open(path, 'w');
    try {
      await fd.write(Buffer.concat([h, root, metadata, leaves]));
    } finally {
      await fd.close();
    }
    await pipeline(createReadStream(dataPath), createWriteStream(path, { flags: 'a' }));
    return { tiles: addressed, contents: seen.size, bytes: dataOffset + dataLength };
  } finally {
    data.destroy();
    await rm(dataPath, { force: true });
  }
}
