/**
 * The manifest of completed jobs: `<out>/.tiling/manifest.jsonl`, append-only, one JSON line per job
 * and fsync'd after each, written by one process (the run's main thread) after the job's tiles are
 * in place. A run reads it first and skips what it lists, so a crash or kill -9 loses at most the
 * jobs in flight, which simply run again (jobs are idempotent: same job, same bytes).
 *
 * Line 1 names the plan (its fingerprint): a folder holding another plan's work is refused rather
 * than mixed. A last line cut short by a crash is dropped on open.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { DataError } from '../core';

const NAME = 'tiling/write/manifest';

/** One completed job. */
export interface ManifestRecord {
  job: string;
  /** Tiles written. */
  tiles: number;
  /** Bytes written. */
  bytes: number;
}

/** The set of completed jobs, and how to add one. */
export interface JobManifest {
  readonly done: ReadonlyMap<string, ManifestRecord>;
  /** Records a job as done; durable (fsync'd) when the promise resolves. */
  record(record: ManifestRecord): Promise<void>;
  close(): Promise<void>;
}

/** Manifest in a JSON-lines file. */
export class FsManifest implements JobManifest {
  readonly path: string;
  readonly done = new Map<string, ManifestRecord>();
  private fd: number;

  private constructor(path: string, fd: number) {
    this.path = path;
    this.fd = fd;
  }

  /**
   * Opens (or creates) the manifest of the plan `fingerprint`.
   * @throws DataError when the file belongs to another plan or is damaged.
   */
  static open(path: string, fingerprint: string): FsManifest {
    mkdirSync(dirname(path), { recursive: true });
    const header = JSON.stringify({ manifest: 1, plan: fingerprint });
    if (!existsSync(path)) {
      const fd = openSync(path, 'a');
      writeSync(fd, `${header}\n`);
      fsyncSync(fd);
      return new FsManifest(path, fd);
    }
    const text = readFileSync(path, 'utf8');
    const complete = text.lastIndexOf('\n') + 1;
    if (complete < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, complete)));
    const lines = text
      .slice(0, complete)
      .split('\n')
      .filter((l) => l.length > 0);
    const fd = openSync(path, 'a');
    const m = new FsManifest(path, fd);
    if (lines.length === 0) {
      writeSync(fd, `${header}\n`);
      fsyncSync(fd);
      return m;
    }
    let head: { manifest?: number; plan?: string };
    try {
      head = JSON.parse(lines[0] as string);
    } catch {
      closeSync(fd);
      throw new DataError(
        `${NAME}: ${path} is not a tiling manifest; use another --out folder or delete it.`,
      );
    }
    if (head.plan !== fingerprint) {
      closeSync(fd);
      throw new DataError(
        `${NAME}: ${path} records a run of another plan (fingerprint ${head.plan}, this one is ${fingerprint}): other dalles or options. Use another --out folder, or delete ${dirname(path)} to start over.`,
      );
    }
    for (const line of lines.slice(1)) {
      try {
        const r = JSON.parse(line) as ManifestRecord;
        if (typeof r.job === 'string') m.done.set(r.job, r);
      } catch {
        // A damaged line (not the last) means that job runs again: harmless.
      }
    }
    return m;
  }

  async record(record: ManifestRecord): Promise<void> {
    writeSync(this.fd, `${JSON.stringify({ job: record.job, tiles: record.tiles, bytes: record.bytes })}\n`);
    fsyncSync(this.fd);
    this.done.set(record.job, record);
  }

  async close(): Promise<void> {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** Manifest in memory (tests). */
export class MemoryManifest implements JobManifest {
  readonly done = new Map<string, ManifestRecord>();
  async record(record: ManifestRecord): Promise<void> {
    this.done.set(record.job, record);
  }
  async close(): Promise<void> {}
}
