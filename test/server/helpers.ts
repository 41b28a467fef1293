/**
 * Starts the real server (server/bin.ts, tsx) as a child process on a free port, with a real
 * SQLite file, and stops it by its PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort } from '../tiling/distributed/redis';

export { freePort };

export const TOKENS = { alice: 'alice-token-0001', bob: 'bob-token-000002' } as const;

/** A small detections file (EPSG:2154) with `n` squares of growing size and confidence. */
export function writeDetections(dir: string, n: number, extra: Record<string, unknown>[] = []): string {
  const classes = ['vers_bati', 'vers_impermeable', 'vers_terrassement'];
  const features = Array.from({ length: n }, (_, k) => {
    const x = 708100 + (k % 10) * 60;
    const y = 7057100 + Math.floor(k / 10) * 60;
    const side = 10 + k; // m
    return {
      type: 'Feature',
      properties: {
        id: `chg-${String(k + 1).padStart(4, '0')}`,
        class_code: classes[k % 3],
        confidence: 0.5 + (k % 50) / 100,
        date_before: '2021-05-12',
        date_after: '2024-06-06',
        model_version: 'test-model-1',
        ...extra[k],
      },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + side, y],
            [x + side, y + side],
            [x, y + side],
            [x, y],
          ],
        ],
      },
    };
  });
  const path = join(dir, 'changes.geojson');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
      features,
    }),
  );
  return path;
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
  kill9: () => Promise<void>;
}

/** Starts server/bin.ts and waits for its "listening" line. */
export async function startServer(args: string[], env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/bin.ts', '--port', String(port), ...args],
    {
      env: {
        ...process.env,
        REVIEW_TOKENS: `alice=${TOKENS.alice},bob=${TOKENS.bob}`,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolveStart, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${out}`)), 30_000);
    const check = () => {
      if (out.includes('hdf-twin server: http')) {
        clearTimeout(t);
        resolveStart();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** POSTs a decision as a reviewer. */
export async function decide(
  url: string,
  id: string,
  body: unknown,
  token: string | null = TOKENS.alice,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/api/review/items/${encodeURIComponent(id)}/decisions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
