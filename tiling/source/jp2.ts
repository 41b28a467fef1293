/**
 * `Jp2RasterSource`: JPEG 2000 dalles (PCRS deliveries) decoded window by window, at the
 * resolution level asked, never whole.
 *
 * The header and georeferencing come from `gdalinfo -json` (once per dalle, no pixels). Each
 * window is one decode of just that region: with Grok (`grk_decompress -d x0,y0,x1,y1 -r level`
 * to a temporary raw file) when it is installed, else with GDAL/OpenJPEG (`gdal_translate -srcwin
 * [-outsize]` to a temporary raw file) after a warning naming the package. Grok decodes only the
 * code-blocks a region touches; GDAL decodes whole JPEG 2000 tiles (1,024 px in IGN files), so
 * windows cost it up to twice as much (figures: bench/README.md, `npm run bench:jp2`). Both give
 * the same pixels (tested). One decoder thread per window by default: the engine already runs one
 * job per core. Zooms coarser than the dalle's pixel read it at a reduced level (`levels`,
 * `readReducedWindow`: the `RasterSource` capability tiling/ortho/job.ts uses), which skips the
 * finer levels' decoding (2.5-9x cheaper per level, bench:jp2).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { mkdtemp, open as openFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  DataError,
  type PixelWindow,
  type RasterInfo,
  type RasterSource,
  type ReadWindowOptions,
} from '../core';
import { GDAL_INSTALL_HINT, type GdalRasterSourceOptions, rasterInfoFromGdalInfo, runGdal } from './gdal';
import {
  assertDalleUsable,
  checkReadWindow,
  checkSampleFormat,
  chooseBands,
  clipWindow,
  OPEN_RASTER_SOURCE_DEFAULTS,
  SOURCE_NAME,
} from './geotiff';
import { composeWindow } from './rgba';

/** The two JPEG 2000 decoders. */
export type Jp2DecoderName = 'grok' | 'gdal';

/** What to tell a technician when Grok is missing. */
export const GROK_INSTALL_HINT = 'apt-get install grokj2k-tools';

/** Options of {@link Jp2RasterSource.open}. */
export interface Jp2RasterSourceOptions extends GdalRasterSourceOptions {
  /**
   * 'auto' (default): Grok when `grk_decompress` is found, else GDAL/OpenJPEG with a warning.
   * 'grok' fails when Grok is missing; 'gdal' always uses GDAL.
   */
  jp2Decoder?: 'auto' | Jp2DecoderName;
  /** Directory of `grk_decompress`; default: found on PATH. */
  grokBinDir?: string | undefined;
  /** Decoder threads per window (default 1). */
  decodeThreads?: number;
}

/** Decoded samples of one region: planar or interleaved, 8 or 16 bits. */
interface DecodedRegion {
  /** Interleaved samples, `bands` per pixel (Uint16Array for 16-bit). */
  samples: Uint8Array | Uint16Array;
  width: number;
  height: number;
}

const foundPrograms = new Map<string, string | null>();

/** Path of an executable `program` in `binDir` or on PATH, or null. Cached per process. */
export function findProgram(program: string, binDir?: string): string | null {
  const key = `${binDir ?? ''}\0${program}`;
  const cached = foundPrograms.get(key);
  if (cached !== undefined) return cached;
  const dirs = binDir ? [binDir] : (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  let found: string | null = null;
  for (const d of dirs) {
    try {
      accessSync(join(d, program), fsConstants.X_OK);
      found = join(d, program);
      break;
    } catch {
      // not here
    }
  }
  foundPrograms.set(key, found);
  return found;
}

let warnedNoGrok = false;

/** Message of the once-per-process warning when Grok is missing. */
export const NO_GROK_WARNING = `${SOURCE_NAME}: JPEG 2000 dalles are decoded with GDAL/OpenJPEG because Grok (grk_decompress) is not installed; Grok decodes the windows the tiler reads faster (bench/README.md). To use it, ${GROK_INSTALL_HINT}.`;

/** Chooses the decoder for `options`; warns once per process when 'auto' falls back to GDAL. */
export function chooseJp2Decoder(path: string, options: Jp2RasterSourceOptions): Jp2DecoderName {
  const want = options.jp2Decoder ?? 'auto';
  if (want === 'gdal') return 'gdal';
  const grok = findProgram('grk_decompress', options.grokBinDir);
  if (grok) return 'grok';
  if (want === 'grok') {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${path}" is JPEG 2000 and Grok was asked for, but grk_decompress is not installed${options.grokBinDir ? ` in ${options.grokBinDir}` : ''}. ${GROK_INSTALL_HINT}, or let GDAL decode it.`,
    );
  }
  if (!warnedNoGrok) {
    warnedNoGrok = true;
    process.emitWarning(NO_GROK_WARNING, { code: 'TILING_NO_GROK' });
  }
  return 'gdal';
}

