/**
 * Repackages the part of a TIFF image that a pixel window needs into a small standalone TIFF in
 * memory: the same compressed tiles (or strips) byte for byte, a new directory pointing at them.
 * libvips then decodes only those blocks. This gives true random access on stripped files too
 * (libvips reads strips sequentially from the top of a file), bounds memory by the window, and
 * keeps one decoder (libtiff inside libvips) for every compression.
 * Pure: it computes ranges and assembles bytes; reading is the caller's.
 */
import type { PixelWindow } from '../core';

/** A tag copied verbatim into the subset. */
export interface RawTag {
  tag: number;
  type: number;
  count: number;
  bytes: Uint8Array;
}

/** The block layout of one TIFF image (IFD), as read from its tags. */
export interface TiffLayout {
  width: number;
  height: number;
  samplesPerPixel: number;
  /** Bits of the first sample (the tiler requires all samples alike). */
  bitsPerSample: number;
  compression: number;
  /** 1 chunky (RGBRGB...), 2 planar (one plane per band). */
  planar: 1 | 2;
  tiled: boolean;
  /** Tile width, or the image width for strips. */
  blockWidth: number;
  /** Tile height, or RowsPerStrip for strips. */
  blockHeight: number;
  /** Offsets and byte counts of every block, planes one after the other when planar. */
  offsets: Float64Array;
  byteCounts: Float64Array;
  /** Tags copied as they are (bits, compression, photometric, predictor, JPEG tables...). */
  copyTags: RawTag[];
  littleEndian: boolean;
}

/** Blocks across and down. */
export function blockGrid(layout: TiffLayout): { across: number; down: number } {
  return {
    across: Math.ceil(layout.width / layout.blockWidth),
    down: Math.ceil(layout.height / layout.blockHeight),
  };
}

/** Decoded bytes of one block (one plane when planar). */
export function blockDecodedBytes(layout: TiffLayout): number {
  const samples = layout.planar === 2 ? 1 : layout.samplesPerPixel;
  return Math.ceil((layout.blockWidth * samples * layout.bitsPerSample) / 8) * layout.blockHeight;
}

/** What to read and how the subset image sits in the source image. */
export interface SubsetPlan {
  /** Pixel rectangle of the source image that the subset image covers. */
  covers: PixelWindow;
  /** Byte ranges to read, in the order the subset stores them. */
  ranges: { offset: number; length: number }[];
  /** How the subset's blocks are laid out. */
  blockWidth: number;
  blockHeight: number;
  tiled: boolean;
  /** Number of blocks per plane in the subset. */
  blocksPerPlane: number;
  /** When true, each plane's ranges are concatenated into one strip (uncompressed rows). */
  concatenatePerPlane: boolean;
}

/**
 * Plans the subset covering `window` (already clipped to the image).
 * Uncompressed images are cut row by row, so even a single-strip file is read by its rows only.
 */
export function planSubset(layout: TiffLayout, window: PixelWindow): SubsetPlan {
  const { across, down } = blockGrid(layout);
  const planes = layout.planar === 2 ? layout.samplesPerPixel : 1;
  const ranges: { offset: number; length: number }[] = [];
  if (layout.compression === 1 && !layout.tiled) {
    const samples = layout.planar === 2 ? 1 : layout.samplesPerPixel;
    const rowBytes = Math.ceil((layout.width * samples * layout.bitsPerSample) / 8);
    const y0 = window.y;
    const y1 = window.y + window.height;
    for (let p = 0; p < planes; p++) {
      let r = y0;
      while (r < y1) {
        const s = Math.floor(r / layout.blockHeight);
        const stripEnd = Math.min(y1, (s + 1) * layout.blockHeight);
        const base = layout.offsets[p * down + s] ?? 0;
        ranges.push({
          offset: base + (r - s * layout.blockHeight) * rowBytes,
          length: (stripEnd - r) * rowBytes,
        });
        r = stripEnd;
      }
    }
    return {
      covers: { x: 0, y: y0, width: layout.width, height: y1 - y0 },
      ranges,
      blockWidth: layout.width,
      blockHeight: y1 - y0,
      tiled: false,
      blocksPerPlane: 1,
      concatenatePerPlane: true,
    };
  }
  const bx0 = Math.floor(window.x / layout.blockWidth);
  const by0 = Math.floor(window.y / layout.blockHeight);
  const bx1 = Math.min(across, Math.ceil((window.x + window.width) / layout.blockWidth));
  const by1 = Math.min(down, Math.ceil((window.y + window.height) / layout.blockHeight));
  if (!layout.tiled) {
    // Strips span the full width.
    for (let p = 0; p < planes; p++) {
      for (let by = by0; by < by1; by++) {
        const i = p * down + by;
        ranges.push({ offset: layout.offsets[i] ?? 0, length: layout.byteCounts[i] ?? 0 });
      }
    }
    const y = by0 * layout.blockHeight;
    return {
      covers: { x: 0, y, width: layout.width, height: Math.min(layout.height, by1 * layout.blockHeight) - y },
      ranges,
      blockWidth: layout.width,
      blockHeight: layout.blockHeight,
      tiled: false,
      blocksPerPlane: by1 - by0,
      concatenatePerPlane: false,
    };
  }
  for (let p = 0; p < planes; p++) {
    for (let by = by0; by < by1; by++) {
      for (let bx = bx0; bx < bx1; bx++) {
        const i = p * across * down + by * across + bx;
        ranges.push({ offset: layout.offsets[i] ?? 0, length: layout.byteCounts[i] ?? 0 });
      }
    }
  }
  const x = bx0 * layout.blockWidth;
  const y = by0 * layout.blockHeight;
  return {
    // Edge tiles are stored whole, so the subset may stop at the image edge inside a tile.
    covers: {
      x,
      y,
      width: Math.min(layout.width, bx1 * layout.blockWidth) - x,
      height: Math.min(layout.height, by1 * layout.blockHeight) - y,
    },
    ranges,
    blockWidth: layout.blockWidth,
    blockHeight: layout.blockHeight,
    tiled: true,
    blocksPerPlane: (bx1 - bx0) * (by1 - by0),
    concatenatePerPlane: false,
  };
}

