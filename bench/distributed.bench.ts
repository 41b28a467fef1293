/**
 * `npm run bench:distributed`: the sample tiled through the queue (Redis + BullMQ) by 1, 2 and 4
 * local `tiling worker` processes, against the local mode (`tiling run`, worker threads) on the same
 * plan. Prints throughput, scaling efficiency (speed-up / workers) and the queue's overhead: one
 * queue worker process against the local mode with one worker thread (target < 10 %), and against
 * the jobs run in one process without the queue (`--workers 0`). Times are runPyramid's own (report.json
 * `seconds`: from the first job enqueued to the metadata written), so process start-up and dalle
 * checks, the same in both modes, are left out; workers are started (and idle) before the clock.
 *
 * Each figure is the best of --repeat runs (2): on a shared machine the other load only adds time.
 *
 * Usage: tsx bench/distributed.bench.ts [--size-m 400] [--workers 1,2,4] [--job-span 3] [--repeat 2] [--keep]
 *                                        [--json <file>]
 * Needs redis-server (Debian package) on PATH; it is started on a free loopback port and stopped.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../test/tiling/distributed/redis';

const NAME = 'bench:distributed';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'tiling/cli/bin.ts');

const { values } = parseArgs({
  options: {
    'size-m': { type: 'string', default: '400' },
    workers: { type: 'string', default: '1,2,4' },
    'job-span': { type: 'string', default: '3' },
    repeat: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const counts = String(values.workers)
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);

function node(args: string[], quiet = true): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe'],
  });
}

function finish(p: ChildProcess, what: string): Promise<void> {
  let err = '';
  p.stderr?.on('data', (d) => {
    err += String(d);
  });
  return new Promise((res, rej) =>
    p.on('exit', (code) =>
      code === 0 ? res() : rej(new Error(`${NAME}: ${what} exited ${code}\n${err.slice(-2000)}`)),
    ),
  );
}

const repeat = Math.max(1, Number(values.repeat) || 1);

/** The fastest of `repeat` runs. */
async function best(once: (n: number) => Promise<{ seconds: number; tiles: number }>) {
  let b: { seconds: number; tiles: number } | null = null;
  for (let n = 0; n < repeat; n++) {
    const r = await once(n);
    if (b === null || r.seconds < b.seconds) b = r;
  }
  return b as { seconds: number; tiles: number };
}

interface Row {
  mode: string;
  workers: number;
  seconds: number;
  tiles: number;
  tilesPerSecond: number;
}

