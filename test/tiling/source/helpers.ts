/**
 * Builders for the source tests: synthetic rasters written as ENVI, GeoTIFFs of every layout
 * made from them with GDAL's command line, and GDAL's own decode to compare against.
 * Tests that need GDAL fail (never skip) with the install command when it is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Real IGN 20 cm orthophotos (see ../shared/data/ortho-ign-pdal-tools/SOURCE.txt). */
export const REAL_DATA_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/ortho-ign-pdal-tools',
);

const INSTALL = 'GDAL is required by this test: install gdal-bin (apt-get install gdal-bin).';

/** Runs a GDAL program; throws with the install command when GDAL is missing. */
export function gdal(program: string, args: readonly string[]): string {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error(`${INSTALL} (${program} not found)`);
    throw new Error(`${program} ${args.join(' ')} failed: ${err.stderr ?? err.message}`);
  }
}

/** A fresh temp directory and its cleanup. */
export function makeTempDir(prefix = 'tiling-source-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A deterministic test image, band-interleaved by pixel: smooth gradients (JPEG-friendly, like
 * imagery) with a few sharp edges; band k >= 3 is a mix (like an IR band).
 */
export function createGradientRaster(width: number, height: number, bands: number): Uint8Array {
  const out = new Uint8Array(width * height * bands);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const edge = ((x >> 5) + (y >> 5)) & 1 ? 24 : 0;
      const base = (y * width + x) * bands;
      for (let b = 0; b < bands; b++) {
        let v: number;
        if (b === 0) v = (x * 255) / Math.max(1, width - 1);
        else if (b === 1) v = (y * 255) / Math.max(1, height - 1);
        else if (b === 2) v = 128 + 100 * Math.sin((x + y) / 23);
        else v = (x + 2 * y) % 256;
        out[base + b] = Math.max(0, Math.min(255, Math.round(v * 0.85 + edge)));
      }
    }
  }
  return out;
}

/** Writes pixels (interleaved by pixel) as an ENVI file GDAL reads; returns the .bin path. */
export function writeEnvi(
  dir: string,
  name: string,
  pixels: Uint8Array,
  width: number,
  height: number,
  bands: number,
): string {
  const bin = join(dir, `${name}.bin`);
  writeFileSync(bin, pixels);
  writeFileSync(
    join(dir, `${name}.hdr`),
    `ENVI\nsamples = ${width}\nlines = ${height}\nbands = ${bands}\nheader offset = 0\nfile type = ENVI Standard\ndata type = 1\ninterleave = bip\nbyte order = 0\n`,
  );
  return bin;
}

/** Georeferencing arguments for gdal_translate: Lambert-93, 5 cm pixels, PCRS-like origin. */
export function l93Args(
  width: number,
  height: number,
  xMin = 704000,
  yMax = 7062400,
  pixel = 0.05,
): string[] {
  return [
    '-a_srs',
    'EPSG:2154',
    '-a_ullr',
    `${xMin}`,
    `${yMax}`,
    `${xMin + width * pixel}`,
    `${yMax - height * pixel}`,
  ];
}

/** What GDAL decodes for a file: each band as its own plane (BSQ), 8 or 16 bits. */
export interface GdalDecode {
  width: number;
  height: number;
  bands: number;
  /** Band b, pixel i at planes[b][i]. */
  planes: (Uint8Array | Uint16Array)[];
}

