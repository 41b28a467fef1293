/**
 * Reading 3D Tiles archives (.3tz): the index `@3dtilesIndex1@` (last entry; MD5 of each path and
 * the offset of its local header, sorted by hash as two little-endian uint64) gives any file with
 * one binary search, without reading the central directory. Node built-ins only, so that the dev
 * server's config (vite.config.ts) can load it as it is. Part of the contract's Node side
 * (format/node/): the tiling writes .3tz (tiling/tiles3d/archive.ts, with INDEX_ENTRY and
 * compareHashes from here), the server and the dev server read them through serve-3tz.ts.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/** Name of the index entry. */
export const INDEX_ENTRY = '@3dtilesIndex1@';

/** Orders two MD5 hashes as the index does: first 8 bytes, then last 8, as little-endian uint64. */
export function compareHashes(a: Buffer, b: Buffer): number {
  const lo = a.readBigUInt64LE(0) - b.readBigUInt64LE(0);
  if (lo !== 0n) return lo < 0n ? -1 : 1;
  const hi = a.readBigUInt64LE(8) - b.readBigUInt64LE(8);
  return hi === 0n ? 0 : hi < 0n ? -1 : 1;
}

const NAME = 'tiling/3d';

/** Bad archive: printed in words (name 'DataError', like tiling/core's). */
function dataError(message: string): Error {
  const e = new Error(message);
  e.name = 'DataError';
  return e;
}

/** An open .3tz archive. */
export interface Tiles3tzReader {
  readonly path: string;
  /** Entries in the index (the index itself left out). */
  readonly entries: number;
  /** The bytes of a file inside the archive ("tileset.json", "18/1/2.glb"); null when absent. */
  get(innerPath: string): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return bytesRead === length ? buf : buf.subarray(0, bytesRead);
}

/** Reads the entry whose local header is at `offset`: its name and data. */
async function readLocalEntry(
  fh: FileHandle,
  offset: number,
  known?: { compressedSize: number; method: number },
): Promise<{ name: string; data: Uint8Array }> {
  const head = await readAt(fh, offset, 30);
  if (head.length < 30 || head.readUInt32LE(0) !== 0x04034b50)
    throw new Error(`no ZIP local header at ${offset}`);
  const method = known?.method ?? head.readUInt16LE(8);
  let size = known?.compressedSize ?? head.readUInt32LE(18);
  const nameLength = head.readUInt16LE(26);
  const extraLength = head.readUInt16LE(28);
  const nameAndExtra = await readAt(fh, offset + 30, nameLength + extraLength);
  const name = nameAndExtra.subarray(0, nameLength).toString('utf8');
  if (size === 0xffffffff) {
    // ZIP64: sizes in the extra field (id 1: uncompressed, then compressed).
    const extra = nameAndExtra.subarray(nameLength);
    for (let p = 0; p + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(p);
      const len = extra.readUInt16LE(p + 2);
      if (id === 1 && len >= 16) size = Number(extra.readBigUInt64LE(p + 12));
      p += 4 + len;
    }
  }
  const raw = await readAt(fh, offset + 30 + nameLength + extraLength, size);
  if (method === 0) return { name, data: new Uint8Array(raw) };
  if (method === 8) return { name, data: new Uint8Array(inflateRawSync(raw)) };
  throw new Error(
    `entry "${name}" uses ZIP compression method ${method}; expected 0 (stored) or 8 (deflate)`,
  );
}

/**
 * Opens a .3tz archive: finds the index through the central directory's last record.
 * @throws DataError when the file is not a ZIP or has no `@3dtilesIndex1@` entry.
 */
export async function open3tz(path: string): Promise<Tiles3tzReader> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = await readAt(fh, size - tailLength, tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0)
      throw dataError(`${NAME}: "${path}" is not a ZIP (.3tz) archive: no end of central directory.`);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) {
      const locator = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
      if (locator < 0) throw dataError(`${NAME}: "${path}": ZIP64 archive without its locator.`);
      const z64 = await readAt(fh, Number(tail.readBigUInt64LE(locator + 8)), 56);
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
    }
    // The index is the last entry: its central record is at the end of the central directory.
    const cdTailLength = Math.min(cdSize, 4096);
    const cdTail = await readAt(fh, cdOffset + cdSize - cdTailLength, cdTailLength);
    let indexEntry: { offset: number; compressedSize: number; method: number } | null = null;
    for (let p = cdTail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; ) {
      const nameLength = cdTail.readUInt16LE(p + 28);
      const name = cdTail.subarray(p + 46, p + 46 + nameLength).toString('utf8');
      if (name === INDEX_ENTRY) {
        let offset = cdTail.readUInt32LE(p + 42);
        let compressedSize = cdTail.readUInt32LE(p + 20);
        const extraLength = cdTail.readUInt16LE(p + 30);
        if (offset === 0xffffffff || compressedSize === 0xffffffff) {
          const extra = cdTail.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
          for (let q = 0; q + 4 <= extra.length; ) {
            const id = extra.readUInt16LE(q);
            const len = extra.readUInt16LE(q + 2);
            if (id === 1) {
              let r = q + 4;
              if (cdTail.readUInt32LE(p + 24) === 0xffffffff) r += 8;
              if (compressedSize === 0xffffffff) {
                compressedSize = Number(extra.readBigUInt64LE(r));
                r += 8;
              }
              if (offset === 0xffffffff) offset = Number(extra.readBigUInt64LE(r));
            }
            q += 4 + len;
          }
        }
        indexEntry = { offset, compressedSize, method: cdTail.readUInt16LE(p + 10) };
        break;
      }
      p = p > 0 ? cdTail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p - 1) : -1;
    }
    if (!indexEntry)
      throw dataError(
        `${NAME}: "${path}" has no ${INDEX_ENTRY} entry as its last file; expected a 3D Tiles archive (.3tz) as written by tiling run --3tz or 3d-tiles-tools.`,
      );
    const table = (await readLocalEntry(fh, indexEntry.offset, indexEntry)).data;
    const count = Math.floor(table.length / 24);
    const view = Buffer.from(table.buffer, table.byteOffset, table.byteLength);
    const reader: Tiles3tzReader = {
      path,
      entries: count,
      async get(innerPath) {
        const name = innerPath.replace(/^\/+/, '');
        const hash = createHash('md5').update(name).digest();
        let lo = 0;
        let hi = count - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const c = compareHashes(view.subarray(mid * 24, mid * 24 + 16), hash);
          if (c === 0) {
            const entry = await readLocalEntry(fh, Number(view.readBigUInt64LE(mid * 24 + 16)));
            // MD5 collisions are possible in principle: the local header names the file.
            return entry.name === name ? entry.data : null;
          }
          if (c < 0) lo = mid + 1;
          else hi = mid - 1;
        }
        return null;
      },
      close: () => fh.close(),
    };
    return reader;
  } catch (e) {
    await fh.close();
    if ((e as Error).name === 'DataError') throw e;
    throw dataError(`${NAME}: "${path}" cannot be read as a .3tz archive: ${(e as Error).message}.`);
  }
}
