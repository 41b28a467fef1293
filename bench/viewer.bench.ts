/**
 * `npm run bench:viewer`: the viewer on the sample twin in Chromium (Playwright), for a standard
 * view (the catalog's home) with the orthophoto, the OCS2D and the 3D tiles shown:
 * - time from navigation to the first moment every shown layer is loaded (stable for 300 ms);
 * - bytes (encoded, as transferred) and requests for that view, by kind;
 * - main-thread long tasks (> 50 ms) until then: count, total, longest, blocking time;
 * - picking: from a click at the view's centre to the feature panel's answer, in time and frames.
 * Not a test: it prints a table (bench/README.md). Needs `npm run demo` (or `--twin <dir>`) first.
 *
 * Usage: tsx bench/viewer.bench.ts [--twin twin] [--runs 3] [--viewport 1280x720] [--port 4291]
 *                                  [--timeout 240 (s per run)] [--no-build] [--json <file>]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from '@playwright/test';

const NAME = 'bench:viewer';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_CATALOG = 'bench-viewer-catalog.json';
/** Kinds the standard view shows (one layer of each, the 3D tiles all). */
const SHOWN_KINDS = ['orthoimagery', 'ocs2d', '3dtiles'] as const;

interface CatalogLayer {
  id: string;
  kind: string;
  visible?: boolean;
  source: { type?: string };
}

/** The twin's catalog with one ortho, one OCS2D and every 3D tileset visible, nothing else. */
export function benchCatalog(catalog: { layers: CatalogLayer[] }): { catalog: unknown; shown: string[] } {
  const shown: string[] = [];
  const firstOf = (kind: string) =>
    catalog.layers.find((l) => l.kind === kind && l.visible !== false) ??
    catalog.layers.find((l) => l.kind === kind);
  const keep = new Set(
    [firstOf('orthoimagery'), firstOf('ocs2d'), ...catalog.layers.filter((l) => l.kind === '3dtiles')]
      .filter((l): l is CatalogLayer => l !== undefined)
      .map((l) => l.id),
  );
  const layers = catalog.layers.map((l) => {
    const visible = keep.has(l.id);
    if (visible) shown.push(`${l.kind}:${l.id}`);
    return { ...l, visible };
  });
  return { catalog: { ...catalog, layers }, shown };
}

interface RunResult {
  readyMs: number;
  requests: number;
  bytes: number;
  byKind: Record<string, { requests: number; bytes: number }>;
  longTasks: number;
  longTaskMs: number;
  longestTaskMs: number;
  blockingMs: number;
  pick: { ms: number; frames: number; answer: string } | null;
}

