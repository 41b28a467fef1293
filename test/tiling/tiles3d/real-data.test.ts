/**
 * Real data, end to end through the CLI: IGN's 20 cm orthophoto and the LiDAR HD DTM (50 cm) of the
 * same 50 m tile (Hérault), from ../shared/data. The meshes must sit at the DTM's altitudes plus the
 * geoid undulation, over the footprint the files say.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDemRaster } from '../../../tiling/dem';
import { createCrsTransform } from '../../../tiling/reproject';
import { open3tz } from '../../../tiling/tiles3d';
import { tilesetValidator, validateGlb, walkTilesets } from './helpers';

const ORTHO = resolve('../shared/data/ortho-ign-pdal-tools/test_data_rgb.tif');
const DTM = resolve(
  '../shared/data/dem-lidar-ign-las-digital-models/DTM/test_data_77055_627760_LA93_IGN69_50CM.tif',
);
const root = mkdtempSync(join(tmpdir(), 'tiles3d-real-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Ellipsoidal (WGS84) heights of the vertices of a GLB written by the pipeline. */
function glbVertexHeights(glb: Buffer): number[] {
  const jsonLength = glb.readUInt32LE(12);
  const json = JSON.parse(glb.subarray(20, 20 + jsonLength).toString('utf8'));
  const bin = glb.subarray(28 + jsonLength);
  const acc = json.accessors[json.meshes[0].primitives[0].attributes.POSITION];
  const view = json.bufferViews[acc.bufferView];
  const node = json.nodes[0];
  const a = 6378137;
  const e2 = 6.69437999014e-3;
  const out: number[] = [];
  for (let v = 0; v < acc.count; v++) {
    const o = view.byteOffset + v * view.byteStride;
    const g = [0, 1, 2].map((c) => bin.readInt16LE(o + c * 2) * node.scale[c] + node.translation[c]);
    // glTF Y-up back to ECEF: (x, y, z) = (g0, -g2, g1).
    const [x, y, z] = [g[0] as number, -(g[2] as number), g[1] as number];
    const p = Math.hypot(x, y);
    let lat = Math.atan2(z, p * (1 - e2));
    for (let i = 0; i < 5; i++) {
      const n = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
      lat = Math.atan2(z + e2 * n * Math.sin(lat), p);
    }
    const n = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    out.push(p / Math.cos(lat) - n);
  }
  return out;
}

describe('real LiDAR HD DTM + IGN orthophoto', () => {
  it('tiling run --3d --3tz writes valid 3D tiles at the DTM heights plus the geoid, over the files footprint', async () => {
    const out = join(root, 'ortho');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'tiling/cli/bin.ts',
        'run',
        ORTHO,
        '--out',
        out,
        '--3d',
        '--dem',
        DTM,
        '--3tz',
        '-j',
        '1',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/3d done: .*3d\/tileset\.json/);
    expect(r.stderr + r.stdout).toMatch(/constant geoid undulation of 45 m/);
    const dir = join(root, '3d');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.complete).toBe(true);
    expect(report.tiles).toBeGreaterThan(0);

    const dtm = await readDemRaster(DTM);
    const valid = [...dtm.values].filter((v) => v !== dtm.nodata);
    const dtmMin = Math.min(...valid);
    const dtmMax = Math.max(...valid);
    expect(dtmMin).toBeGreaterThan(20);
    expect(dtmMax).toBeLessThan(22);

    const validate = tilesetValidator();
    const { jsons, glbs } = walkTilesets(dir);
    for (const [path, json] of jsons) expect(validate(json), path).toEqual([]);
    expect(glbs.length).toBe(report.tiles);
    for (const g of glbs) {
      const bytes = readFileSync(join(dir, g));
      expect((await validateGlb(new Uint8Array(bytes), g)).numErrors, g).toBe(0);
      const heights = glbVertexHeights(bytes);
      // Surface vertices lie within the DTM's range + 45 m; skirt vertices at most a skirt below.
      expect(Math.max(...heights)).toBeLessThanOrEqual(dtmMax + 45 + 0.01);
      expect(Math.max(...heights)).toBeGreaterThanOrEqual(dtmMin + 45 - 0.01);
      const onSurface = heights.filter((h) => h >= dtmMin + 45 - 0.01 && h <= dtmMax + 45 + 0.01);
      expect(onSurface.length).toBeGreaterThan(heights.length / 2);
    }

    // Footprint: the root region covers the DTM's corners, and little more (a few z19 tiles).
    const ts = JSON.parse(readFileSync(join(dir, 'tileset.json'), 'utf8'));
    const [w, s, e, n] = (ts.root.boundingVolume.region as number[]).map((v) => (v * 180) / Math.PI);
    const crs = createCrsTransform(2154);
    for (const [x, y] of [
      [770549.75, 6277600.25],
      [770599.75, 6277550.25],
    ] as const) {
      const [lon, lat] = crs.toLonLat(x, y);
      expect(lon).toBeGreaterThanOrEqual(w as number);
      expect(lon).toBeLessThanOrEqual(e as number);
      expect(lat).toBeGreaterThanOrEqual(s as number);
      expect(lat).toBeLessThanOrEqual(n as number);
    }
    expect((e as number) - (w as number)).toBeLessThan(0.005);
    expect((n as number) - (s as number)).toBeLessThan(0.005);

    // The archive holds the same files.
    const reader = await open3tz(`${dir}.3tz`);
    try {
      expect(Buffer.from((await reader.get('tileset.json')) as Uint8Array)).toEqual(
        readFileSync(join(dir, 'tileset.json')),
      );
      expect(Buffer.from((await reader.get(glbs[0] as string)) as Uint8Array)).toEqual(
        readFileSync(join(dir, glbs[0] as string)),
      );
    } finally {
      await reader.close();
    }
  }, 120_000);

  it('refuses --3d without --dem, and 3D flags without --3d, naming the flags', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tiling/cli/bin.ts', 'run', ORTHO, '--out', join(root, 'x'), '--3d'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--3d needs --dem/);
    const s = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tiling/cli/bin.ts', 'run', ORTHO, '--out', join(root, 'y'), '--dem', DTM, '--3tz'],
      { encoding: 'utf8' },
    );
    expect(s.status).toBe(1);
    expect(s.stderr).toMatch(/--dem is only used with --3d/);
    expect(s.stderr).toMatch(/--3tz is only used with --3d/);
  });
});
