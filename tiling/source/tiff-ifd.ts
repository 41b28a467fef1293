/**
 * A minimal TIFF / BigTIFF structure parser: header, the chain of IFDs (image file directories),
 * and tag values read on demand. It reads no pixels; `tiff-subset.ts` repackages the compressed
 * tiles or strips a window needs so libvips decodes only those.
 *
 * Reference: TIFF 6.0 (Adobe, 1992), BigTIFF (www.awaresystems.be/imaging/tiff/bigtiff.html).
 */
import { DataError } from '../core';
import type { ByteReader } from './byte-reader';

/** TIFF tag numbers used by the tiler. */
export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SubIFDs: 330,
  ExtraSamples: 338,
  SampleFormat: 339,
  JPEGTables: 347,
  YCbCrCoefficients: 529,
  YCbCrSubSampling: 530,
  YCbCrPositioning: 531,
  ReferenceBlackWhite: 532,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;

/** Byte size of one value of each TIFF field type (0 for unknown types). */
const TYPE_SIZE: Record<number, number> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8
  17: 8, // SLONG8
  18: 8, // IFD8
};

/** One directory entry; the value is inline (small) or at `valueOffset`. */
export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** Offset of the value in the file, or -1 when the value is stored inline. */
  valueOffset: number;
  /** The value bytes when inline (4 bytes in TIFF, 8 in BigTIFF). */
  inline: Uint8Array | null;
}

/** One image file directory: one image (full resolution, overview or mask). */
export interface TiffIfd {
  /** Offset of the directory in the file. */
  offset: number;
  entries: Map<number, TiffEntry>;
}

/** The structure of a TIFF file, without pixels. */
export interface TiffStructure {
  littleEndian: boolean;
  bigTiff: boolean;
  ifds: TiffIfd[];
}

/** At most this many IFDs are walked (GDAL writes one per overview and mask). */
const MAX_IFDS = 256;

function fail(reader: ByteReader, what: string): DataError {
  return new DataError(
    `tiling: dalle "${reader.id}" is not a readable TIFF: ${what}. The file may be truncated or corrupt; copy it again or re-export it (gdal_translate).`,
  );
}

/**
 * Parses the header and every IFD of a TIFF or BigTIFF (tags only; values on demand).
 * @throws DataError when the bytes are not a TIFF or the directories point outside the file.
 */
export async function parseTiff(reader: ByteReader, signal?: AbortSignal): Promise<TiffStructure> {
  const head = await reader.read(0, 16, signal);
  if (head.length < 8) throw fail(reader, `the file is only ${reader.size} bytes long`);
  const order = String.fromCharCode(head[0] as number, head[1] as number);
  if (order !== 'II' && order !== 'MM') {
    throw fail(reader, `it starts with bytes ${hex(head.subarray(0, 4))}, expected "II*" or "MM*" (TIFF)`);
  }
  const le = order === 'II';
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = dv.getUint16(2, le);
  let bigTiff: boolean;
  let next: number;
  if (magic === 42) {
    bigTiff = false;
    next = dv.getUint32(4, le);
  } else if (magic === 43) {
    if (head.length < 16) throw fail(reader, 'the BigTIFF header is cut short');
    bigTiff = true;
    next = Number(dv.getBigUint64(8, le));
  } else {
    throw fail(reader, `TIFF version ${magic}, expected 42 (TIFF) or 43 (BigTIFF)`);
  }
  const ifds: TiffIfd[] = [];
  const seen = new Set<number>();
  while (next !== 0) {
    if (seen.has(next)) throw fail(reader, `IFD chain loops back to offset ${next}`);
    if (ifds.length >= MAX_IFDS) throw fail(reader, `more than ${MAX_IFDS} IFDs`);
    seen.add(next);
    const { ifd, nextOffset } = await readIfd(reader, next, le, bigTiff, signal);
    ifds.push(ifd);
    next = nextOffset;
  }
  if (ifds.length === 0) throw fail(reader, 'it holds no image directory');
  return { littleEndian: le, bigTiff, ifds };
}

