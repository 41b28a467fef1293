/**
 * Reading a PMTiles v3 archive from a local file with the format's reference reader (the `pmtiles`
 * package) over a Node file handle: `openPmtiles(path)` checks the header (magic, version, that the
 * file holds all the bytes the header announces) and answers tiles by z/x/y. A damaged archive is a
 * DataError naming the file and what is wrong, never a tile of garbage.
 * Part of the contract's Node side: the server and the dev server read the packed pyramids'
 * archives (serve-packed.ts); the tiling writes them (tiling/storage/pmtiles.ts).
 */
import { type FileHandle, open } from 'node:fs/promises';
import { bytesToHeader, type Header, PMTiles, type RangeResponse, type Source } from 'pmtiles';

const NAME = 'pmtiles';

/** Bad archive: printed in words (name 'DataError', like tiling/core's). */
function dataError(message: string): Error {
  const e = new Error(message);
  e.name = 'DataError';
  return e;
}

/** An open archive. */
export interface PmtilesReader {
  readonly path: string;
  readonly header: Header;
  /** The tile's bytes; null when the archive has no such tile. @throws DataError when damaged. */
  get(tile: { z: number; x: number; y: number }): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

/** `Source` of the pmtiles package over a file; a short read past the header is an error (truncated file). */
class FileHandleSource implements Source {
  constructor(
    private readonly fh: FileHandle,
    private readonly path: string,
    private readonly size: number,
  ) {}
  getKey(): string {
    return this.path;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buf = Buffer.alloc(Math.max(0, Math.min(length, this.size - offset)));
    const { bytesRead } = await this.fh.read(buf, 0, buf.length, offset);
    // The reader asks for the first 16 KiB whatever the file's size; any other range must be whole.
    if (offset !== 0 && bytesRead < length)
      throw new Error(`it ends at byte ${this.size}, before the ${length} bytes at offset ${offset}`);
    const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer;
    return { data };
  }
}

/**
 * Opens a PMTiles v3 archive.
 * @throws DataError when the file is not a whole PMTiles v3 archive (wrong magic, version, truncated).
 */
export async function openPmtiles(path: string): Promise<PmtilesReader> {
  const fh = await open(path, 'r');
  const why = (e: unknown) =>
    dataError(
      `${NAME}: "${path}" is not a readable PMTiles v3 archive: ${(e as Error).message}. It was damaged after it was written (a copy cut short, a disk error): copy it again, or build the pyramid again.`,
    );
  try {
    const { size } = await fh.stat();
    if (size < 127) throw new Error(`it holds ${size} bytes, less than the 127-byte header`);
    // The header's own checks first, so a cut file says "truncated", not a gzip error.
    const head = Buffer.alloc(127);
    await fh.read(head, 0, 127, 0);
    if (head.toString('latin1', 0, 7) !== 'PMTiles')
      throw new Error('Wrong magic number for PMTiles archive');
    const h = bytesToHeader(head.buffer.slice(head.byteOffset, head.byteOffset + 127) as ArrayBuffer);
    if (h.specVersion !== 3) throw new Error(`spec version ${h.specVersion}, expected 3`);
    const end = Math.max(
      h.rootDirectoryOffset + h.rootDirectoryLength,
      h.jsonMetadataOffset + h.jsonMetadataLength,
      h.leafDirectoryOffset + (h.leafDirectoryLength ?? 0),
      h.tileDataOffset + (h.tileDataLength ?? 0),
    );
    if (end > size) throw new Error(`its header announces ${end} bytes, the file has ${size} (truncated)`);
    const archive = new PMTiles(new FileHandleSource(fh, path, size));
    const header = await archive.getHeader();
    return {
      path,
      header,
      async get(tile) {
        try {
          const r = await archive.getZxy(tile.z, tile.x, tile.y);
          return r ? new Uint8Array(r.data) : null;
        } catch (e) {
          throw why(e);
        }
      },
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw why(e);
  }
}
