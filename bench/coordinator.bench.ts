/**
 * `npm run bench:coordinator`: the distributed engine's coordinator measured alone. A real
 * redis-server (loopback, AOF on as in production), `--workers` `tiling worker` processes, and a
 * batch of `--jobs` no-op jobs (the registry's "noop" handler: no tile, no byte) coordinated by
 * `BullMqJobEngine` in this process. Prints the sustained enqueue and completion rates (jobs/s, from
 * the batch's counters sampled every second, the first and last 10 % left out), Redis memory
 * (INFO used_memory: peak and kept after the batch, per job) and this process's peak RSS (the
 * coordinator), with the job list held in memory (an array) or streamed (`--stream`: an async
 * generator, never held).
 *
 * Usage: node --expose-gc --import tsx bench/coordinator.bench.ts [--jobs 200000] [--workers 2] [--window 10000] [--stream]
 *                                       [--json <file>]
 * Needs redis-server (Debian package) on PATH; it is started on a free loopback port and stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '../test/tiling/distributed/redis';
import { handlerSpec, type QueueJob } from '../tiling/engine';
import { BullMqJobEngine, RedisBatch, runJobStream } from '../tiling/engine/bullmq';

const NAME = 'bench:coordinator';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'tiling/cli/bin.ts');

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200000' },
    workers: { type: 'string', default: '2' },
    window: { type: 'string', default: '10000' },
    stream: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const N = Number(values.jobs);
const W = Number(values.workers);
const WINDOW = Number(values.window);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** The plan's jobs, made one by one (the stream) or all at once (the array). */
function* jobIds(n: number): Generator<QueueJob> {
  for (let i = 0; i < n; i++) yield { id: `n${i}`, deps: [] };
}
async function* jobStream(n: number): AsyncGenerator<QueueJob> {
  for (const j of jobIds(n)) yield j;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-coordinator-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redisProc = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', tmp, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  const workers: ChildProcess[] = [];
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => {});
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await client.ping()) === 'PONG') break;
      } catch {}
      await sleep(100);
    }
    const memory = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? 0);
    const baseMemory = await memory();
    const id = 'bench';
    const batch = new RedisBatch(client, id);
    const spec = handlerSpec('noop', {}, { portable: true });
    // What a plan registers; the stored plan is left empty (streamed plans are not stored whole).
    await batch.register(
      { fingerprint: `noop-${N}`, jobs: [], totalTiles: 0, levels: [] },
      spec,
      { out: tmp },
      { attempts: 3, backoffMs: 1000 },
    );
    for (let i = 0; i < W; i++)
      workers.push(
        spawn(
          process.execPath,
          ['--import', 'tsx', CLI, 'worker', '--queue', url, '--quiet', '--name', `bw${i}`],
          {
            cwd: ROOT,
            stdio: 'ignore',
          },
        ),
      );
    await sleep(3000); // workers started (tsx, imports) before the clock
    const rss0 = process.memoryUsage().rss;
    const cpu0 = {
      coordinator: process.cpuUsage(),
      redis: cpuSeconds(redisProc.pid),
      workers: workers.reduce((a, w) => a + cpuSeconds(w.pid), 0),
    };
    const heap0 = process.memoryUsage().heapUsed;
    let peakHeap = heap0;
    const engine = new BullMqJobEngine({ url, batch: id, window: WINDOW });
    const samples: { t: number; enqueued: number; done: number; memory: number }[] = [];
    let peakRss = rss0;
    let running = true;
    const t0 = performance.now();
    const sampler = (async () => {
      while (running) {
        const [e, d] = await client.hmget(batch.key('meta'), 'enqueued', 'jobsDone');
        samples.push({
          t: (performance.now() - t0) / 1000,
          enqueued: Number(e ?? 0),
          done: Number(d ?? 0),
          memory: await memory(),
        });
        // Live memory, not garbage not yet collected (node --expose-gc, as the npm script runs it).
        (globalThis as { gc?: () => void }).gc?.();
        const mu = process.memoryUsage();
        peakRss = Math.max(peakRss, mu.rss);
        peakHeap = Math.max(peakHeap, mu.heapUsed);
        const last = samples[samples.length - 1];
        if (last && samples.length % 10 === 0)
          console.error(`${NAME}: ${last.t.toFixed(0)} s: ${last.enqueued} enqueued, ${last.done} done`);
        await sleep(1000);
      }
    })();
    let completed = 0;
    const run = {
      handler: spec,
      onDone: () => {
        completed++;
      },
      onFailed: () => ({ action: 'stop' as const }),
    };
    const summary = values.stream
      ? await runJobStream(engine, jobStream(N), run)
      : await engine.run([...jobIds(N)], run);
    const seconds = (performance.now() - t0) / 1000;
    const cu = process.cpuUsage(cpu0.coordinator);
    const cpu = {
      coordinator: (cu.user + cu.system) / 1e6,
      redis: cpuSeconds(redisProc.pid) - cpu0.redis,
      workers: workers.reduce((a, w) => a + cpuSeconds(w.pid), 0) - cpu0.workers,
    };
    running = false;
    await sampler;
    const endMemory = await memory();
    // The batch's manifest (one field per done job) and the completed BullMQ jobs still kept.
    const manifestBytes = Number(await client.call('MEMORY', 'USAGE', batch.key('done'), 'SAMPLES', '0'));
    const keptJobs = await engine.queue.getCompletedCount();
    // Where Redis spent its CPU (INFO commandstats): the heaviest commands.
    const stats = [...(await client.info('commandstats')).matchAll(/cmdstat_(\w+):calls=(\d+),usec=(\d+)/g)]
      .map((m) => ({ cmd: m[1] as string, calls: Number(m[2]), usec: Number(m[3]) }))
      .sort((a, b) => b.usec - a.usec)
      .slice(0, 6);
    await engine.close();
    // Sustained rates: the middle 80 % of the run.
    const rate = (key: 'enqueued' | 'done') => {
      const a = samples.find((s) => s[key] >= 0.1 * N);
      const b = [...samples].reverse().find((s) => s[key] <= 0.9 * N);
      return a && b && b.t > a.t ? (b[key] - a[key]) / (b.t - a.t) : N / seconds;
    };
    const peakMemory = Math.max(...samples.map((s) => s.memory), endMemory);
    const result = {
      jobs: N,
      workers: W,
      window: WINDOW,
      mode: values.stream ? 'stream' : 'array',
      completed: summary.completed,
      seconds,
      jobsPerSecond: N / seconds,
      enqueuePerSecond: rate('enqueued'),
      completePerSecond: rate('done'),
      redisPeakBytes: peakMemory - baseMemory,
      redisKeptBytesPerJob: (endMemory - baseMemory) / N,
      manifestBytesPerJob: manifestBytes / N,
      completedJobsKept: keptJobs,
      /** Redis bytes per completed BullMQ job kept (job hash), from what is left after the manifest. */
      bytesPerKeptJob: keptJobs > 0 ? (endMemory - baseMemory - manifestBytes) / keptJobs : 0,
      coordinatorPeakRssMiB: peakRss / 1048576,
      coordinatorRssGrowthMiB: (peakRss - rss0) / 1048576,
      coordinatorPeakHeapMiB: peakHeap / 1048576,
      /** CPU microseconds per job of each part; 1e6 / that = jobs/s one core sustains. */
      cpuMicrosPerJob: {
        coordinator: (cpu.coordinator * 1e6) / N,
        redis: (cpu.redis * 1e6) / N,
        workers: (cpu.workers * 1e6) / N,
      },
      loadAverage: loadavg()[0] ?? 0,
      redisTopCommands: stats.map((c) => ({ ...c, perJob: c.calls / N, usecPerJob: c.usec / N })),
    };
    const per = result.cpuMicrosPerJob;
    const mib = (b: number) => (b / 1048576).toFixed(0);
    console.log(
      [
        `${NAME}: ${N} no-op jobs, ${W} worker process(es), window ${WINDOW}, job list ${result.mode === 'stream' ? 'streamed (async generator)' : 'held (array)'}`,
        `  ${completed} completed in ${seconds.toFixed(1)} s: ${result.jobsPerSecond.toFixed(0)} jobs/s overall`,
        `  sustained (middle 80 %): enqueue ${result.enqueuePerSecond.toFixed(0)} jobs/s, complete ${result.completePerSecond.toFixed(0)} jobs/s`,
        `  Redis used_memory: peak +${mib(result.redisPeakBytes)} MiB; kept after the batch ${result.redisKeptBytesPerJob.toFixed(0)} B per job: the manifest ${result.manifestBytesPerJob.toFixed(0)} B per job, ${keptJobs} completed BullMQ jobs kept (${result.bytesPerKeptJob.toFixed(0)} B each)`,
        `  coordinator RSS: peak ${result.coordinatorPeakRssMiB.toFixed(0)} MiB (+${result.coordinatorRssGrowthMiB.toFixed(0)} MiB during the batch), JS heap peak ${result.coordinatorPeakHeapMiB.toFixed(0)} MiB (${(heap0 / 1048576).toFixed(0)} MiB before${(globalThis as { gc?: unknown }).gc ? ', live: after a GC' : ', GC not forced: run with node --expose-gc'})`,
        `  CPU per job: coordinator ${per.coordinator.toFixed(0)} µs (one core: ${(1e6 / per.coordinator).toFixed(0)} jobs/s), Redis ${per.redis.toFixed(0)} µs (${(1e6 / per.redis).toFixed(0)} jobs/s), workers ${per.workers.toFixed(0)} µs (${(1e6 / per.workers).toFixed(0)} jobs/s per worker core)`,
        `  Redis CPU by command (µs per job): ${result.redisTopCommands.map((c) => `${c.cmd} ${c.usecPerJob.toFixed(0)}`).join(', ')}`,
        `  load average at the end: ${result.loadAverage.toFixed(1)} on ${availableParallelism()} cores (the rates above are what this machine gave; CPU per job is what each part costs)`,
      ].join('\n'),
    );
    if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    for (const w of workers) if (w.pid && w.exitCode === null) w.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))),
    );
    client.disconnect();
    if (redisProc.pid) redisProc.kill('SIGTERM');
    await new Promise((r) => (redisProc.exitCode !== null ? r(null) : redisProc.once('exit', r)));
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