/** Grok log lines (-v) that mean the codestream is damaged, not a benign remark. */
const GROK_DAMAGE = /marker|SOT|EOC|tile|stream|truncat|corrupt|packet|precinct|code-?block|decod/i;

/** Runs a program, collecting stdout as bytes; rejects with the exit status and output tail. */
function runBinary(
  exe: string,
  args: readonly string[],
  signal: AbortSignal | undefined,
  env?: NodeJS.ProcessEnv,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'], signal, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(signal?.aborted ? signal.reason : e));
    child.on('close', (code, sig) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const stdout = Buffer.concat(out);
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const text = `${Buffer.concat(err).toString('utf8')}\n${stdout.subarray(0, 4096).toString('latin1')}`;
      const detail = text
        .split('\n')
        .map((l) => l.replace(/^\[[^\]]*\]\s*(\[[a-z]+\]\s*)?/, '').trim())
        .filter((l) => l !== '' && /^[\x20-\x7e]+$/.test(l))
        .slice(-3)
        .join(' ');
      const e = new Error(`exit ${code ?? sig}${detail ? `: ${detail}` : ''}`);
      reject(e);
    });
  });
}

/**
 * Checks that the JPEG 2000 codestream of `path` is whole: the \`jp2c\` box (or a bare .j2k
 * codestream) lies inside the file and ends with the EOC marker (FF D9). Grok decodes a cut
 * codestream without an error (grey where data is missing), so a truncated copy is found here.
 * @throws DataError naming the file.
 */
export async function checkJp2Codestream(path: string): Promise<void> {
  const fh = await openFile(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new DataError(
      `${SOURCE_NAME}: dalle "${path}" cannot be opened (${e.code ?? e.message}); expected a readable JPEG 2000 file. Check the path.`,
    );
  });
  try {
    const size = (await fh.stat()).size;
    const at = async (offset: number, length: number): Promise<Buffer> => {
      const b = Buffer.alloc(length);
      const { bytesRead } = await fh.read(b, 0, length, offset);
      return b.subarray(0, bytesRead);
    };
    const bad = (why: string): DataError =>
      new DataError(
        `${SOURCE_NAME}: dalle "${path}" is truncated or corrupt: ${why}. Copy or download it again (check it with gdalinfo -checksum).`,
      );
    let end = -1;
    const head = await at(0, 16);
    if (head.length >= 2 && head[0] === 0xff && head[1] === 0x4f) {
      end = size; // a bare codestream (.j2k)
    } else {
      let offset = 0;
      while (offset + 8 <= size) {
        const box = await at(offset, 16);
        let length = box.readUInt32BE(0);
        const type = box.toString('latin1', 4, 8);
        if (length === 1) length = Number(box.readBigUInt64BE(8));
        else if (length === 0) length = size - offset;
        if (length < 8) throw bad(`box "${type}" at byte ${offset} has length ${length}`);
        if (type === 'jp2c') {
          end = offset + length;
          if (end > size) throw bad(`its codestream ends at byte ${end} but the file has ${size} bytes`);
          break;
        }
        offset += length;
      }
      if (end < 0) throw bad('no codestream box (jp2c) in the file');
    }
    const eoc = await at(end - 2, 2);
    if (eoc[0] !== 0xff || eoc[1] !== 0xd9)
      throw bad(`its codestream does not end with the EOC marker (byte ${end})`);
  } finally {
    await fh.close();
  }
}

/** Size of the image at resolution level `level` (each level halves, rounding up, as JPEG 2000). */
export function reducedSize(width: number, height: number, level: number): { width: number; height: number } {
  const s = 2 ** level;
  return { width: Math.ceil(width / s), height: Math.ceil(height / s) };
}

