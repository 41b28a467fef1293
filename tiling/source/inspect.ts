/**
 * From what the technician typed to checked sources: `listDalles` expands folders and list files
 * into a sorted list of dalle paths; `inspectDalles` opens every one (headers only) and gathers
 * every problem, so `tiling run` prints them together and `--on-error stop|skip` decides.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, normalize } from 'node:path';
import { DataError, isDataError, type RasterInfo, type RasterSource } from '../core';
import { type OpenRasterSourceOptions, SOURCE_NAME } from './geotiff';
import { openRasterSource } from './open';
import { type DalleProblem, validateDalles } from './validate';

/** Extensions taken as dalles when a folder is listed. */
export const DALLE_EXTENSIONS: ReadonlySet<string> = new Set(['.tif', '.tiff', '.jp2']);

/** Options of {@link listDalles}. */
export interface ListDallesOptions {
  signal?: AbortSignal | undefined;
}

/**
 * Expands files, folders (recursed) and `.txt` list files (one path per line, relative to the
 * list; blank lines and `#` comments ignored) into the sorted, de-duplicated list of
 * `.tif` / `.tiff` / `.jp2` files. Sorted by path (code-unit order): the same inputs always give
 * the same order, whatever the file system returns.
 * @throws DataError listing every path that is missing, unreadable or not a dalle.
 */
export async function listDalles(
  pathsOrDirs: readonly string[],
  options: ListDallesOptions = {},
): Promise<string[]> {
  const found = new Set<string>();
  const problems: string[] = [];
  const visit = async (p: string, fromList: string | null, depth: number): Promise<void> => {
    options.signal?.throwIfAborted();
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      problems.push(
        `${SOURCE_NAME}: input "${p}"${fromList ? ` (listed in "${fromList}")` : ''} does not exist or cannot be read (${code}); expected a dalle, a folder or a .txt list. Check the path.`,
      );
      return;
    }
    if (s.isDirectory()) {
      const entries = await readdir(p, { withFileTypes: true });
      for (const e of entries) {
        const child = join(p, e.name);
        if (e.isDirectory()) await visit(child, null, depth);
        else if (DALLE_EXTENSIONS.has(extname(e.name).toLowerCase())) found.add(normalize(child));
      }
      return;
    }
    const ext = extname(p).toLowerCase();
    if (ext === '.txt') {
      if (depth > 8) {
        problems.push(
          `${SOURCE_NAME}: list "${p}" nests lists more than 8 deep; expected a flat list of dalles.`,
        );
        return;
      }
      const text = await readFile(p, 'utf8');
      for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) continue;
        await visit(isAbsolute(line) ? line : join(dirname(p), line), p, depth + 1);
      }
      return;
    }
    if (!DALLE_EXTENSIONS.has(ext)) {
      problems.push(
        `${SOURCE_NAME}: input "${p}"${fromList ? ` (listed in "${fromList}")` : ''} is not a dalle; expected a .tif, .tiff or .jp2 file, a folder or a .txt list.`,
      );
      return;
    }
    found.add(normalize(p));
  };
  for (const p of pathsOrDirs) await visit(p, null, 0);
  if (problems.length > 0) {
    throw new DataError(`${SOURCE_NAME}: ${problems.length} input(s) cannot be used:`, problems);
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Options of {@link inspectDalles}: those of opening and validating, plus concurrency. */
export interface InspectDallesOptions extends Omit<OpenRasterSourceOptions, 'check'> {
  /** Headers read at once (default 8). */
  concurrency?: number;
}

/** What {@link inspectDalles} found. */
export interface InspectDallesResult {
  /** Every dalle that could be opened, in input order. The caller closes them. */
  sources: RasterSource[];
  /** Every problem, errors first, each naming its file (see `validateDalles`). */
  problems: DalleProblem[];
  /** The sources without any error: what `--on-error skip` tiles. */
  usable: RasterSource[];
  /** Files with at least one error (unreadable ones included), input order. */
  rejected: string[];
}

/**
 * Opens every dalle (headers only), then validates them together (`validateDalles`).
 * Never throws for bad dalles: an unreadable one becomes an `unreadable` problem.
 */
export async function inspectDalles(
  paths: readonly string[],
  options: InspectDallesOptions = {},
): Promise<InspectDallesResult> {
  const opened: (RasterSource | null)[] = new Array(paths.length).fill(null);
  const problems: DalleProblem[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      const path = paths[i] as string;
      try {
        opened[i] = await openRasterSource(path, { ...options, check: false });
      } catch (e) {
        if (!isDataError(e)) throw e;
        problems.push({ file: path, severity: 'error', code: 'unreadable', message: e.message });
      }
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? 8, paths.length));
  await Promise.all(Array.from({ length: n }, worker));
  const sources = opened.filter((s): s is RasterSource => s !== null);
  const infos: RasterInfo[] = sources.map((s) => s.info);
  problems.push(...validateDalles(infos, options));
  const order = new Map(paths.map((p, k) => [p, k]));
  problems.sort(
    (a, b) =>
      (a.severity === 'error' ? 0 : 1) - (b.severity === 'error' ? 0 : 1) ||
      (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0),
  );
  const bad = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
  return {
    sources,
    problems,
    usable: sources.filter((s) => !bad.has(s.info.id)),
    rejected: paths.filter((p) => bad.has(p)),
  };
}
