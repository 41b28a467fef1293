/**
 * `npm run bench:viewer`: the viewer on the sample twin in Chromium (Playwright), for the view a
 * user meets (the catalog's home, the demo catalog's default visibility: the latest orthophoto,
 * the terrain and the latest buildings), the same with the latest OCS2D, and a bare peer (the
 * orthophoto alone: ellipsoid, no buildings):
 * - time from navigation to the first moment every shown layer is loaded (stable for 300 ms),
 *   terrain tiles and 3D tiles included;
 * - bytes (encoded, as transferred) and requests for that view, by kind;
 * - main-thread long tasks (> 50 ms) until then: count, total, longest, blocking time;
 * - picking: from a click on a building (else the view's centre) to the card's answer, in time
 *   and frames;
 * - frame time: during a scripted camera motion (orbit and tilt around the view's centre,
 *   `window.__twin.orbit`), median and p95 of the intervals between rendered frames.
 * Not a test: it prints a table (bench/README.md). Needs `npm run demo` (or `--twin <dir>`) first.
 *
 * Usage: tsx bench/viewer.bench.ts [--twin twin] [--runs 3] [--viewport 1280x720] [--port 4291]
 *                                  [--timeout 240 (s per run)] [--motion 3 (s)] [--no-ocs2d]
 *                                  [--no-build] [--json <file>]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from '@playwright/test';
import { lambert93ToWgs84 } from '../format/crs';

const NAME = 'bench:viewer';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The views measured: what each shows (one entry of each kind, the latest vintage). */
const VIEWS = {
  standard: ['orthoimagery', 'terrain', 'buildings'],
  ocs2d: ['orthoimagery', 'terrain', 'buildings', 'ocs2d'],
  bare: ['orthoimagery'],
} as const;
type ViewName = keyof typeof VIEWS;
const VIEW_TITLES: Record<ViewName, string> = {
  standard: 'standard (ortho + terrain + buildings)',
  ocs2d: 'with OCS2D',
  bare: 'bare peer (ortho only: ellipsoid, no buildings)',
};

interface CatalogLayer {
  id: string;
  kind: string;
  vintage?: string;
  visible?: boolean;
  source: { type?: string };
}

/**
 * The twin's catalog with only `kinds` visible: of each kind, the latest vintage among the
 * entries visible by default (else among all); every other entry off (the textured '3dtiles' mesh
 * included: an export, off by default).
 */
