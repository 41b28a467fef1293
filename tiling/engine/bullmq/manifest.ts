/**
 * The manifest of a distributed batch: the batch's `done` hash in Redis (written by the
 * coordinator after a job's tiles are in the output store). Same contract as `FsManifest`.
 */
import type { JobManifest, ManifestRecord } from '../../write';
import type { RedisBatch } from './batch';

export class RedisManifest implements JobManifest {
  readonly done = new Map<string, ManifestRecord>();

  private constructor(private readonly batch: RedisBatch) {}

  /** Reads the jobs recorded done so far. */
  static async open(batch: RedisBatch): Promise<RedisManifest> {
    const m = new RedisManifest(batch);
    for (const [id, r] of await batch.done()) m.done.set(id, r);
    return m;
  }

  async record(record: ManifestRecord): Promise<void> {
    await this.batch.recordDone({ job: record.job, tiles: record.tiles, bytes: record.bytes });
    this.done.set(record.job, record);
  }

  async close(): Promise<void> {}
}
