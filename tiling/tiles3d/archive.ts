/**
 * 3D Tiles archives (.3tz, 3D Tiles Archive Format 1.x): a ZIP whose last entry `@3dtilesIndex1@`
 * lists, for every other entry, the MD5 of its path and the offset of its local header, sorted by
 * hash (two little-endian uint64), so a reader finds any file with one binary search.
 *
 * Writing goes through yazl (a maintained ZIP writer); entries are STORED (GLBs hold JPEGs that do
 * not compress), in path order, with a fixed 1980-01-01 date: same folder, same bytes. Reading is
 * ours (`open3tz` in format/node/3tz-reader.ts): the server (Fastify, and vite's `serveTwin`) answers
 * `<name>.3tz/<inner path>` URLs with it, since CesiumJS cannot read archives itself.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import yazl from 'yazl';
import { compareHashes, INDEX_ENTRY } from '../../format/node/3tz-reader';
import { DataError } from '../core';
import { STATE_DIR } from '../write';
import { NAME } from './options';

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (rel !== STATE_DIR) out.push(...(await listFiles(dir, rel)));
    } else if (e.isFile()) out.push(rel);
  }
  return out;
}

/**
 * Packs a 3D Tiles folder (its `.tiling` state left out) into a .3tz archive, atomically.
 * @returns the archive's size and number of entries (index included).
 */
export async function write3tz(
  dir: string,
  archivePath: string,
): Promise<{ bytes: number; entries: number }> {
  const files = (await listFiles(dir)).sort();
  if (!files.includes('tileset.json'))
    throw new DataError(`${NAME}: "${dir}" has no tileset.json; nothing to pack into ${archivePath}.`);
  const zip = new yazl.ZipFile();
  const tmp = `${archivePath}.${process.pid}.tmp`;
  const ws = createWriteStream(tmp);
  let written = 0;
  zip.outputStream.on('data', (c: Buffer) => {
    written += c.length;
  });
  const finished = new Promise<void>((resolve, reject) => {
    ws.on('close', resolve);
    ws.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  zip.outputStream.pipe(ws);
  const entryOptions = {
    compress: false,
    mtime: new Date(1980, 0, 1),
    mode: 0o100644,
    forceDosTimestamp: true,
  };
  const index: { hash: Buffer; offset: bigint }[] = [];
  let offset = 0n;
  let queued = 0;
  for (const name of files) {
    const bytes = await readFile(join(dir, name));
    index.push({ hash: createHash('md5').update(name).digest(), offset });
    offset += BigInt(30 + Buffer.byteLength(name) + bytes.length);
    zip.addBuffer(bytes, name, entryOptions);
    queued += bytes.length;
    // Keep at most ~64 MB queued in yazl ahead of the disk.
    while (queued - written > 64 * 1024 * 1024) await new Promise((r) => setTimeout(r, 5));
  }
  index.sort((a, b) => compareHashes(a.hash, b.hash));
  const table = Buffer.alloc(index.length * 24);
  index.forEach((e, i) => {
    e.hash.copy(table, i * 24);
    table.writeBigUInt64LE(e.offset, i * 24 + 16);
  });
  zip.addBuffer(table, INDEX_ENTRY, entryOptions);
  zip.end();
  try {
    await finished;
    await rename(tmp, archivePath);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { bytes: written, entries: files.length + 1 };
}
