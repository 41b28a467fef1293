import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { TileAddress } from '../../../tiling/core';
import { createSharpTileEncoder } from '../../../tiling/encode';
import { LocalJobEngine } from '../../../tiling/engine';
import type { TileJobMessage } from '../../../tiling/ortho';
import { createDalleCache, planContext, runPyramid, runTileJob } from '../../../tiling/ortho';
import type { TilingPlan } from '../../../tiling/plan';
import { planPyramid } from '../../../tiling/plan';
import { FsManifest, FsSideStore, FsTileTarget, STATE_DIR } from '../../../tiling/write';
import { createDalleGrid, sourceOpener } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'tiling-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sources = createDalleGrid(2, 2, 400);
const plan = planPyramid(
  sources.map((s) => s.info),
  { maxZoom: 21, minZoom: 16, jobZoomSpan: 1 },
);

/** Runs the plan into `dir` in this thread; `crashAfterTiles` makes the run die mid-job after that many tile writes. */
async function run(p: TilingPlan, dir: string, crashAfterTiles = Number.POSITIVE_INFINITY) {
  const encoder = createSharpTileEncoder(sharp, { format: p.options.format });
  const target = new FsTileTarget(dir, { extension: encoder.extension });
  target.clearTemporaryFiles();
  let writes = 0;
  const crashing = {
    putTile: async (t: TileAddress, b: Uint8Array) => {
      if (++writes > crashAfterTiles) throw new Error('simulated kill -9');
      await target.putTile(t, b);
    },
    getTile: (t: TileAddress) => target.getTile(t),
    putFile: (n: string, b: Uint8Array | string) => target.putFile(n, b),
  };
  const side = new FsSideStore(dir);
  const dalles = createDalleCache(p.mosaic, sourceOpener(sources));
  const ctx = planContext(p);
  const manifest = FsManifest.open(join(dir, STATE_DIR, 'manifest.jsonl'), p.fingerprint);
  const engine = new LocalJobEngine({
    workers: 0,
    inlineHandler: ((job: TileJobMessage) =>
      runTileJob(job, { plan: ctx, openDalle: dalles.openDalle, encoder, target: crashing, side })) as never,
  });
  try {
    return await runPyramid(p, {
      engine,
      handler: { module: '', exportName: '', config: null },
      manifest,
      target,
      side,
      onError: 'stop',
      name: 'test',
      attribution: 'tests',
      baseUrl: '',
    });
  } finally {
    await manifest.close();
  }
}

/** Every file of a pyramid (tiles, tilejson, WMTS), relative path -> bytes; run state left out. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === STATE_DIR || name === 'report.json') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

describe('resume', () => {
  it('a run killed mid-job, then resumed, gives byte-identical output to a clean run; same input, same bytes', async () => {
    expect(plan.jobs.length).toBeGreaterThan(4);
    const clean = join(root, 'clean');
    const first = await run(plan, clean);
    expect(first.complete).toBe(true);

    const killed = join(root, 'killed');
    const partial = await run(plan, killed, 15);
    expect(partial.complete).toBe(false);
    const manifestLines = readFileSync(join(killed, STATE_DIR, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(manifestLines.length - 1).toBeGreaterThan(0);
    expect(manifestLines.length - 1).toBeLessThan(plan.jobs.length);
    const resumed = await run(plan, killed);
    expect(resumed.complete).toBe(true);
    expect(resumed.jobs.resumed).toBe(manifestLines.length - 1);

    const a = snapshot(clean);
    const b = snapshot(killed);
    expect(a.has('tilejson.json') && a.has('WMTSCapabilities.xml')).toBe(true);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(Buffer.compare(v, b.get(k) as Buffer), k).toBe(0);
    expect(resumed.tiles).toBe(first.tiles);

    // Same input again in a third folder: same bytes.
    const again = join(root, 'again');
    await run(plan, again);
    const c = snapshot(again);
    for (const [k, v] of a) expect(Buffer.compare(v, c.get(k) as Buffer), k).toBe(0);
  });
});
