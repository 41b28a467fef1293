/**
 * `GdalRasterSource`: dalles the built-in reader does not decode (JPEG 2000, TIFF with ZSTD,
 * LZMA or LERC compression) go through GDAL's command-line programs.
 *
 * The header comes from `gdalinfo -json` (fast: no pixels). On the first window read the dalle is
 * converted once, with `gdal_translate`, to a temporary tiled uncompressed GeoTIFF that
 * `GeoTiffRasterSource` then reads window by window; `close()` deletes it. Converting once costs
 * one full decode per dalle (OpenJPEG cannot decode small windows of an untiled JPEG 2000 cheaply)
 * and temporary disk of width x height x bands bytes (1.2 GB for a 20,000 px RGB dalle).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  DataError,
  type GeoTransform,
  type PixelWindow,
  type RasterInfo,
  type RasterSource,
  type ReadWindowOptions,
} from '../core';
import { assertDalleUsable, GeoTiffRasterSource, type OpenRasterSourceOptions, SOURCE_NAME } from './geotiff';
import { NO_GEOTRANSFORM } from './validate';

/** What to tell a technician when GDAL is missing. */
export const GDAL_INSTALL_HINT = 'install gdal-bin: apt-get install gdal-bin';

/** Options of {@link GdalRasterSource.open}. */
export interface GdalRasterSourceOptions extends OpenRasterSourceOptions {
  /** Why this dalle goes through GDAL (said when GDAL is missing). */
  reason?: string;
}

interface ExecResult {
  stdout: string;
  stderr: string;
}

/** Runs one GDAL program; a missing program becomes a `DataError` naming the fix. */
export function runGdal(
  program: string,
  args: readonly string[],
  options: {
    binDir?: string | undefined;
    signal?: AbortSignal | undefined;
    forFile: string;
    reason?: string | undefined;
  },
): Promise<ExecResult> {
  const exe = options.binDir ? join(options.binDir, program) : program;
  return new Promise((resolve, reject) => {
    execFile(
      exe,
      args,
      { maxBuffer: 64 * 1024 * 1024, signal: options.signal, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        if (options.signal?.aborted) {
          reject(options.signal.reason);
          return;
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          const why = options.reason ? `${options.reason} ` : '';
          reject(
            new DataError(
              `${SOURCE_NAME}: dalle "${options.forFile}" needs GDAL (${program}) but GDAL is not installed${options.binDir ? ` in ${options.binDir}` : ''}. ${why}To read it, ${GDAL_INSTALL_HINT}.`,
            ),
          );
          return;
        }
        const detail = (stderr || error.message)
          .trim()
          .split('\n')
          .slice(-3)
          .join(' ')
          .replace(/[.\s]+$/, '');
        reject(
          new DataError(
            `${SOURCE_NAME}: dalle "${options.forFile}" could not be read by GDAL (${program}): ${detail}. The file may be corrupt or not a raster; check it with gdalinfo.`,
          ),
        );
      },
    );
  });
}

/** The parts of `gdalinfo -json` used here. */
interface GdalInfoJson {
  size?: [number, number];
  geoTransform?: number[];
  coordinateSystem?: { wkt?: string };
  stac?: { 'proj:epsg'?: number | null };
  metadata?: Record<string, Record<string, string>>;
  bands?: {
    type?: string;
    noDataValue?: number | string;
    colorInterpretation?: string;
    overviews?: unknown[];
    metadata?: Record<string, Record<string, string>>;
  }[];
}

const GDAL_TYPES: Record<string, { bits: number; format: 1 | 2 | 3 }> = {
  Byte: { bits: 8, format: 1 },
  Int8: { bits: 8, format: 2 },
  UInt16: { bits: 16, format: 1 },
  Int16: { bits: 16, format: 2 },
  UInt32: { bits: 32, format: 1 },
  Int32: { bits: 32, format: 2 },
  Float32: { bits: 32, format: 3 },
  Float64: { bits: 64, format: 3 },
};