async function main(): Promise<void> {
  if (
    !existsSync('/usr/bin/redis-server') &&
    !process.env.PATH?.split(':').some((d) => existsSync(join(d, 'redis-server')))
  )
    throw new Error(`${NAME}: redis-server is not installed (apt-get install redis-server).`);
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const tmp = mkdtempSync(join(ROOT, '.tmp', 'bench-distributed-'));
  const redisDir = join(tmp, 'redis');
  mkdirSync(redisDir);
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const pidFile = join(redisDir, 'redis.pid');
  const rows: Row[] = [];
  let redisPid = 0;
  try {
    console.error(`${NAME}: sample ${values['size-m']} m...`);
    await finish(
      node(['sample', '--out', join(tmp, 'sample'), '--size-m', String(values['size-m'])]),
      'tiling sample',
    );
    const dalles = join(tmp, 'sample', 'ortho', '2021');
    const plan = ['--job-span', String(values['job-span']), '--name', 'ortho'];
    const report = (out: string) =>
      JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { seconds: number; tiles: number };

    {
      // The same code path as one queue worker: jobs in the main thread of one process, no queue.
      console.error(`${NAME}: local mode, in the main thread (--workers 0)...`);
      const r = await best(async (n) => {
        const out = join(tmp, `local-inline-${n}`);
        await finish(node(['run', dalles, '--out', out, '--workers', '0', ...plan]), 'tiling run');
        return report(out);
      });
      rows.push({
        mode: 'inline',
        workers: 1,
        seconds: r.seconds,
        tiles: r.tiles,
        tilesPerSecond: r.tiles / r.seconds,
      });
    }
    for (const k of counts) {
      console.error(`${NAME}: local mode, ${k} worker thread(s)...`);
      const r = await best(async (n) => {
        const out = join(tmp, `local-${k}-${n}`);
        await finish(node(['run', dalles, '--out', out, '--workers', String(k), ...plan]), 'tiling run');
        return report(out);
      });
      rows.push({
        mode: 'local',
        workers: k,
        seconds: r.seconds,
        tiles: r.tiles,
        tilesPerSecond: r.tiles / r.seconds,
      });
    }

    execFileSync('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      redisDir,
      '--pidfile',
      pidFile,
      '--save',
      '',
      '--appendonly',
      'yes',
    ]);
    for (let i = 0; i < 100 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    redisPid = Number(readFileSync(pidFile, 'utf8').trim());

    for (const k of counts) {
      console.error(`${NAME}: queue mode, ${k} worker process(es)...`);
      const workers: ChildProcess[] = [];
      const ready: Promise<void>[] = [];
      for (let i = 0; i < k; i++) {
        const w = spawn(
          process.execPath,
          ['--import', 'tsx', CLI, 'worker', '--queue', url, '--quiet', '--name', `bench-${k}-${i}`],
          {
            cwd: ROOT,
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        workers.push(w);
        ready.push(
          new Promise((res) => {
            w.stderr?.on('data', (d) => {
              if (String(d).includes('waiting for jobs')) res();
            });
          }),
        );
      }
      await Promise.all(ready);
      await new Promise((r) => setTimeout(r, 500)); // connected and blocking on the queue
      const r = await best(async (n) => {
        const out = join(tmp, `queue-${k}-${n}`);
        await finish(
          node(['run', dalles, '--out', out, '--queue', url, '--batch', `bench-${k}-${n}`, ...plan]),
          'tiling run --queue',
        );
        return report(out);
      });
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(
        workers.map((w) => new Promise((res) => (w.exitCode !== null ? res(null) : w.on('exit', res)))),
      );
      rows.push({
        mode: 'queue',
        workers: k,
        seconds: r.seconds,
        tiles: r.tiles,
        tilesPerSecond: r.tiles / r.seconds,
      });
    }
  } finally {
    if (redisPid > 0) {
      try {
        process.kill(redisPid, 'SIGTERM');
      } catch {}
    }
    if (!values.keep) rmSync(tmp, { recursive: true, force: true });
    else console.error(`${NAME}: kept ${tmp}`);
  }

  const cores = availableParallelism();
  const base = (mode: string) => rows.find((r) => r.mode === mode && r.workers === (counts[0] ?? 1));
  console.log(
    `\n${NAME}: ${values['size-m']} m sample, ${rows[0]?.tiles ?? 0} tiles, ${cores} core(s) on this machine`,
  );
  console.log('mode    workers   seconds   tiles/s   speed-up   efficiency   queue/local');
  for (const r of rows) {
    const b = (base(r.mode) ?? r) as Row;
    const speedup = b.seconds / r.seconds;
    const local = rows.find((x) => x.mode === 'local' && x.workers === r.workers);
    if (r.mode === 'inline') {
      console.log(
        `${'inline'.padEnd(7)} ${'1'.padStart(7)} ${r.seconds.toFixed(2).padStart(9)} ${r.tilesPerSecond.toFixed(0).padStart(9)}`,
      );
      continue;
    }
    const ratio = r.mode === 'queue' && local ? `${(r.seconds / local.seconds).toFixed(2)}x` : '';
    console.log(
      `${r.mode.padEnd(7)} ${String(r.workers).padStart(7)} ${r.seconds.toFixed(2).padStart(9)} ${r.tilesPerSecond.toFixed(0).padStart(9)} ${speedup.toFixed(2).padStart(9)}x ${((speedup / (r.workers / (counts[0] ?? 1))) * 100).toFixed(0).padStart(11)} % ${ratio.padStart(12)}`,
    );
  }
  const q1 = rows.find((r) => r.mode === 'queue' && r.workers === 1);
  const i1 = rows.find((r) => r.mode === 'inline');
  const l1 = rows.find((r) => r.mode === 'local' && r.workers === 1);
  if (q1 && l1) {
    const overhead = (q1.seconds / l1.seconds - 1) * 100;
    console.log(
      `queue overhead versus local mode, 1 worker: ${overhead.toFixed(1)} % (target < 10 %; the local time includes its worker thread's start-up, the queue worker was started before)`,
    );
  }
  if (q1 && i1)
    console.log(
      `1 queue worker versus the jobs in one process without a queue (--workers 0): ${(q1.seconds / i1.seconds).toFixed(2)}x`,
    );
  if (cores < Math.max(...counts))
    console.log(
      `note: ${Math.max(...counts)} workers on ${cores} core(s): efficiency past ${cores} measures oversubscription, not the queue.`,
    );
  if (values.json) writeFileSync(String(values.json), `${JSON.stringify({ cores, rows }, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
