/**
 * A real redis-server for tests: started on a free loopback port in a temp dir (AOF on, so a
 * restart keeps the batch), stopped by its PID. `restart()` stops it and starts it again on the
 * same port and dir (the "Redis restarted mid-batch" case).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (asked from the OS). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(test: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > ms) throw new Error(`test redis: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A running redis-server of the tests. */
export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  pid(): number;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts redis-server (Debian package) on a free port, data in `dir`. */
export async function startRedis(dir: string): Promise<TestRedis> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const pidFile = join(dir, 'redis.pid');
  let pid = 0;
  const ping = () => {
    try {
      return execFileSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).trim() === 'PONG';
    } catch {
      return false;
    }
  };
  const start = async () => {
    execFileSync('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--pidfile',
      pidFile,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--logfile',
      join(dir, 'redis.log'),
    ]);
    await waitFor(() => existsSync(pidFile) && ping(), 10_000, `redis-server on port ${port}`);
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  };
  const stop = async () => {
    if (pid <= 0) return;
    const p = pid;
    pid = 0;
    try {
      process.kill(p, 'SIGTERM'); // redis saves (AOF fsync) and exits
    } catch {
      return;
    }
    await waitFor(() => !alive(p), 10_000, `redis-server ${p} to exit`);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    pid: () => pid,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
  };
}
