/**
 * `lruCache`: what a job handler keeps open between jobs in one worker (decoded DEM files, open
 * dalles): loads on demand, keeps the most recently used `capacity` entries, and forgets a load that
 * failed (the next job tries again).
 * Handlers import it as '../engine/cache', not '../engine': the index loads ./local, which loads
 * ./worker, whose top-level await is still pending while a worker imports its handler (the cycle
 * stops the worker thread with exit code 13).
 */

/** A cache of loads by key. */
export interface LruCache<K, V> {
  /** The cached load of `key`, or a new one (which may throw synchronously, as `load` does). */
  get(key: K): Promise<V>;
  /** Empties the cache; returns the loads it held. */
  clear(): Promise<V>[];
}

/** A cache of at most `capacity` loads; `onEvict` gets each load pushed out by a newer one. */
export function lruCache<K, V>(
  capacity: number,
  load: (key: K) => Promise<V>,
  onEvict?: (value: Promise<V>) => void,
): LruCache<K, V> {
  const cache = new Map<K, Promise<V>>();
  return {
    get(key) {
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const p = load(key);
      p.catch(() => cache.delete(key));
      cache.set(key, p);
      while (cache.size > capacity) {
        const [oldest, value] = cache.entries().next().value as [K, Promise<V>];
        cache.delete(oldest);
        onEvict?.(value);
      }
      return p;
    },
    clear() {
      const all = [...cache.values()];
      cache.clear();
      return all;
    },
  };
}