/** Decodes a window (default: all) of a file with GDAL (gdal_translate -of ENVI, BSQ). */
export function gdalDecode(
  dir: string,
  path: string,
  window?: { x: number; y: number; width: number; height: number },
  extraArgs: string[] = [],
): GdalDecode {
  const out = join(dir, `decode-${Math.random().toString(36).slice(2)}.bin`);
  const args = ['-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BSQ', ...extraArgs];
  if (window) args.push('-srcwin', `${window.x}`, `${window.y}`, `${window.width}`, `${window.height}`);
  gdal('gdal_translate', [...args, path, out]);
  // The ENVI header says the size and type (cheaper than another gdalinfo process).
  const hdr = readFileSync(out.replace(/\.bin$/, '.hdr'), 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}\\s*=\\s*(\\d+)`, 'm').exec(hdr)?.[1]);
  const width = field('samples');
  const height = field('lines');
  const bands = field('bands');
  const sixteen = field('data type') === 12;
  const bytes = readFileSync(out);
  const n = width * height;
  const planes = Array.from({ length: bands }, (_, b) =>
    sixteen
      ? new Uint16Array(bytes.buffer.slice(bytes.byteOffset + b * n * 2, bytes.byteOffset + (b + 1) * n * 2))
      : new Uint8Array(bytes.subarray(b * n, (b + 1) * n)),
  );
  return { width, height, bands, planes };
}

/** The parts of `gdalinfo -json` the tests read. */
export interface GdalInfo {
  size: [number, number];
  geoTransform?: number[];
  bands: { type: string; noDataValue?: number; colorInterpretation?: string; overviews?: unknown[] }[];
}

export function gdalInfo(path: string): GdalInfo {
  return JSON.parse(gdal('gdalinfo', ['-json', path])) as GdalInfo;
}

/**
 * A geotransform as `gdalinfo -json` prints it: 16 decimals. Comparing ours through this is exact
 * equality at gdalinfo's printed precision (1e-16 m on coordinates and pixel sizes).
 */
export function asGdalPrints(gt: readonly number[] | undefined): number[] {
  return (gt ?? []).map((v) => Number(v.toFixed(16)));
}

/** Largest and mean absolute difference between RGBA output channel `c` and a GDAL plane. */
export function compareChannel(
  rgba: Uint8Array,
  plane: Uint8Array | Uint16Array,
  c: number,
  onlyOpaque = false,
): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < plane.length; i++) {
    if (onlyOpaque && rgba[i * 4 + 3] === 0) continue;
    const d = Math.abs((rgba[i * 4 + c] as number) - (plane[i] as number));
    if (d > max) max = d;
    sum += d;
    n++;
  }
  return { max, mean: n === 0 ? 0 : sum / n };
}

/** The pixels of `window` from a full plane `width` pixels wide. */
export function cropPlane(
  plane: Uint8Array | Uint16Array,
  width: number,
  window: { x: number; y: number; width: number; height: number },
): Uint8Array | Uint16Array {
  const out =
    plane instanceof Uint16Array
      ? new Uint16Array(window.width * window.height)
      : new Uint8Array(window.width * window.height);
  for (let y = 0; y < window.height; y++) {
    const from = (window.y + y) * width + window.x;
    out.set(plane.subarray(from, from + window.width), y * window.width);
  }
  return out;
}

/** Band `b` of a GDAL decode (throws when the decode has fewer bands). */
export function plane(decode: GdalDecode, b: number): Uint8Array | Uint16Array {
  const p = decode.planes[b];
  if (!p) throw new Error(`GDAL decoded ${decode.bands} band(s); band ${b + 1} asked`);
  return p;
}

/**
 * RGBA tiles compared: the sum of squared RGB differences over the pixels opaque in both, the
 * count of channel values summed, and the count of pixels whose alpha differs (for `psnrDb`).
 */
export function rgbSquaredError(a: Uint8Array, b: Uint8Array): { sse: number; n: number; alphaDiff: number } {
  let sse = 0;
  let n = 0;
  let alphaDiff = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i + 3] !== b[i + 3]) alphaDiff++;
    if (a[i + 3] !== 255 || b[i + 3] !== 255) continue;
    for (let c = 0; c < 3; c++) {
      const d = (a[i + c] as number) - (b[i + c] as number);
      sse += d * d;
    }
    n += 3;
  }
  return { sse, n, alphaDiff };
}

/** PSNR in dB of 8-bit values from a squared error over n values (infinite when identical). */
export const psnrDb = (sse: number, n: number): number =>
  sse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255 * n) / sse);

/** IGN-like JPEG 2000 options for `gdal_translate` (the JP2 dalles the tests make from the sample). */
export const JP2_OPTIONS: readonly string[] = [
  '-of',
  'JP2OpenJPEG',
  ...['-co', 'QUALITY=10', '-co', 'REVERSIBLE=NO', '-co', 'YCC=YES'],
  ...['-co', 'BLOCKXSIZE=1024', '-co', 'BLOCKYSIZE=1024', '-co', 'RESOLUTIONS=6', '-co', 'PROGRESSION=RPCL'],
  ...['-co', 'GMLJP2=YES', '-co', 'GeoJP2=YES'],
];
