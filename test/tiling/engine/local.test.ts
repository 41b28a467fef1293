import { describe, expect, it } from 'vitest';
import type { JobFailure } from '../../../tiling/engine';
import { JobScheduler, LocalJobEngine } from '../../../tiling/engine';
import type { TestJob } from './fixtures/handler';

const handler = (delayMs = 5, offset = 0) => ({
  module: new URL('./fixtures/handler.ts', import.meta.url).href,
  exportName: 'createTestHandler',
  config: { delayMs, offset },
});

const job = (id: string, deps: string[] = [], extra: Partial<TestJob> = {}): TestJob => ({
  id,
  deps,
  value: id.length,
  ...extra,
});

describe('job scheduler', () => {
  it('releases a job once all its dependencies are done, before independent jobs', () => {
    const s = new JobScheduler([job('a'), job('b'), job('c'), job('ab', ['a', 'b'])], new Set());
    expect(s.next()?.id).toBe('a');
    expect(s.next()?.id).toBe('b');
    s.complete('a');
    s.complete('b');
    expect(s.next()?.id).toBe('ab');
    expect(s.next()?.id).toBe('c');
  });

  it('treats jobs done in an earlier run as satisfied and blocks dependents of a failed job', () => {
    const s = new JobScheduler(
      [job('a'), job('b'), job('ab', ['a', 'b']), job('top', ['ab'])],
      new Set(['a']),
    );
    expect(s.remaining).toBe(3);
    expect(s.next()?.id).toBe('b');
    s.fail('b');
    expect(s.blocked).toEqual(['ab', 'top']);
    expect(s.remaining).toBe(0);
  });
});

describe('local worker pool', () => {
  it('keeps its worker threads for a second run with another handler when asked (keepWorkers)', async () => {
    const engine = new LocalJobEngine({ workers: 2, keepWorkers: true });
    const jobs = [job('a'), job('bb'), job('ccc'), job('dddd')];
    const runOnce = async (spec: ReturnType<typeof handler>) => {
      const threads = new Set<number>();
      const squares: number[] = [];
      await engine.run(jobs, {
        handler: spec,
        onDone: (_j, r: { square: number; threadId: number }) => {
          threads.add(r.threadId);
          squares.push(r.square);
        },
        onFailed: () => ({ action: 'stop' }),
      });
      return { threads, squares: squares.sort((x, y) => x - y) };
    };
    try {
      const first = await runOnce(handler(20));
      const second = await runOnce(handler(20, 100));
      expect(first.squares).toEqual([1, 4, 9, 16]);
      // The same threads, now running the second handler.
      expect(second.squares).toEqual([101, 104, 109, 116]);
      expect([...second.threads].sort()).toEqual([...first.threads].sort());
    } finally {
      await engine.close();
    }
  });

  it('runs every job on worker threads, dependencies first, results in the main thread', async () => {
    const engine = new LocalJobEngine({ workers: 2 });
    const jobs = [job('a'), job('bb'), job('ccc'), job('top', ['a', 'bb', 'ccc'])];
    const order: string[] = [];
    const threads = new Set<number>();
    const summary = await engine.run(jobs, {
      handler: handler(20),
      onDone: (j, r: { square: number; threadId: number }) => {
        order.push(j.id);
        threads.add(r.threadId);
        expect(r.square).toBe(j.value * j.value);
      },
      onFailed: () => ({ action: 'stop' }),
    });
    expect(summary).toMatchObject({ completed: 4, failed: [], stopped: false });
    expect(order[3]).toBe('top');
    expect(threads.size).toBe(2);
    expect(threads.has(0)).toBe(false);
  });

  it('passes failures with their details to the caller, which can retry a changed job', async () => {
    const engine = new LocalJobEngine({ workers: 1 });
    const failures: JobFailure[] = [];
    const done: string[] = [];
    const summary = await engine.run([job('x', [], { fail: 'data' })], {
      handler: handler(),
      onDone: (j) => {
        done.push(j.id);
      },
      onFailed: (j, f) => {
        failures.push(f);
        return { action: 'retry', job: { ...j, fail: undefined } };
      },
    });
    expect(failures[0]).toMatchObject({
      isDataError: true,
      message: 'bad input in x',
      details: { dalle: 3 },
    });
    expect(done).toEqual(['x']);
    expect(summary.completed).toBe(1);
  });

  it('survives a worker thread that dies in a job, and skips its dependents when told to', async () => {
    const engine = new LocalJobEngine({ workers: 1 });
    const summary = await engine.run(
      [job('dies', [], { crash: true }), job('after', ['dies']), job('other')],
      {
        handler: handler(),
        onDone: () => {},
        onFailed: (_j, f) => {
          expect(f.message).toMatch(/exited/);
          return { action: 'skip' };
        },
      },
    );
    expect(summary).toMatchObject({ completed: 1, failed: ['dies'], blocked: ['after'], stopped: false });
  });

  it('with 0 workers runs the same handler in this thread', async () => {
    const engine = new LocalJobEngine({ workers: 0 });
    const results: { threadId: number }[] = [];
    await engine.run([job('a'), job('b', ['a'])], {
      handler: handler(),
      onDone: (_j, r: { threadId: number }) => {
        results.push(r);
      },
      onFailed: () => ({ action: 'stop' }),
    });
    expect(results.map((r) => r.threadId)).toEqual([0, 0]);
  });

  it('stops dispatching on abort', async () => {
    const engine = new LocalJobEngine({ workers: 1 });
    const ac = new AbortController();
    const done: string[] = [];
    const summary = await engine.run([job('a'), job('b'), job('c')], {
      handler: handler(30),
      signal: ac.signal,
      onDone: (j) => {
        done.push(j.id);
        ac.abort();
      },
      onFailed: () => ({ action: 'stop' }),
    });
    expect(summary.stopped).toBe(true);
    expect(done).toEqual(['a']);
  });
});