async function readIfd(
  reader: ByteReader,
  offset: number,
  le: boolean,
  bigTiff: boolean,
  signal?: AbortSignal,
): Promise<{ ifd: TiffIfd; nextOffset: number }> {
  const countBytes = bigTiff ? 8 : 2;
  const entryBytes = bigTiff ? 20 : 12;
  const nextBytes = bigTiff ? 8 : 4;
  if (offset + countBytes > reader.size) {
    throw fail(reader, `an IFD starts at byte ${offset}, past the end of the ${reader.size}-byte file`);
  }
  const cb = await reader.read(offset, countBytes, signal);
  const cdv = new DataView(cb.buffer, cb.byteOffset, cb.byteLength);
  const n = bigTiff ? Number(cdv.getBigUint64(0, le)) : cdv.getUint16(0, le);
  const total = countBytes + n * entryBytes + nextBytes;
  if (n === 0 || n > 10000 || offset + total > reader.size) {
    throw fail(
      reader,
      `the IFD at byte ${offset} (${n} entries) does not fit in the ${reader.size}-byte file`,
    );
  }
  const b = await reader.read(offset, total, signal);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const entries = new Map<number, TiffEntry>();
  const inlineBytes = bigTiff ? 8 : 4;
  for (let i = 0; i < n; i++) {
    const p = countBytes + i * entryBytes;
    const tag = dv.getUint16(p, le);
    const type = dv.getUint16(p + 2, le);
    const count = bigTiff ? Number(dv.getBigUint64(p + 4, le)) : dv.getUint32(p + 4, le);
    const valuePos = p + (bigTiff ? 12 : 8);
    const size = (TYPE_SIZE[type] ?? 0) * count;
    if (size === 0 && TYPE_SIZE[type] === undefined) continue; // unknown type: skip, as libtiff does
    if (size <= inlineBytes) {
      entries.set(tag, {
        tag,
        type,
        count,
        valueOffset: -1,
        inline: b.slice(valuePos, valuePos + inlineBytes),
      });
    } else {
      const valueOffset = bigTiff ? Number(dv.getBigUint64(valuePos, le)) : dv.getUint32(valuePos, le);
      if (valueOffset + size > reader.size) {
        throw fail(
          reader,
          `tag ${tag} needs bytes ${valueOffset}..${valueOffset + size}, past the end of the ${reader.size}-byte file`,
        );
      }
      entries.set(tag, { tag, type, count, valueOffset, inline: null });
    }
  }
  const np = countBytes + n * entryBytes;
  const nextOffset = bigTiff ? Number(dv.getBigUint64(np, le)) : dv.getUint32(np, le);
  return { ifd: { offset, entries }, nextOffset };
}

/** The raw bytes of a tag's value (inline or read from the file). */
export async function readTagBytes(
  reader: ByteReader,
  entry: TiffEntry,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const size = (TYPE_SIZE[entry.type] ?? 0) * entry.count;
  if (entry.inline) return entry.inline.subarray(0, size);
  const b = await reader.read(entry.valueOffset, size, signal);
  if (b.length < size) throw fail(reader, `tag ${entry.tag} is cut short`);
  return b;
}

/** Decodes a tag's value bytes as numbers (rationals as quotients, 64-bit as doubles). */
export function decodeTagValues(bytes: Uint8Array, type: number, count: number, le: boolean): Float64Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 1:
      case 2:
      case 7:
        out[i] = dv.getUint8(i);
        break;
      case 6:
        out[i] = dv.getInt8(i);
        break;
      case 3:
        out[i] = dv.getUint16(i * 2, le);
        break;
      case 8:
        out[i] = dv.getInt16(i * 2, le);
        break;
      case 4:
      case 13:
        out[i] = dv.getUint32(i * 4, le);
        break;
      case 9:
        out[i] = dv.getInt32(i * 4, le);
        break;
      case 5:
        out[i] = dv.getUint32(i * 8, le) / dv.getUint32(i * 8 + 4, le);
        break;
      case 10:
        out[i] = dv.getInt32(i * 8, le) / dv.getInt32(i * 8 + 4, le);
        break;
      case 11:
        out[i] = dv.getFloat32(i * 4, le);
        break;
      case 12:
        out[i] = dv.getFloat64(i * 8, le);
        break;
      case 16:
      case 18:
        out[i] = Number(dv.getBigUint64(i * 8, le));
        break;
      case 17:
        out[i] = Number(dv.getBigInt64(i * 8, le));
        break;
      default:
        out[i] = Number.NaN;
    }
  }
  return out;
}

/** Reads a numeric tag; `undefined` when the tag is absent. */
export async function readTagNumbers(
  reader: ByteReader,
  tiff: TiffStructure,
  ifd: TiffIfd,
  tag: number,
  signal?: AbortSignal,
): Promise<Float64Array | undefined> {
  const e = ifd.entries.get(tag);
  if (!e) return undefined;
  return decodeTagValues(await readTagBytes(reader, e, signal), e.type, e.count, tiff.littleEndian);
}

/** Reads an ASCII tag without its trailing NUL; `undefined` when absent. */
export async function readTagString(
  reader: ByteReader,
  ifd: TiffIfd,
  tag: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const e = ifd.entries.get(tag);
  if (!e) return undefined;
  const b = await readTagBytes(reader, e, signal);
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return new TextDecoder('latin1').decode(b.subarray(0, end));
}

/** The first value of a numeric tag stored inline (SHORT/LONG scalars), or `fallback`. */
export function inlineScalar(tiff: TiffStructure, ifd: TiffIfd, tag: number, fallback: number): number {
  const e = ifd.entries.get(tag);
  if (!e?.inline) return fallback;
  const v = decodeTagValues(e.inline, e.type, 1, tiff.littleEndian)[0];
  return v === undefined || Number.isNaN(v) ? fallback : v;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
