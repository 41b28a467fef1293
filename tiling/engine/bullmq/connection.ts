/**
 * Redis connections of the distributed engine (ioredis, as BullMQ wants them: no per-command retry
 * limit, reconnecting forever with a capped backoff so a Redis restart is waited out, not fatal).
 */
import { Redis } from 'ioredis';
import { DataError } from '../../core';

/** Prefix of the distributed engine's messages and errors. */
export const NAME = 'tiling/distributed';

/** Name of the BullMQ queue every batch's jobs go to (one queue; job ids carry the batch). */
export const QUEUE_NAME = 'tiling';

/**
 * Checks a `--queue` URL (redis://[user:pass@]host:port[/db] or rediss://).
 * @throws DataError naming the flag and the expected form.
 */
export function parseQueueUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DataError(
      `${NAME}: --queue "${url}" is not a URL; expected redis://host:port (e.g. redis://127.0.0.1:6379).`,
    );
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new DataError(
      `${NAME}: --queue "${url}" must start with redis:// or rediss:// (got ${u.protocol}).`,
    );
  }
  if (!u.hostname) throw new DataError(`${NAME}: --queue "${url}" has no host; expected redis://host:port.`);
  return u;
}

/** A new Redis connection for BullMQ and batch state; reconnects with a backoff capped at 2 s. */
export function createRedis(url: string): Redis {
  parseQueueUrl(url);
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  // Connection errors are retried by ioredis; without a listener Node would print each one.
  redis.on('error', () => {});
  return redis;
}

/**
 * Waits until Redis answers (the first connection), so a wrong address fails in words.
 * @throws DataError after `timeoutMs` without an answer.
 */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DataError(
            `${NAME}: no answer from Redis at ${url} after ${Math.round(timeoutMs / 1000)} s; is redis-server running there (redis-server --port <port>)?`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