/** A JPEG 2000 dalle (see the file comment). Construct with {@link Jp2RasterSource.open}. */
export class Jp2RasterSource implements RasterSource {
  readonly info: RasterInfo;
  /** Which program decodes the windows. */
  readonly decoder: Jp2DecoderName;
  /**
   * Reduced-resolution levels available: `readReducedWindow` accepts 0..levels (the
   * `RasterSource` capability the pyramid uses for zooms coarser than the dalle's pixel).
   */
  readonly levels: number;
  /** Windows decoded so far, per resolution level (index: the level); read stats for tests and benches. */
  readonly decodesPerLevel: number[];
  private readonly alphaChannel: number;
  private closed = false;
  private tempDir: Promise<string> | null = null;

  private constructor(
    info: RasterInfo,
    alphaChannel: number,
    decoder: Jp2DecoderName,
    private readonly options: Jp2RasterSourceOptions,
  ) {
    this.info = info;
    this.alphaChannel = alphaChannel;
    this.decoder = decoder;
    this.levels = info.overviews;
    this.decodesPerLevel = new Array<number>(this.levels + 1).fill(0);
  }

  /**
   * Reads the header with `gdalinfo -json` (GDAL is needed for the georeferencing whichever
   * decoder reads the pixels), checks that the codestream is whole, and checks the header.
   * @throws DataError when GDAL is missing, the file is not a readable JPEG 2000, truncated, or unusable.
   */
  static async open(path: string, options: Jp2RasterSourceOptions = {}): Promise<Jp2RasterSource> {
    const { stdout } = await runGdal('gdalinfo', ['-json', '-nomd', '-norat', '-noct', path], {
      binDir: options.gdalBinDir,
      signal: options.signal,
      forFile: path,
      reason: options.reason ?? 'It is JPEG 2000, whose georeferencing is read through GDAL.',
    });
    let json: Parameters<typeof rasterInfoFromGdalInfo>[1];
    try {
      json = JSON.parse(stdout) as typeof json;
    } catch {
      throw new DataError(
        `${SOURCE_NAME}: dalle "${path}": gdalinfo -json printed no JSON; check the file with gdalinfo.`,
      );
    }
    const info = rasterInfoFromGdalInfo(path, json, options.crs);
    await checkJp2Codestream(path);
    if (options.check ?? true) assertDalleUsable(info, options);
    const alpha = (json.bands ?? []).findIndex((b) => b.colorInterpretation === 'Alpha');
    const decoder = chooseJp2Decoder(path, options);
    return new Jp2RasterSource(info, alpha, decoder, options);
  }

  /** Size of the dalle at resolution level `level`. */
  sizeAt(level: number): { width: number; height: number } {
    return reducedSize(this.info.width, this.info.height, level);
  }

  /** Reads a full-resolution window as RGBA 8-bit (see `RasterSource.readWindow`). */
  readWindow(window: PixelWindow, options: ReadWindowOptions = {}): Promise<Uint8Array> {
    return this.readReducedWindow(window, 0, options);
  }

