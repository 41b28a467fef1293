import { describe, expect, it } from 'vitest';
import { BatchStatusListSchema, BatchStatusSchema } from '../../format/batch-status';

/** A batch half done, as `tiling status --json` prints it (test/tiling/distributed reads real ones). */
const running = {
  batch: 'b1',
  state: 'running',
  out: '/twin/2024/ortho',
  fingerprint: 'f00d',
  created: '2026-12-03T09:00:00.000Z',
  jobs: { total: 4, done: 2, failed: 0, active: 1, remaining: 2 },
  tiles: { planned: 40, plannedDone: 20, written: 18, bytes: 123456 },
  progress: 0.5,
  zooms: [{ z: 16, planned: 40, written: 18 }],
  workers: [{ name: 'w1', jobs: 2, tiles: 18, busySeconds: 3, tilesPerSecond: 6, lastSeenSecondsAgo: 1 }],
  failures: [],
  tilesPerSecond: 6,
  etaSeconds: null,
};

describe('the tiling status --json document', () => {
  it('reads a running batch with an unknown ETA', () => {
    expect(BatchStatusListSchema.parse([running])[0]?.etaSeconds).toBeNull();
  });

  it('refuses an unknown state and a progress above 100%, naming both members', () => {
    const r = BatchStatusSchema.safeParse({ ...running, state: 'paused', progress: 1.5 });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['state', 'progress']));
  });
});