const T_SHORT = 3;
const T_LONG = 4;

/**
 * Assembles the standalone TIFF of a plan from the bytes read for its ranges.
 * @param photometricOverride replaces PhotometricInterpretation (GDAL masks, 4, are read as 1).
 */
export function assembleSubset(
  layout: TiffLayout,
  plan: SubsetPlan,
  blocks: readonly Uint8Array[],
  photometricOverride?: number,
): Uint8Array {
  const planes = layout.planar === 2 ? layout.samplesPerPixel : 1;
  // The data blocks of the subset: one per range, or one per plane (concatenated rows).
  let data: Uint8Array[];
  if (plan.concatenatePerPlane) {
    const perPlane = blocks.length / planes;
    data = [];
    for (let p = 0; p < planes; p++) data.push(concat(blocks.slice(p * perPlane, (p + 1) * perPlane)));
  } else {
    data = blocks as Uint8Array[];
  }
  const le = layout.littleEndian;
  const tags: RawTag[] = [];
  const put = (tag: number, type: number, values: readonly number[]): void => {
    const size = type === T_SHORT ? 2 : 4;
    const bytes = new Uint8Array(values.length * size);
    const dv = new DataView(bytes.buffer);
    values.forEach((v, i) => {
      if (type === T_SHORT) dv.setUint16(i * size, v, le);
      else dv.setUint32(i * size, v, le);
    });
    tags.push({ tag, type, count: values.length, bytes });
  };
  put(256, T_LONG, [plan.covers.width]);
  put(257, T_LONG, [plan.covers.height]);
  for (const t of layout.copyTags) {
    if (t.tag === 262 && photometricOverride !== undefined) put(262, T_SHORT, [photometricOverride]);
    else tags.push(t);
  }
  // Offsets are filled once the layout is known; byte counts now.
  const counts = data.map((d) => d.length);
  if (plan.tiled) {
    put(322, T_LONG, [plan.blockWidth]);
    put(323, T_LONG, [plan.blockHeight]);
    put(
      324,
      T_LONG,
      counts.map(() => 0),
    );
    put(325, T_LONG, counts);
  } else {
    put(
      273,
      T_LONG,
      counts.map(() => 0),
    );
    put(278, T_LONG, [plan.blockHeight]);
    put(279, T_LONG, counts);
  }
  tags.sort((a, b) => a.tag - b.tag);

  // Size first, then write.
  const ifdBytes = 2 + tags.length * 12 + 4;
  let outOfLine = 0;
  for (const t of tags) if (t.bytes.length > 4) outOfLine += t.bytes.length + (t.bytes.length & 1);
  let dataBytes = 0;
  for (const d of data) dataBytes += d.length;
  const total = 8 + ifdBytes + outOfLine + dataBytes;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out[0] = le ? 0x49 : 0x4d;
  out[1] = out[0];
  dv.setUint16(2, 42, le);
  dv.setUint32(4, 8, le);
  // Data offsets.
  let dataPos = 8 + ifdBytes + outOfLine;
  const offsets: number[] = [];
  for (const d of data) {
    out.set(d, dataPos);
    offsets.push(dataPos);
    dataPos += d.length;
  }
  const offsetsTag = tags.find((t) => t.tag === (plan.tiled ? 324 : 273));
  if (offsetsTag) {
    const odv = new DataView(
      offsetsTag.bytes.buffer,
      offsetsTag.bytes.byteOffset,
      offsetsTag.bytes.byteLength,
    );
    offsets.forEach((o, i) => {
      odv.setUint32(i * 4, o, le);
    });
  }
  dv.setUint16(8, tags.length, le);
  let extra = 8 + ifdBytes;
  tags.forEach((t, i) => {
    const p = 10 + i * 12;
    dv.setUint16(p, t.tag, le);
    dv.setUint16(p + 2, t.type, le);
    dv.setUint32(p + 4, t.count, le);
    if (t.bytes.length <= 4) {
      out.set(t.bytes, p + 8);
    } else {
      dv.setUint32(p + 8, extra, le);
      out.set(t.bytes, extra);
      extra += t.bytes.length + (t.bytes.length & 1);
    }
  });
  dv.setUint32(10 + tags.length * 12, 0, le);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