  /**
   * Reads a window of the image at resolution level `level` (0 full, 1 half, ... up to `levels`),
   * in that level's pixels: pixel (i, j) of level L covers full-resolution pixels
   * [i·2^L, (i+1)·2^L) x [j·2^L, (j+1)·2^L). Only that region at that level is decoded.
   * @throws DataError when the file is corrupt, naming the file and the window.
   */
  async readReducedWindow(
    window: PixelWindow,
    level: number,
    options: ReadWindowOptions = {},
  ): Promise<Uint8Array> {
    const { width: w, height: h } = window;
    checkReadWindow(window, level);
    if (level < 0 || level > this.levels) {
      throw new RangeError(
        `${SOURCE_NAME}: dalle "${this.info.id}" has resolution levels 0..${this.levels}; level ${level} was asked`,
      );
    }
    if (this.closed) throw new Error(`${SOURCE_NAME}: dalle "${this.info.id}" was read after close()`);
    const signal = options.signal;
    signal?.throwIfAborted();
    const info = this.info;
    const bands = this.bandsFor(options);
    checkSampleFormat(info.id, info.bitsPerSample, info.sampleFormat, this.options.uint16);
    const size = this.sizeAt(level);
    const out = new Uint8Array(w * h * 4);
    const inner = clipWindow(window, size.width, size.height);
    if (!inner) return out; // wholly outside: transparent
    const { x: x0, y: y0 } = inner;
    const where = `window x=${inner.x} y=${inner.y} ${inner.width}x${inner.height}${level > 0 ? ` at level ${level}` : ''}`;
    let decoded: DecodedRegion;
    this.decodesPerLevel[level] = (this.decodesPerLevel[level] ?? 0) + 1;
    try {
      decoded =
        this.decoder === 'grok'
          ? await this.decodeGrok(inner, level, signal)
          : await this.decodeGdal(inner, level, signal);
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (e instanceof DataError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new DataError(
          `${SOURCE_NAME}: dalle "${info.id}" is JPEG 2000 and needs ${this.decoder === 'grok' ? `Grok (grk_decompress): ${GROK_INSTALL_HINT}` : `GDAL (gdal_translate): ${GDAL_INSTALL_HINT}`}.`,
        );
      }
      throw new DataError(
        `${SOURCE_NAME}: dalle "${info.id}" cannot be decoded (${where}, ${this.decoder === 'grok' ? 'Grok grk_decompress' : 'GDAL gdal_translate'}): ${(e as Error).message.replace(/[.\s]+$/, '')}. The file is corrupt or truncated; copy or download it again, check it with gdalinfo, or pass --on-error skip.`,
      );
    }
    const channels = info.bands;
    const colourChannels = channels - (this.alphaChannel >= 0 ? 1 : 0);
    composeWindow(
      decoded.samples,
      inner.width,
      inner.height,
      { channels, bands, alphaChannel: this.alphaChannel, nodata: info.nodata, colourChannels },
      null,
      this.options.uint16Range ?? OPEN_RASTER_SOURCE_DEFAULTS.uint16Range,
      out,
      w,
      x0 - window.x,
      y0 - window.y,
    );
    signal?.throwIfAborted();
    return out;
  }

  private bandsFor(options: ReadWindowOptions): readonly [number, number, number] {
    const colour = this.info.bands - (this.alphaChannel >= 0 ? 1 : 0);
    return chooseBands(this.info.id, colour, options.bands ?? this.options.bands);
  }

  /** Full-resolution region of level-`level` window `inner` (clipped to the image). */
  private fullRegion(inner: PixelWindow, level: number): { x0: number; y0: number; x1: number; y1: number } {
    const s = 2 ** level;
    return {
      x0: inner.x * s,
      y0: inner.y * s,
      x1: Math.min(this.info.width, (inner.x + inner.width) * s),
      y1: Math.min(this.info.height, (inner.y + inner.height) * s),
    };
  }

  /** This source's temporary folder (created on first use, removed by close()). */
  private workDir(): Promise<string> {
    if (!this.tempDir) {
      this.tempDir = mkdtemp(join(this.options.tempDir ?? tmpdir(), 'tiling-jp2-'));
      this.tempDir.catch(() => {
        this.tempDir = null;
      });
    }
    return this.tempDir;
  }

