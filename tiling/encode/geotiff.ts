// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * Writing GeoTIFFs: the georeferencing tags, added to a TIFF that another encoder wrote, and a
 * small encoder of single-band Float32 rasters (DEMs). Pure: bytes in, bytes out; compression is
 * injected (`compress`), so this file imports nothing from node.
 *
 * Why both: sharp/libvips writes tiled JPEG (YCbCr) TIFFs fast but without GeoTIFF tags, and it
 * cannot write a Float32 single-band image. GDAL reads both results (checked in tests with
 * `gdalinfo`).
 *
 * GeoTIFF tags used (GeoTIFF 1.1, OGC 19-008r4): ModelPixelScale (33550), ModelTiepoint (33922),
 * GeoKeyDirectory (34735) with GTModelType = projected, GTRasterType = PixelIsArea (the tie point is
 * the corner of the top-left pixel), ProjectedCSType = the EPSG code, GTCitation in GeoAsciiParams
 * (34737); and GDAL's own GDAL_NODATA (42113, ASCII).
 */

/** Where a north-up raster sits: the EPSG code and the top-left corner of its top-left pixel. */
export interface GeoReference {
  /** EPSG code of a projected CRS (2154 for Lambert-93). */
  epsg: number;
  /** X of the west edge of the raster, CRS units. */
  originX: number;
  /** Y of the north edge of the raster, CRS units. */
  originY: number;
  /** Pixel width, CRS units. */
  pixelSizeX: number;
  /** Pixel height (positive), CRS units. */
  pixelSizeY: number;
  /** Name of the CRS written in the GTCitation key (default "EPSG:<code>"). */
  citation?: string;
}

/** Extra tags for `addGeoTiffTags`. */
export interface GeoTiffExtras {
  /** GDAL_NODATA value, written as text like GDAL does. */
  nodata?: number;
}

/** TIFF field types used here. */
const T = { ASCII: 2, SHORT: 3, LONG: 4, DOUBLE: 12 } as const;
type FieldType = (typeof T)[keyof typeof T];

const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

/** A tag to write: its values as numbers (SHORT, LONG, DOUBLE) or text (ASCII, NUL added). */
interface NewTag {
  tag: number;
  type: FieldType;
  values: number[] | string;
}

const PIXEL_SCALE = 33550;
const TIEPOINT = 33922;
const GEO_KEYS = 34735;
const GEO_ASCII = 34737;
const GDAL_NODATA = 42113;

function geoTags(geo: GeoReference, extras: GeoTiffExtras): NewTag[] {
  const citation = `${geo.citation ?? `EPSG:${geo.epsg}`}|`;
  const tags: NewTag[] = [
    { tag: PIXEL_SCALE, type: T.DOUBLE, values: [geo.pixelSizeX, geo.pixelSizeY, 0] },
    { tag: TIEPOINT, type: T.DOUBLE, values: [0, 0, 0, geo.originX, geo.originY, 0] },
    {
      tag: GEO_KEYS,
      type: T.SHORT,
      // Header (version 1.1.0, 4 keys), then (key, location, count, value) sorted by key.
      values: [
        1,
        1,
        0,
        4,
        1024,
        0,
        1,
        1,
        1025,
        0,
        1,
        1,
        1026,
        GEO_ASCII,
        citation.length,
        0,
        3072,
        0,
        1,
        geo.epsg,
      ],
    },
    { tag: GEO_ASCII, type: T.ASCII, values: citation },
  ];
  if (extras.nodata !== undefined)
    tags.push({ tag: GDAL_NODATA, type: T.ASCII, values: formatNodata(extras.nodata) });
  return tags;
}

function formatNodata(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.fround(v));
}

function tagBytes(t: NewTag): number {
  if (typeof t.values === 'string') return t.values.length + 1;
  return t.values.length * TYPE_SIZE[t.type]!;
}

function tagCount(t: NewTag): number {
  return typeof t.values === 'string' ? t.values.length + 1 : t.values.length;
}

function writeValues(dv: DataView, at: number, t: NewTag): void {
  if (typeof t.values === 'string') {
    for (let i = 0; i < t.values.length; i++) dv.setUint8(at + i, t.values.charCodeAt(i) & 0x7f);
    dv.setUint8(at + t.values.length, 0);
    return;
  }
  const v = t.values;
  for (let i = 0; i < v.length; i++) {
    if (t.type === T.SHORT) dv.setUint16(at + i * 2, v[i]!, true);
    else if (t.type === T.LONG) dv.setUint32(at + i * 4, v[i]!, true);
    else dv.setFloat64(at + i * 8, v[i]!, true);
  }
}