export function benchCatalog(
  catalog: { layers: CatalogLayer[] },
  kinds: readonly string[] = VIEWS.standard,
): { catalog: unknown; shown: string[] } {
  const shown: string[] = [];
  const latestOf = (kind: string) => {
    const all = catalog.layers.filter((l) => l.kind === kind);
    const pool = all.some((l) => l.visible !== false) ? all.filter((l) => l.visible !== false) : all;
    return pool.reduce<CatalogLayer | undefined>(
      (best, l) => (!best || (l.vintage ?? '') > (best.vintage ?? '') ? l : best),
      undefined,
    );
  };
  const keep = new Set(
    kinds
      .map(latestOf)
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
  pick: { ms: number; frames: number; answer: string; on: 'building' | 'centre' } | null;
  /** Intervals between rendered frames during the camera motion (ms), and frames rendered. */
  motion: { medianMs: number; p95Ms: number; frames: number } | null;
}

function kindOf(url: string): string {
  const path = new URL(url).pathname;
  if (/\/ortho\//.test(path)) return 'ortho tiles';
  if (/\.terrain$|\/layer\.json$/.test(path)) return 'terrain';
  if (/\/buildings\/.*(tileset\.json|\.(glb|b3dm|subtree))$/.test(path)) return 'buildings (.glb)';
  if (/tileset\.json$|\.(glb|b3dm|subtree|3tz)$/.test(path)) return '3D tiles (mesh)';
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

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

async function oneRun(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  timeoutMs: number,
  view: { terrain: boolean; building: [number, number] | null; motionMs: number },
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
    ({ limitMs, terrain }) =>
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
          // With a terrain row on, the globe's tiles count once they are the terrain's.
          const ground = !terrain || window.__twinTerrain?.provider().kind === 'quantized-mesh';
          const ok =
            !!t &&
            shown.length > 0 &&
            !busy &&
            ground &&
            t.tilesLoaded() &&
            (!sets || sets.loaded === sets.shown);
          const now = performance.now();
          if (!ok) since = 0;
          else if (since === 0) since = now;
          if (since !== 0 && now - since >= 300) return done(since);
          if (now - started > limitMs) {
            const why = shown.map((li) => li.textContent).join(' | ');
            return fail(
              new Error(
                `not loaded after ${limitMs} ms: terrain ${ground}, globe tiles loaded ${t?.tilesLoaded()}, tilesets ${JSON.stringify(sets)}, rows shown: ${why}`,
              ),
            );
          }
          t?.requestRender();
          setTimeout(check, 50);
        };
        check();
      }),
    { limitMs: timeoutMs, terrain: view.terrain },
  );
  counting = false;
  const tasks = await page.evaluate(
    () => (window as unknown as { __bench: { longTasks: number[] } }).__bench.longTasks,
  );

  // Picking (issue 6 part A): a click on a building's roof (the nearest to the view's centre
  // among the twin's footprints; at the view's centre when its roof is not drawn), until the card
  // answers. Not measured in views without buildings.
  let pick: RunResult['pick'] = null;
  const box = await page.locator('.cesium-widget canvas').boundingBox();
  if (box && view.building) {
    const roof = view.building
      ? await page.evaluate(
          ([lon, lat]) => window.__twinBuildings?.roofPointOf(lon, lat) ?? null,
          view.building,
        )
      : null;
    const [x, y] = roof ?? [box.width / 2, box.height / 2];
    pick = await page.evaluate(
      ({ x, y, on }) =>
        new Promise<NonNullable<RunResult['pick']>>((done) => {
          const w = window as unknown as { __bench: { frames: number } };
          const canvas = document.querySelector('.cesium-widget canvas') as HTMLCanvasElement;
          const r = canvas.getBoundingClientRect();
          const t0 = performance.now();
          const f0 = w.__bench.frames;
          const opts = {
            clientX: r.left + x,
            clientY: r.top + y,
            bubbles: true,
            pointerId: 1,
            isPrimary: true,
            button: 0,
          };
          canvas.dispatchEvent(new PointerEvent('pointerdown', opts));
          canvas.dispatchEvent(new PointerEvent('pointerup', opts));
          const poll = () => {
            const card = document.querySelector('.feature-card');
            const status = card?.querySelector('[role=status]')?.textContent ?? '';
            const settled =
              !!card &&
              !/Recherche|Searching/.test(status) &&
              (!!card.querySelector('.feature__rows') || status !== '');
            if (settled || performance.now() - t0 > 10_000) {
              done({
                ms: performance.now() - t0,
                frames: w.__bench.frames - f0,
                answer: (card?.textContent ?? '(no card)').replace(/\s+/g, ' ').slice(0, 80),
                on,
              });
            } else requestAnimationFrame(poll);
          };
          requestAnimationFrame(poll);
        }),
      { x, y, on: roof ? ('building' as const) : ('centre' as const) },
    );
    // Close the card: the motion below measures the scene, not the card.
    await page.keyboard.press('Escape');
  }

  // Frame time: orbit (90° of heading) and tilt (30°) around the view's centre for motionMs,
  // one step per animation frame; the intervals between frames the scene rendered.
  let motion: RunResult['motion'] = null;
  if (view.motionMs > 0) {
    const intervals = await page.evaluate(
      (ms) =>
        new Promise<number[]>((done) => {
          const t = window.__twin;
          if (!t) return done([]);
          const out: number[] = [];
          let last = -1;
          let seen = t.renderCount();
          let prev = -1;
          let start = -1;
          const step = (now: number) => {
            if (start < 0) start = now;
            const n = t.renderCount();
            if (n !== seen) {
              if (last >= 0) out.push(now - last);
              last = now;
              seen = n;
            }
            if (now - start >= ms) return done(out);
            const dt = prev < 0 ? 0 : now - prev;
            prev = now;
            t.orbit(((Math.PI / 2) * dt) / ms, ((Math.PI / 6) * dt) / ms);
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      view.motionMs,
    );
    const sorted = [...intervals].sort((p, q) => p - q);
    if (sorted.length > 0)
      motion = {
        medianMs: median(sorted),
        p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN,
        frames: sorted.length + 1,
      };
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
    motion,
  };
}

/** The building nearest the home view's centre in the twin's sample footprints, lon/lat. */
function buildingNearHome(
  twin: string,
  catalog: { home?: number[]; layers: CatalogLayer[] },
): [number, number] | null {
  const vintage = catalog.layers
    .filter((l) => l.kind === 'buildings')
    .map((l) => l.vintage ?? '')
    .sort()
    .at(-1);
  const file = join(twin, 'sample', 'buildings', `batiment-${vintage}.geojson`);
  const [w, so, e, n] = catalog.home ?? [];
  if (
    !vintage ||
    !existsSync(file) ||
    w === undefined ||
    so === undefined ||
    e === undefined ||
    n === undefined
  )
    return null;
  const fc = JSON.parse(readFileSync(file, 'utf8')) as {
    features: { geometry: { type: string; coordinates: unknown } }[];
  };
  let best: [number, number] | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const f of fc.features) {
    const ring =
      f.geometry.type === 'Polygon'
        ? (f.geometry.coordinates as number[][][])[0]
        : (f.geometry.coordinates as number[][][][])[0]?.[0];
    const pts = ring?.slice(0, -1) ?? [];
    if (pts.length === 0) continue;
    const x = pts.reduce((a, p) => a + (p[0] ?? 0), 0) / pts.length;
    const y = pts.reduce((a, p) => a + (p[1] ?? 0), 0) / pts.length;
    const at = lambert93ToWgs84(x, y);
    const d = Math.hypot(at[0] - (w + e) / 2, at[1] - (so + n) / 2);
    if (d < bestD) [best, bestD] = [at, d];
  }
  return best;
}

async function main() {
  const { values } = parseArgs({
    options: {
      twin: { type: 'string', default: 'twin' },
      runs: { type: 'string', default: '3' },
      viewport: { type: 'string', default: '1280x720' },
      port: { type: 'string', default: '4291' },
      timeout: { type: 'string', default: '240' },
      motion: { type: 'string', default: '3' },
      'no-ocs2d': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      dist: { type: 'string', default: 'dist' },
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
  if (!(runs >= 1)) throw new Error(`${NAME}: --runs must be at least 1`);
  const twinCatalog = JSON.parse(readFileSync(catalogPath, 'utf8'));
  const building = buildingNearHome(twin, twinCatalog);
  const names = (Object.keys(VIEWS) as ViewName[]).filter((v) => v !== 'ocs2d' || !values['no-ocs2d']);
  const views = names.map((name) => {
    const { catalog, shown } = benchCatalog(twinCatalog, VIEWS[name]);
    const file = `bench-viewer-${name}.json`;
    writeFileSync(join(twin, file), JSON.stringify(catalog));
    const missing = VIEWS[name].filter((k) => !shown.some((s) => s.startsWith(`${k}:`)));
    return { name, file, shown, missing, terrain: shown.some((s) => s.startsWith('terrain:')) };
  });

  const dist = resolve(ROOT, values.dist);
  if (!values['no-build'])
    execFileSync('npx', ['vite', 'build', '--outDir', dist, '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  const port = values.port;
  const taken = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`${NAME}: port ${port} is already in use; give another with --port`);
  const server = spawn(
    'npx',
    ['vite', 'preview', '--outDir', dist, '--port', port, '--strictPort', '--host', '127.0.0.1'],
    {
      cwd: ROOT,
      env: { ...process.env, TWIN_DIR: twin },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
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
    const all: Record<string, RunResult[]> = {};
    const lines = [
      `viewer on ${values.twin}, ${vw}x${vh}, Chromium ${browser.version()} (software WebGL), ${runs} runs per view, medians`,
    ];
    for (const v of views) {
      const results: RunResult[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await oneRun(
          browser,
          `${base}/?catalog=/twin/${v.file}`,
          { width: vw, height: vh },
          Number(values.timeout) * 1000,
          {
            terrain: v.terrain,
            // Only views with the buildings have something to pick (the bare peer: nothing).
            building: v.shown.some((x) => x.startsWith('buildings:')) ? building : null,
            motionMs: Number(values.motion) * 1000,
          },
        );
        console.log(
          `${NAME}: ${v.name} run ${i + 1}/${runs}: ready ${r.readyMs.toFixed(0)} ms, ${r.requests} requests, ${(r.bytes / 1e6).toFixed(2)} MB, ${r.longTasks} long tasks, frame ${r.motion?.medianMs.toFixed(0) ?? '-'} ms`,
        );
        results.push(r);
      }
      all[v.name] = results;
      const first = results[0] as RunResult;
      const m = (f: (r: RunResult) => number) => median(results.map(f));
      lines.push(
        '',
        `${VIEW_TITLES[v.name]}`,
        `shown: ${v.shown.join(', ')}${v.missing.length ? `  (absent from this twin: ${v.missing.join(', ')})` : ''}`,
        `ready (navigation → every shown layer loaded):  ${m((r) => r.readyMs).toFixed(0)} ms`,
        `requests / bytes for the view (cache off):       ${m((r) => r.requests)} / ${(m((r) => r.bytes) / 1e6).toFixed(2)} MB`,
        ...Object.entries(first.byKind)
          .sort((a, b) => b[1].bytes - a[1].bytes)
          .map(
            ([k, x]) =>
              `    ${k.padEnd(18)} ${String(x.requests).padStart(5)} req  ${(x.bytes / 1e6).toFixed(2).padStart(7)} MB  (run 1)`,
          ),
        `long tasks until ready: ${m((r) => r.longTasks)} (total ${m((r) => r.longTaskMs).toFixed(0)} ms, longest ${m((r) => r.longestTaskMs).toFixed(0)} ms, blocking ${m((r) => r.blockingMs).toFixed(0)} ms)`,
        first.pick
          ? `picking (click on the ${first.pick.on} → card): ${m((r) => r.pick?.ms ?? Number.NaN).toFixed(0)} ms, ${m((r) => r.pick?.frames ?? Number.NaN)} frames — "${first.pick.answer}"`
          : 'picking: no buildings in this view (not measured)',
        first.motion
          ? `frame time during ${values.motion} s of orbit + tilt: median ${m((r) => r.motion?.medianMs ?? Number.NaN).toFixed(0)} ms, p95 ${m((r) => r.motion?.p95Ms ?? Number.NaN).toFixed(0)} ms (${m((r) => r.motion?.frames ?? Number.NaN)} frames rendered)`
          : 'frame time: not measured',
      );
    }
    const frame = (name: ViewName, f: (r: RunResult) => number | undefined) =>
      median((all[name] ?? []).map((r) => f(r) ?? Number.NaN));
    if (all.standard && all.bare)
      lines.push(
        '',
        `frame time standard / bare peer: median ${(frame('standard', (r) => r.motion?.medianMs) / frame('bare', (r) => r.motion?.medianMs)).toFixed(2)}x, p95 ${(frame('standard', (r) => r.motion?.p95Ms) / frame('bare', (r) => r.motion?.p95Ms)).toFixed(2)}x`,
      );
    console.log(`\n${lines.join('\n')}`);
    if (values.json) writeFileSync(values.json, JSON.stringify({ building, views, results: all }, null, 2));
  } finally {
    for (const v of views) rmSync(join(twin, v.file), { force: true });
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