  private async decodeGrok(inner: PixelWindow, level: number, signal?: AbortSignal): Promise<DecodedRegion> {
    const exe = findProgram('grk_decompress', this.options.grokBinDir) ?? 'grk_decompress';
    const r = this.fullRegion(inner, level);
    const whole = r.x0 === 0 && r.y0 === 0 && r.x1 === this.info.width && r.y1 === this.info.height;
    // "-d 0,0,1,1" would mean the whole unit square to Grok: decode 2 x 2 and crop.
    const tiny = !whole && r.x0 === 0 && r.y0 === 0 && r.x1 <= 1 && r.y1 <= 1;
    const d = tiny ? { ...r, x1: Math.min(2, this.info.width), y1: Math.min(2, this.info.height) } : r;
    const sixteen = this.info.bitsPerSample === 16;
    // To a file, not stdout: only then does -v report damaged tiles, which Grok otherwise skips
    // with exit status 0 (a tile whose SOT marker is damaged decodes as flat grey).
    const out = join(
      await this.workDir(),
      `g${inner.x}_${inner.y}_${inner.width}_${inner.height}_${level}.${sixteen ? 'rawl' : 'raw'}`,
    );
    const args = [
      '-v',
      '-H',
      String(this.options.decodeThreads ?? 1),
      '-i',
      this.info.id,
      '-o',
      out,
      ...(whole ? [] : ['-d', `${d.x0},${d.y0},${d.x1},${d.y1}`]),
      ...(level > 0 ? ['-r', String(level)] : []),
    ];
    let bytes: Buffer;
    try {
      const log = (await runBinary(exe, args, signal)).toString('utf8');
      const damage = log
        .split('\n')
        .filter((l) => /\[(warning|error)\]/.test(l) && GROK_DAMAGE.test(l))
        .map((l) => l.replace(/^\[[^\]]*\]\s*\[[a-z]+\]\s*/, '').trim());
      if (damage.length > 0) throw new Error(damage.slice(0, 2).join('; '));
      bytes = await readFile(out);
    } finally {
      await rm(out, { force: true });
    }
    const s = 2 ** level;
    const dw = Math.ceil(d.x1 / s) - Math.ceil(d.x0 / s);
    const dh = Math.ceil(d.y1 / s) - Math.ceil(d.y0 / s);
    const bands = this.info.bands;
    const bps = sixteen ? 2 : 1;
    if (bytes.length !== dw * dh * bands * bps) {
      throw new Error(
        `wrote ${bytes.length} bytes; expected ${dw} x ${dh} px x ${bands} bands x ${bps} bytes`,
      );
    }
    // Planar (band after band) -> interleaved, keeping only the asked rows and columns.
    const n = inner.width * inner.height;
    const samples = sixteen ? new Uint16Array(n * bands) : new Uint8Array(n * bands);
    const src = sixteen
      ? new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))
      : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let b = 0; b < bands; b++) {
      const plane = b * dw * dh;
      for (let y = 0; y < inner.height; y++) {
        let si = plane + y * dw;
        let o = y * inner.width * bands + b;
        for (let x = 0; x < inner.width; x++, si++, o += bands) samples[o] = src[si] as number;
      }
    }
    return { samples, width: inner.width, height: inner.height };
  }

  private async decodeGdal(inner: PixelWindow, level: number, signal?: AbortSignal): Promise<DecodedRegion> {
    const out = join(
      await this.workDir(),
      `w${inner.x}_${inner.y}_${inner.width}_${inner.height}_${level}.bin`,
    );
    const r = this.fullRegion(inner, level);
    const exe = this.options.gdalBinDir ? join(this.options.gdalBinDir, 'gdal_translate') : 'gdal_translate';
    const args = [
      '-q',
      '-of',
      'ENVI',
      '-co',
      'INTERLEAVE=BIP',
      '-srcwin',
      String(r.x0),
      String(r.y0),
      String(r.x1 - r.x0),
      String(r.y1 - r.y0),
      // At exact 2^level steps GDAL reads the JPEG 2000 resolution level itself (tested equal to Grok).
      ...(level > 0 ? ['-outsize', String(inner.width), String(inner.height), '-r', 'nearest'] : []),
      this.info.id,
      out,
    ];
    const threads = String(this.options.decodeThreads ?? 1);
    try {
      await runBinary(exe, args, signal, {
        ...process.env,
        GDAL_NUM_THREADS: threads,
        OPJ_NUM_THREADS: threads,
      });
      const bytes = await readFile(out);
      const sixteen = this.info.bitsPerSample === 16;
      const expected = inner.width * inner.height * this.info.bands * (sixteen ? 2 : 1);
      if (bytes.length !== expected) throw new Error(`wrote ${bytes.length} bytes; expected ${expected}`);
      const samples = sixteen
        ? new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
      return { samples, width: inner.width, height: inner.height };
    } finally {
      await Promise.all([rm(out, { force: true }), rm(`${out.slice(0, -4)}.hdr`, { force: true })]);
      await rm(`${out}.aux.xml`, { force: true });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const dir = this.tempDir;
    this.tempDir = null;
    if (dir) await dir.then((d) => rm(d, { recursive: true, force: true })).catch(() => undefined);
  }
}