/** A raw IFD entry copied from an existing file (its value or offset kept as is). */
interface RawEntry {
  tag: number;
  bytes: Uint8Array;
}

/**
 * Adds GeoTIFF georeferencing (and optionally GDAL_NODATA) to a classic little-endian TIFF, such as
 * sharp writes: a new first IFD holding the old entries plus the geo tags, sorted by tag, is
 * appended at the end and the header points to it. Image data and the old entries' values are not
 * touched (the old IFD stays as a few unused bytes). Deterministic: same input, same bytes.
 * @throws Error when the input is not a classic little-endian TIFF (a programming error here: the
 * input comes from our own encoder).
 */
export function addGeoTiffTags(tiff: Uint8Array, geo: GeoReference, extras: GeoTiffExtras = {}): Uint8Array {
  const src = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (tiff.length < 8 || src.getUint16(0, true) !== 0x4949 || src.getUint16(2, true) !== 42)
    throw new Error('encode/geotiff: addGeoTiffTags expects a classic little-endian TIFF ("II", 42)');
  const ifd = src.getUint32(4, true);
  const n = src.getUint16(ifd, true);
  const next = src.getUint32(ifd + 2 + n * 12, true);
  const added = geoTags(geo, extras);
  const addedSet = new Set(added.map((t) => t.tag));
  const raw: RawEntry[] = [];
  for (let i = 0; i < n; i++) {
    const at = ifd + 2 + i * 12;
    const tag = src.getUint16(at, true);
    if (!addedSet.has(tag)) raw.push({ tag, bytes: tiff.subarray(at, at + 12) });
  }
  const count = raw.length + added.length;
  const ifdAt = tiff.length + (tiff.length & 1);
  const ifdSize = 2 + count * 12 + 4;
  let valuesAt = ifdAt + ifdSize;
  const outLength = valuesAt + added.reduce((s, t) => s + ((tagBytes(t) + 1) & ~1), 0);
  const out = new Uint8Array(outLength);
  out.set(tiff, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, ifdAt, true);
  dv.setUint16(ifdAt, count, true);
  const entries: { tag: number; write: (at: number) => void }[] = raw.map((e) => ({
    tag: e.tag,
    write: (at) => out.set(e.bytes, at),
  }));
  for (const t of added) {
    const size = tagBytes(t);
    let offset = -1;
    if (size > 4) {
      offset = valuesAt;
      writeValues(dv, valuesAt, t);
      valuesAt += (size + 1) & ~1;
    }
    entries.push({
      tag: t.tag,
      write: (at) => {
        dv.setUint16(at, t.tag, true);
        dv.setUint16(at + 2, t.type, true);
        dv.setUint32(at + 4, tagCount(t), true);
        if (offset >= 0) dv.setUint32(at + 8, offset, true);
        else writeValues(dv, at + 8, t);
      },
    });
  }
  entries.sort((a, b) => a.tag - b.tag);
  for (const [i, e] of entries.entries()) e.write(ifdAt + 2 + i * 12);
  dv.setUint32(ifdAt + 2 + count * 12, next, true);
  return out;
}

/** Options of `encodeFloat32GeoTiff`. */
export interface Float32TiffOptions {
  /** Tile side, pixels, multiple of 16 (default 256). */
  tileSize?: number;
  /** GDAL_NODATA value (default none). */
  nodata?: number;
  /**
   * Compresses one tile's bytes to a zlib stream (TIFF "Adobe Deflate", code 8), e.g.
   * `(b) => zlib.deflateSync(b)`. Without it tiles are stored uncompressed.
   */
  compress?: (bytes: Uint8Array) => Uint8Array;
  /** 3 = floating-point predictor before compression (smaller DEMs), 1 = none (default 3 when compressing). */
  predictor?: 1 | 3;
}

/**
 * Applies the TIFF floating-point predictor (Adobe TIFF Technote 3) to one row of float32 samples
 * given as little-endian bytes: bytes are regrouped most significant first, then differenced.
 */
function floatPredictRow(row: Uint8Array, width: number, out: Uint8Array): void {
  for (let i = 0; i < width; i++) for (let b = 0; b < 4; b++) out[(3 - b) * width + i] = row[i * 4 + b]!;
  for (let i = out.length - 1; i > 0; i--) out[i] = (out[i]! - out[i - 1]!) & 0xff;
}

