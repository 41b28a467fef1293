/**
 * `npm run bench:review`: load test of the review API on loopback with autocannon, against the
 * real server process and a real SQLite file: 50 concurrent clients post decisions (each on its
 * own item, so every one is written) for a bounded time, then read the queue. Prints decisions/s
 * and latency percentiles; compared with the read path measured in the same run.
 *   --seconds <n> (10)  --connections <n> (50)  --items <n> (60000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { ReviewStore } from '../server/review/store';
import { startServer, TOKENS, writeDetections } from '../test/server/helpers';

const NAME = 'bench:review';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

function run(o: autocannon.Options): Promise<Result> {
  return new Promise((resolveRun, reject) => {
    autocannon(o, (err, result) => (err ? reject(err) : resolveRun(result as unknown as Result)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      items: { type: 'string', default: '60000' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const items = Number(values.items);
  const dir = mkdtempSync(join(tmpdir(), 'bench-review-'));
  const db = join(dir, 'review.sqlite');
  try {
    const changes = writeDetections(join(dir, 'in'), items);
    const server = await startServer([
      '--twin',
      dir,
      '--db',
      db,
      '--changes',
      changes,
      '--dist',
      join(dir, 'none'),
    ]);
    try {
      let next = 0;
      const write = await run({
        url: `${server.url}/api/review/items/x/decisions`,
        connections,
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.alice}` },
        requests: [
          {
            setupRequest: (req) => {
              const id = `chg-${String((next++ % items) + 1).padStart(4, '0')}`;
              return {
                ...req,
                path: `/api/review/items/${id}/decisions`,
                body: JSON.stringify({ expectedVersion: 0, status: 'accepted', comment: 'bench' }),
              };
            },
          },
        ],
      });
      const read = await run({
        url: `${server.url}/api/review/items?status=pending&limit=20`,
        connections,
        duration: Math.max(3, Math.round(seconds / 2)),
      });
      const rows = [
        ['', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'total', 'non-2xx', 'errors'],
        ['POST decision', write, read] as const,
      ];
      const line = (label: string, r: Result) =>
        [
          label,
          r.requests.average.toFixed(0),
          String(r.latency.p50),
          String(r.latency.p99),
          String(r.latency.max),
          String(r.requests.total),
          String(r.non2xx),
          String(r.errors),
        ]
          .map((c, k) => (k === 0 ? c.padEnd(28) : c.padStart(9)))
          .join('');
      console.log(
        `\n${NAME}: ${connections} connections, ${seconds} s of writes, ${items} items, SQLite WAL synchronous=NORMAL\n`,
      );
      console.log(rows[0]?.map((c, k) => (k === 0 ? String(c).padEnd(28) : String(c).padStart(9))).join(''));
      console.log(line('POST decision (write)', write));
      console.log(line('GET queue page (read)', read));
      console.log(
        `\nwrites/reads throughput: ${(write.requests.average / read.requests.average).toFixed(2)}x`,
      );
      if (write.non2xx > 0)
        console.log(`${NAME}: ${write.non2xx} writes were refused (items exhausted: raise --items)`);
    } finally {
      await server.stop();
    }
    const store = ReviewStore.open(db);
    console.log(`${NAME}: ${store.decided().length} decisions stored, integrity ${store.integrityCheck()}`);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`${NAME}: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
