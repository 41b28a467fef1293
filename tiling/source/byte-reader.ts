/**
 * Random-access byte reading behind a small interface (after PMTiles' `Source.getBytes`), so the
 * TIFF parser is pure and testable on memory buffers, and files are read by ranges only.
 */
import { open } from 'node:fs/promises';

/** Reads byte ranges of one file, object or buffer. */
export interface ByteReader {
  /** Where the bytes come from, for messages (a path, a URL, "memory"). */
  readonly id: string;
  /** Total length in bytes. */
  readonly size: number;
  /**
   * Reads `length` bytes at `offset`. Resolves to fewer bytes only when the range passes the end.
   * @throws AbortError when `signal` is aborted.
   */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Reads several ranges (e.g. the tiles of a window) in one go, merging neighbours. */
  readMany?(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]>;
}

/** A byte range of a file: [offset, offset + length). */
export interface ByteRange {
  offset: number;
  length: number;
}

/** Serves ranges of an in-memory buffer (tests, already downloaded files). */
export class MemoryByteReader implements ByteReader {
  readonly size: number;
  constructor(
    readonly bytes: Uint8Array,
    readonly id = 'memory',
  ) {
    this.size = bytes.length;
  }
  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    signal?.throwIfAborted();
    return this.bytes.subarray(offset, Math.min(this.size, offset + length));
  }
}

/** Options of {@link FileByteReader}. */
export interface FileByteReaderOptions {
  /** Ranges closer than this many bytes are read with one call (default 64 KiB). */
  mergeGapBytes?: number;
}

export const FILE_BYTE_READER_DEFAULTS: Required<FileByteReaderOptions> = {
  mergeGapBytes: 64 * 1024,
};

/**
 * Reads ranges of a local file with positioned reads. The file is opened for each call and
 * closed after it, so thousands of sources can exist without holding thousands of descriptors
 * (an open/close pair costs microseconds next to a decode).
 */
export class FileByteReader implements ByteReader {
  private readonly options: Required<FileByteReaderOptions>;
  constructor(
    readonly id: string,
    readonly size: number,
    options: FileByteReaderOptions = {},
  ) {
    this.options = { ...FILE_BYTE_READER_DEFAULTS, ...options };
  }

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const [bytes] = await this.readMany([{ offset, length }], signal);
    return bytes ?? new Uint8Array(0);
  }

  async readMany(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    signal?.throwIfAborted();
    // Visit the ranges by offset; `sorted` keeps each one's place in the answer.
    const sorted = ranges.map((r, index) => ({ ...r, index })).sort((a, b) => a.offset - b.offset);
    const out: Uint8Array[] = new Array(ranges.length);
    const handle = await open(this.id, 'r');
    try {
      let i = 0;
      while (i < sorted.length) {
        // Group ranges whose gaps are small into one read.
        const group = [sorted[i] as (typeof sorted)[number]];
        const start = group[0]?.offset ?? 0;
        let end = start + (group[0]?.length ?? 0);
        for (let j = i + 1; j < sorted.length; j++) {
          const r = sorted[j] as (typeof sorted)[number];
          if (r.offset > end + this.options.mergeGapBytes) break;
          end = Math.max(end, r.offset + r.length);
          group.push(r);
        }
        const want = Math.max(0, Math.min(end, this.size) - start);
        const buf = new Uint8Array(want);
        let got = 0;
        while (got < want) {
          const { bytesRead } = await handle.read(buf, got, want - got, start + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        for (const r of group) {
          const a = r.offset - start;
          out[r.index] = buf.subarray(Math.min(a, got), Math.min(a + r.length, got));
        }
        signal?.throwIfAborted();
        i += group.length;
      }
    } finally {
      await handle.close();
    }
    return out;
  }
}

/**
 * Wraps a reader for header parsing: reads aligned blocks (default 64 KiB) once and serves small
 * reads from them, so walking IFDs costs a few reads instead of one per tag.
 */
export class BlockCachedReader implements ByteReader {
  private readonly blocks = new Map<number, Promise<Uint8Array>>();
  constructor(
    private readonly inner: ByteReader,
    private readonly blockBytes = 64 * 1024,
  ) {}
  get id(): string {
    return this.inner.id;
  }
  get size(): number {
    return this.inner.size;
  }
  private block(index: number, signal?: AbortSignal): Promise<Uint8Array> {
    let b = this.blocks.get(index);
    if (!b) {
      b = this.inner.read(index * this.blockBytes, this.blockBytes, signal);
      this.blocks.set(index, b);
    }
    return b;
  }
  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    const first = Math.floor(offset / this.blockBytes);
    const last = Math.floor((end - 1) / this.blockBytes);
    if (length > 4 * this.blockBytes) return this.inner.read(offset, length, signal);
    if (first === last) {
      const b = await this.block(first, signal);
      const a = offset - first * this.blockBytes;
      return b.subarray(a, a + (end - offset));
    }
    const out = new Uint8Array(end - offset);
    for (let i = first; i <= last; i++) {
      const b = await this.block(i, signal);
      const blockStart = i * this.blockBytes;
      const from = Math.max(offset, blockStart);
      const to = Math.min(end, blockStart + b.length);
      if (to > from) out.set(b.subarray(from - blockStart, to - blockStart), from - offset);
    }
    return out;
  }
}