/**
 * Encodes a single-band Float32 raster (row-major, `width * height` values) as a tiled GeoTIFF
 * (classic TIFF, little-endian, SampleFormat IEEE float, BlackIsZero). Sizes are computed first,
 * then everything is written once through a DataView.
 */
export function encodeFloat32GeoTiff(
  data: Float32Array,
  width: number,
  height: number,
  geo: GeoReference,
  options: Float32TiffOptions = {},
): Uint8Array {
  if (data.length !== width * height)
    throw new Error(`encode/geotiff: ${data.length} values for ${width}x${height} pixels`);
  const ts = options.tileSize ?? 256;
  const compress = options.compress;
  const predictor = compress ? (options.predictor ?? 3) : 1;
  const across = Math.ceil(width / ts);
  const down = Math.ceil(height / ts);
  const fill = options.nodata ?? 0;
  const tiles: Uint8Array[] = [];
  const tile = new Float32Array(ts * ts);
  const tileBytes = new Uint8Array(tile.buffer);
  const rowOut = new Uint8Array(ts * 4);
  for (let ty = 0; ty < down; ty++)
    for (let tx = 0; tx < across; tx++) {
      tile.fill(fill);
      for (let y = 0; y < ts; y++) {
        const sy = ty * ts + y;
        if (sy >= height) break;
        const sx = tx * ts;
        const n = Math.min(ts, width - sx);
        tile.set(data.subarray(sy * width + sx, sy * width + sx + n), y * ts);
      }
      // Float32Array uses the platform's byte order; TIFF here is little-endian.
      const le = littleEndianBytes(tile, tileBytes);
      let raw = le;
      if (predictor === 3) {
        raw = new Uint8Array(le.length);
        for (let y = 0; y < ts; y++) {
          floatPredictRow(le.subarray(y * ts * 4, (y + 1) * ts * 4), ts, rowOut);
          raw.set(rowOut, y * ts * 4);
        }
      }
      tiles.push(compress ? compress(raw) : raw.slice());
    }
  const nTiles = tiles.length;
  const tags: NewTag[] = [
    { tag: 256, type: T.LONG, values: [width] },
    { tag: 257, type: T.LONG, values: [height] },
    { tag: 258, type: T.SHORT, values: [32] },
    { tag: 259, type: T.SHORT, values: [compress ? 8 : 1] },
    { tag: 262, type: T.SHORT, values: [1] },
    { tag: 277, type: T.SHORT, values: [1] },
    { tag: 284, type: T.SHORT, values: [1] },
    ...(compress ? [{ tag: 317, type: T.SHORT, values: [predictor] }] : []),
    { tag: 322, type: T.SHORT, values: [ts] },
    { tag: 323, type: T.SHORT, values: [ts] },
    { tag: 324, type: T.LONG, values: new Array<number>(nTiles).fill(0) },
    { tag: 325, type: T.LONG, values: tiles.map((t) => t.length) },
    { tag: 339, type: T.SHORT, values: [3] },
    ...geoTags(geo, options.nodata === undefined ? {} : { nodata: options.nodata }),
  ].sort((a, b) => a.tag - b.tag);
  const ifdAt = 8;
  const ifdSize = 2 + tags.length * 12 + 4;
  let at = ifdAt + ifdSize;
  const valueAt = new Map<number, number>();
  for (const t of tags) {
    const size = tagBytes(t);
    if (size > 4) {
      valueAt.set(t.tag, at);
      at += (size + 1) & ~1;
    }
  }
  const offsets = tags.find((t) => t.tag === 324)?.values as number[];
  for (let i = 0; i < nTiles; i++) {
    offsets[i] = at;
    at += tiles[i]!.length;
  }
  const out = new Uint8Array(at);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 0x4949, true);
  dv.setUint16(2, 42, true);
  dv.setUint32(4, ifdAt, true);
  dv.setUint16(ifdAt, tags.length, true);
  tags.forEach((t, i) => {
    const e = ifdAt + 2 + i * 12;
    dv.setUint16(e, t.tag, true);
    dv.setUint16(e + 2, t.type, true);
    dv.setUint32(e + 4, tagCount(t), true);
    const off = valueAt.get(t.tag);
    if (off !== undefined) {
      dv.setUint32(e + 8, off, true);
      writeValues(dv, off, t);
    } else writeValues(dv, e + 8, t);
  });
  dv.setUint32(ifdAt + 2 + tags.length * 12, 0, true);
  for (let i = 0; i < nTiles; i++) out.set(tiles[i]!, offsets[i]!);
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(values: Float32Array, bytes: Uint8Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return bytes;
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i]!, true);
  return out;
}