/** Turns `gdalinfo -json` output into a `RasterInfo`. Pure. */
export function rasterInfoFromGdalInfo(id: string, json: GdalInfoJson, fallbackEpsg?: number): RasterInfo {
  const [width, height] = json.size ?? [0, 0];
  const gt =
    json.geoTransform?.length === 6 ? (json.geoTransform as unknown as GeoTransform) : NO_GEOTRANSFORM;
  let epsg: number | null = json.stac?.['proj:epsg'] ?? null;
  const wkt = json.coordinateSystem?.wkt ?? '';
  if (epsg === null && wkt) {
    // The CRS's own identifier is the last ID[...] of a WKT2 string, closing the top-level node.
    const m = /ID\["EPSG",(\d+)\]\]\s*$/.exec(wkt) ?? /AUTHORITY\["EPSG","(\d+)"\]\]\s*$/.exec(wkt);
    if (m) epsg = Number(m[1]);
  }
  const bands = json.bands ?? [];
  const first = bands[0];
  const type = GDAL_TYPES[first?.type ?? 'Byte'] ?? { bits: 8, format: 1 };
  const alpha = bands.some((b) => b.colorInterpretation === 'Alpha');
  const nd = first?.noDataValue;
  const compression =
    first?.metadata?.IMAGE_STRUCTURE?.COMPRESSION ?? json.metadata?.IMAGE_STRUCTURE?.COMPRESSION ?? '';
  return {
    id,
    width,
    height,
    bands: bands.length,
    bitsPerSample: type.bits,
    sampleFormat: type.format,
    epsg: epsg ?? fallbackEpsg ?? null,
    geoTransform: gt,
    nodata: nd === undefined ? null : Number(nd),
    hasAlpha: alpha,
    // JPEG 2000 has no TIFF code; 34712 is the code GDAL uses for JPEG 2000 inside TIFF.
    compression: /JPEG2000/i.test(compression) ? 34712 : 0,
    tiled: (bands[0] as { block?: number[] } | undefined)?.block?.[1] !== height,
    overviews: first?.overviews?.length ?? 0,
  };
}

/** Temporary conversions not yet closed: removed when the process exits normally. */
const OPEN_TEMP_DIRS = new Set<string>();
let exitHookInstalled = false;
function trackTempDir(dir: string): void {
  OPEN_TEMP_DIRS.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const d of OPEN_TEMP_DIRS) rmSync(d, { recursive: true, force: true });
  });
}

/** A dalle read through GDAL (see the file comment). Construct with {@link GdalRasterSource.open}. */
export class GdalRasterSource implements RasterSource {
  readonly info: RasterInfo;
  private converted: Promise<GeoTiffRasterSource> | null = null;
  private tempDir: string | null = null;

  private constructor(
    info: RasterInfo,
    private readonly options: GdalRasterSourceOptions,
  ) {
    this.info = info;
  }

  /**
   * Reads the header with `gdalinfo -json` and checks it.
   * @throws DataError when GDAL is missing (naming the fix), the file is unreadable, or unusable.
   */
  static async open(path: string, options: GdalRasterSourceOptions = {}): Promise<GdalRasterSource> {
    const { stdout } = await runGdal('gdalinfo', ['-json', '-nomd', '-norat', '-noct', path], {
      binDir: options.gdalBinDir,
      signal: options.signal,
      forFile: path,
      reason:
        options.reason ??
        `It is ${/\.j(p2|2k|px|pf)$/i.test(path) ? 'JPEG 2000' : 'a format the built-in reader lacks'}, which is read through GDAL.`,
    });
    let json: GdalInfoJson;
    try {
      json = JSON.parse(stdout) as GdalInfoJson;
    } catch {
      throw new DataError(
        `${SOURCE_NAME}: dalle "${path}": gdalinfo -json printed no JSON; check the file with gdalinfo.`,
      );
    }
    const info = rasterInfoFromGdalInfo(path, json, options.crs);
    if (options.check ?? true) assertDalleUsable(info, options);
    return new GdalRasterSource(info, options);
  }

  /** Converts the dalle to a temporary tiled GeoTIFF, once. */
  private convert(signal?: AbortSignal): Promise<GeoTiffRasterSource> {
    if (!this.converted) {
      this.converted = (async () => {
        this.tempDir = await mkdtemp(join(this.options.tempDir ?? tmpdir(), 'tiling-gdal-'));
        trackTempDir(this.tempDir);
        const out = join(this.tempDir, `${basename(this.info.id).replace(/[^\w.-]/g, '_')}.tif`);
        await runGdal(
          'gdal_translate',
          [
            '-q',
            '-of',
            'GTiff',
            '-co',
            'TILED=YES',
            '-co',
            'BIGTIFF=IF_SAFER',
            '-co',
            'COMPRESS=NONE',
            this.info.id,
            out,
          ],
          { binDir: this.options.gdalBinDir, signal, forFile: this.info.id },
        );
        return GeoTiffRasterSource.open(out, { ...this.options, check: false });
      })();
      // A failed conversion may be retried by the next read.
      this.converted.catch(() => {
        this.converted = null;
      });
    }
    return this.converted;
  }

  async readWindow(window: PixelWindow, options: ReadWindowOptions = {}): Promise<Uint8Array> {
    const inner = await this.convert(options.signal);
    try {
      return await inner.readWindow(window, options);
    } catch (e) {
      if (e instanceof DataError) {
        throw new DataError(e.message.split(inner.info.id).join(this.info.id), e.problems);
      }
      throw e;
    }
  }

  async close(): Promise<void> {
    const pending = this.converted;
    this.converted = null;
    if (pending) await pending.then((s) => s.close()).catch(() => undefined);
    if (this.tempDir) {
      await rm(this.tempDir, { recursive: true, force: true });
      OPEN_TEMP_DIRS.delete(this.tempDir);
    }
    this.tempDir = null;
  }
}