function kindOf(url: string): string {
  const path = new URL(url).pathname;
  if (/\/ortho\//.test(path)) return 'ortho tiles';
  if (/tileset\.json$|\.(glb|b3dm|subtree|3tz)$/.test(path)) return '3D tiles';
  if (/ocs2d|changes|\.pbf$|\.mvt$/.test(path)) return 'OCS2D / vectors';
  if (path.startsWith('/cesiumStatic/')) return 'Cesium assets';
  if (path.startsWith('/assets/') || path === '/' || path.endsWith('.html')) return 'app bundle';
  return 'other';
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (server.exitCode !== null) throw new Error(`${NAME}: vite preview exited (${server.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${NAME}: ${url} did not answer in 30 s`);
}

async function oneRun(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  timeoutMs: number,
): Promise<RunResult> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map<string, string>();
  const byKind: RunResult['byKind'] = {};
  let requests = 0;
  let bytes = 0;
  let counting = true;
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId);
    if (!counting || !u || u.startsWith('data:')) return;
    const k = kindOf(u);
    byKind[k] ??= { requests: 0, bytes: 0 };
    byKind[k].requests++;
    byKind[k].bytes += e.encodedDataLength;
    requests++;
    bytes += e.encodedDataLength;
  });
  // tsx (esbuild, keepNames) wraps named functions in __name(); define it in the page too.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(() => {
    const w = window as unknown as { __bench: { longTasks: number[]; frames: number } };
    w.__bench = { longTasks: [], frames: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    const tick = () => {
      w.__bench.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  await page.goto(url, { waitUntil: 'commit' });
  const readyMs = await page.evaluate(
    (limitMs) =>
      new Promise<number>((done, fail) => {
        let since = 0;
        const started = performance.now();
        const check = () => {
          const t = window.__twin;
          const rows = [...document.querySelectorAll('.layers__list .layer')];
          const shown = rows.filter(
            (li) => li.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked,
          );
          const busy = shown.some((li) => /Chargement|Loading/.test(li.textContent ?? ''));
          const sets = t?.tilesetsLoaded();
          const ok =
            !!t && shown.length > 0 && !busy && t.tilesLoaded() && (!sets || sets.loaded === sets.shown);
          const now = performance.now();
          if (!ok) since = 0;
          else if (since === 0) since = now;
          if (since !== 0 && now - since >= 300) return done(since);
          if (now - started > limitMs) {
            const why = shown.map((li) => li.textContent).join(' | ');
            return fail(
              new Error(
                `not loaded after ${limitMs} ms: globe tiles loaded ${t?.tilesLoaded()}, tilesets ${JSON.stringify(sets)}, rows shown: ${why}`,
              ),
            );
          }
          t?.requestRender();
          setTimeout(check, 50);
        };
        check();
      }),
    timeoutMs,
  );
  counting = false;
  const tasks = await page.evaluate(
    () => (window as unknown as { __bench: { longTasks: number[] } }).__bench.longTasks,
  );

  // Picking, when the feature panel exists (issue 6 part A): click the view's centre.
  let pick: RunResult['pick'] = null;
  if ((await page.locator('.feature').count()) > 0) {
    const box = await page.locator('.cesium-widget canvas').boundingBox();
    if (box) {
      pick = await page.evaluate(
        ({ x, y }) =>
          new Promise<{ ms: number; frames: number; answer: string }>((done) => {
            const w = window as unknown as { __bench: { frames: number } };
            const status = document.querySelector('.feature [role=status]');
            const before = document.querySelector('.feature')?.textContent ?? '';
            const canvas = document.querySelector('.cesium-widget canvas') as HTMLCanvasElement;
            const t0 = performance.now();
            const f0 = w.__bench.frames;
            const opts = { clientX: x, clientY: y, bubbles: true, pointerId: 1, isPrimary: true, button: 0 };
            canvas.dispatchEvent(new PointerEvent('pointerdown', opts));
            canvas.dispatchEvent(new PointerEvent('pointerup', opts));
            const poll = () => {
              const text = document.querySelector('.feature')?.textContent ?? '';
              const settled = !/Recherche|Searching/.test(status?.textContent ?? '') && text !== before;
              if (settled || performance.now() - t0 > 10_000) {
                done({
                  ms: performance.now() - t0,
                  frames: w.__bench.frames - f0,
                  answer: text.slice(0, 80),
                });
              } else requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
          }),
        { x: box.x + box.width / 2, y: box.y + box.height / 2 },
      );
    }
  }
  await context.close();
  const longTaskMs = tasks.reduce((a, b) => a + b, 0);
  return {
    readyMs,
    requests,
    bytes,
    byKind,
    longTasks: tasks.length,
    longTaskMs,
    longestTaskMs: Math.max(0, ...tasks),
    blockingMs: tasks.reduce((a, d) => a + Math.max(0, d - 50), 0),
    pick,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

async function main() {
  const { values } = parseArgs({
    options: {
      twin: { type: 'string', default: 'twin' },
      runs: { type: 'string', default: '3' },
      viewport: { type: 'string', default: '1280x720' },
      port: { type: 'string', default: '4291' },
      timeout: { type: 'string', default: '240' },
      'no-build': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const twin = resolve(ROOT, values.twin);
  const catalogPath = join(twin, 'catalog.json');
  if (!existsSync(catalogPath)) {
    throw new Error(`${NAME}: ${catalogPath} not found: run \`npm run demo\` first (or give --twin <dir>)`);
  }
  const [vw, vh] = values.viewport.split('x').map(Number);
  if (!vw || !vh) throw new Error(`${NAME}: --viewport must be WIDTHxHEIGHT, got "${values.viewport}"`);
  const runs = Number(values.runs);
  const { catalog, shown } = benchCatalog(JSON.parse(readFileSync(catalogPath, 'utf8')));
  const missing = SHOWN_KINDS.filter((k) => !shown.some((s) => s.startsWith(`${k}:`)));
  writeFileSync(join(twin, BENCH_CATALOG), JSON.stringify(catalog));

  if (!values['no-build'])
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  const port = values.port;
  const taken = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`${NAME}: port ${port} is already in use; give another with --port`);
  const server = spawn('npx', ['vite', 'preview', '--port', port, '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, TWIN_DIR: twin },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let browser: Browser | undefined;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/`, server);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await oneRun(
        browser,
        `${base}/?catalog=/twin/${BENCH_CATALOG}`,
        { width: vw, height: vh },
        Number(values.timeout) * 1000,
      );
      console.log(
        `${NAME}: run ${i + 1}/${runs}: ready ${r.readyMs.toFixed(0)} ms, ${r.requests} requests, ${(r.bytes / 1e6).toFixed(2)} MB, ${r.longTasks} long tasks`,
      );
      results.push(r);
    }
    const first = results[0];
    if (!first) throw new Error(`${NAME}: --runs must be at least 1`);
    const m = (f: (r: RunResult) => number) => median(results.map(f));
    const lines = [
      `viewer on ${values.twin}, ${vw}x${vh}, Chromium ${browser.version()} (software WebGL), ${runs} runs, medians`,
      `shown: ${shown.join(', ')}${missing.length ? `  (absent from this twin: ${missing.join(', ')})` : ''}`,
      `ready (navigation → every shown layer loaded):  ${m((r) => r.readyMs).toFixed(0)} ms`,
      `requests / bytes for the view (cache off):       ${m((r) => r.requests)} / ${(m((r) => r.bytes) / 1e6).toFixed(2)} MB`,
      ...Object.entries(first.byKind)
        .sort((a, b) => b[1].bytes - a[1].bytes)
        .map(
          ([k, v]) =>
            `    ${k.padEnd(18)} ${String(v.requests).padStart(5)} req  ${(v.bytes / 1e6).toFixed(2).padStart(7)} MB  (run 1)`,
        ),
      `long tasks until ready: ${m((r) => r.longTasks)} (total ${m((r) => r.longTaskMs).toFixed(0)} ms, longest ${m((r) => r.longestTaskMs).toFixed(0)} ms, blocking ${m((r) => r.blockingMs).toFixed(0)} ms)`,
      first.pick
        ? `picking (click → feature panel answer): ${m((r) => r.pick?.ms ?? Number.NaN).toFixed(0)} ms, ${m((r) => r.pick?.frames ?? Number.NaN)} frames — "${first.pick.answer}"`
        : 'picking: no feature panel on this page (not measured)',
    ];
    console.log(`\n${lines.join('\n')}`);
    if (values.json) writeFileSync(values.json, JSON.stringify({ shown, missing, results }, null, 2));
  } finally {
    rmSync(join(twin, BENCH_CATALOG), { force: true });
    await browser?.close();
    try {
      // The server was started in its own process group: stop it and its children (npx, vite).
      if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
