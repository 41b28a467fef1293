/**
 * `MemoryRasterSource`: a dalle held in memory, for tests and for sources built on the fly.
 * Same contract as the file sources: windows come back as RGBA 8-bit, alpha 0 outside the raster,
 * on nodata and where the alpha band says so.
 */
import type { GeoTransform, PixelWindow, RasterInfo, RasterSource, ReadWindowOptions } from '../core';
import { DataError } from '../core';

const NAME = 'tiling/source/memory';

/** A RasterInfo with the values of a PCRS dalle (8-bit RGB, EPSG:2154, 5 cm) unless overridden. */
export function createMemoryRasterInfo(
  overrides: Partial<RasterInfo> & { width: number; height: number },
): RasterInfo {
  return {
    id: 'memory',
    bands: 3,
    bitsPerSample: 8,
    sampleFormat: 1,
    epsg: 2154,
    geoTransform: [708000, 0.05, 0, 7058000, 0, -0.05],
    nodata: null,
    hasAlpha: false,
    compression: 1,
    tiled: false,
    overviews: 0,
    ...overrides,
  };
}

/** A raster in memory: `pixels` interleaved, `info.bands` 8-bit samples a pixel, row-major. */
export class MemoryRasterSource implements RasterSource {
  readonly info: RasterInfo;
  readonly pixels: Uint8Array;
  /** Every window read so far (tests check that only the needed windows are read). */
  readonly reads: PixelWindow[] = [];
  private closed = false;

  constructor(info: RasterInfo, pixels: Uint8Array) {
    const expected = info.width * info.height * info.bands;
    if (pixels.length !== expected || info.bitsPerSample !== 8) {
      throw new DataError(
        `${NAME}: raster "${info.id}" has ${pixels.length} bytes at ${info.bitsPerSample} bits; expected ${expected} bytes (${info.width} x ${info.height} x ${info.bands}) at 8 bits.`,
      );
    }
    this.info = info;
    this.pixels = pixels;
  }

  async readWindow(window: PixelWindow, options: ReadWindowOptions = {}): Promise<Uint8Array> {
    if (this.closed) throw new Error(`${NAME}: raster "${this.info.id}" is closed`);
    options.signal?.throwIfAborted();
    const { width, height, bands, nodata, hasAlpha } = this.info;
    const [b0, b1, b2] = options.bands ?? (bands >= 3 ? [0, 1, 2] : [0, 0, 0]);
    const alphaBand = hasAlpha ? bands - 1 : -1;
    for (const b of [b0, b1, b2]) {
      if (b < 0 || b >= bands) {
        throw new DataError(
          `${NAME}: raster "${this.info.id}" has ${bands} bands; band ${b + 1} was asked for. Pass --bands with values 1..${bands}.`,
        );
      }
    }
    this.reads.push({ ...window });
    const out = new Uint8Array(window.width * window.height * 4);
    const src = this.pixels;
    for (let r = 0; r < window.height; r++) {
      const sy = window.y + r;
      if (sy < 0 || sy >= height) continue;
      let o = r * window.width * 4;
      for (let c = 0; c < window.width; c++, o += 4) {
        const sx = window.x + c;
        if (sx < 0 || sx >= width) continue;
        const p = (sy * width + sx) * bands;
        const red = src[p + b0] as number;
        const green = src[p + b1] as number;
        const blue = src[p + b2] as number;
        if (nodata !== null && red === nodata && green === nodata && blue === nodata) continue;
        out[o] = red;
        out[o + 1] = green;
        out[o + 2] = blue;
        out[o + 3] = alphaBand >= 0 ? (src[p + alphaBand] as number) : 255;
      }
    }
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Options of the memory raster builders. */
export interface MemoryRasterOptions {
  id: string;
  geoTransform: GeoTransform;
  epsg: number | null;
  nodata: number | null;
  /** When true the last band is alpha (bands must then be 4 or more). */
  hasAlpha: boolean;
}

/** A raster whose band values are `value(x, y, band)` at the CRS position (x, y) of each pixel centre. */
export function createFunctionRaster(
  width: number,
  height: number,
  bands: number,
  value: (x: number, y: number, band: number, col: number, row: number) => number,
  options: Partial<MemoryRasterOptions> = {},
): MemoryRasterSource {
  const info = createMemoryRasterInfo({ width, height, bands, ...options });
  const [t0, t1, t2, t3, t4, t5] = info.geoTransform;
  const pixels = new Uint8Array(width * height * bands);
  let p = 0;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const x = t0 + (col + 0.5) * t1 + (row + 0.5) * t2;
      const y = t3 + (col + 0.5) * t4 + (row + 0.5) * t5;
      for (let b = 0; b < bands; b++)
        pixels[p++] = Math.max(0, Math.min(255, Math.round(value(x, y, b, col, row))));
    }
  }
  return new MemoryRasterSource(info, pixels);
}

/**
 * A smooth colour field that depends only on the CRS position, so neighbouring dalles built with it
 * join without a seam: red varies with x (period 12.8 m), green with y (9.6 m), blue along the
 * diagonal (20 m); a fourth band, if any, is a constant 200 (an IR band) or 255 when it is alpha.
 */
export function createGradientRaster(
  width: number,
  height: number,
  bands = 3,
  options: Partial<MemoryRasterOptions> = {},
): MemoryRasterSource {
  const TAU = 2 * Math.PI;
  return createFunctionRaster(
    width,
    height,
    bands,
    (x, y, b) => {
      if (b === 0) return 127.5 + 120 * Math.sin((TAU * x) / 12.8);
      if (b === 1) return 127.5 + 120 * Math.sin((TAU * y) / 9.6);
      if (b === 2) return 127.5 + 120 * Math.sin((TAU * (x + y)) / 20);
      return options.hasAlpha && b === bands - 1 ? 255 : 200;
    },
    options,
  );
}
