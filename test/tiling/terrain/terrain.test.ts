/**
 * The terrain product end to end on a synthetic DEM (600 m at 1 m, hills, a ridge and rough ground):
 * every tile decoded by @here/quantized-mesh-decoder matches the DEM + geoid within its level's
 * stated error, normals decode, neighbours share their edges, the availability in layer.json and in
 * the metadata tiles is exactly the set of files, the header's bounding sphere and horizon point are
 * CesiumJS's, and a rerun (and a run killed with SIGKILL, then resumed) gives the same bytes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Cesium from 'cesium';
import { Cartesian3, Ellipsoid } from 'cesium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mercatorToLonLat } from '../../../format/grid';
import { readDemRaster, sampleDem } from '../../../tiling/dem';
import { LocalJobEngine } from '../../../tiling/engine';
import { createCrsTransform } from '../../../tiling/reproject';
import {
  levelMaximumGeometricError,
  runTerrain,
  type TerrainLayerJson,
  type TerrainReport,
} from '../../../tiling/terrain';
import { killAfterJobs, manifestJobs } from '../kill-resume';
import { writeDem } from '../tiles3d/helpers';
import { type DecodedTile, folderBytes, octDecode, readTerrain, surfaceHeight } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'terrain-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const X0 = 708000;
const Y1 = 7058600;
const SIDE = 600;
const dem = join(root, 'dem', 'mnt.tif');
/** NGF-IGN69 altitudes: 30 m plain, 12 m hills, a 6 m ridge, 0.4 m roughness. */
function altitude(x: number, y: number): number {
  const u = x - X0;
  const v = Y1 - y;
  const rough = 0.4 * Math.sin(u * 1.7 + v * 0.3) * Math.cos(v * 1.3 - u * 0.2);
  const ridge = 6 * Math.exp(-(((u - v * 0.5 - 200) / 15) ** 2));
  return 30 + 12 * Math.sin(u / 90) * Math.cos(v / 120) + ridge + rough;
}
const crs = createCrsTransform(2154);

let report: TerrainReport;
let tiles: DecodedTile[];
const out = join(root, 'terrain');

async function run(dir: string): Promise<TerrainReport> {
  const engine = new LocalJobEngine({ workers: 0 });
  try {
    return await runTerrain({ demFiles: [dem], outDir: dir, geoidGrid: null, engine, name: 'test' });
  } finally {
    await engine.close();
  }
}

beforeAll(async () => {
  writeDem(dem, { originX: X0, originY: Y1, width: SIDE, height: SIDE, pixel: 1 }, altitude);
  report = await run(out);
  tiles = readTerrain(out);
}, 120_000);

describe('tiling terrain', () => {
  it('writes every planned tile, gzipped, with layer.json in EPSG:3857 (TMS) and both extensions', () => {
    expect(report.complete).toBe(true);
    expect(report.maxZoom).toBe(19); // 1 m DEM at 50.6°N: z19 grid step 0.76 m
    expect(tiles.length).toBe(report.plannedTiles);
    expect(tiles.every((t) => t.gzipped)).toBe(true);
    expect(report.warnings.join()).toMatch(/constant geoid undulation of 45 m/);
    const layer = JSON.parse(readFileSync(join(out, 'layer.json'), 'utf8')) as TerrainLayerJson;
    expect(layer).toMatchObject({
      format: 'quantized-mesh-1.0',
      projection: 'EPSG:3857',
      scheme: 'tms',
      tiles: ['{z}/{x}/{y}.terrain?v={version}'],
      minzoom: 0,
      maxzoom: 19,
      extensions: ['octvertexnormals', 'metadata'],
      metadataAvailability: 10,
    });
    // One root tile at level 0 (WebMercatorTilingScheme: 1 x 1), TMS row 0.
    expect(layer.available[0]).toEqual([{ startX: 0, startY: 0, endX: 0, endY: 0 }]);
    expect(tiles.filter((t) => t.z === 0).map((t) => [t.x, t.tmsY])).toEqual([[0, 0]]);
  });

  it('puts vertices at the DEM + geoid and keeps the surface within the level error at every grid point', async () => {
    const raster = await readDemRaster(dem);
    let checkedVertices = 0;
    let checkedPoints = 0;
    const worst = new Map<number, number>();
    for (const t of tiles) {
      // The DEM + 45 m; NaN outside it and within 1 cm of its edge (the job maps points to Lambert-93
      // through a lattice good to a millimetre, so a point on the edge may fall just outside: fill).
      const demAt = (mx: number, my: number) => {
        const [ex, ey] = crs.fromMercator(mx, my);
        if (ex < X0 + 0.01 || ex > X0 + SIDE - 0.01 || ey > Y1 - 0.01 || ey < Y1 - SIDE + 0.01)
          return Number.NaN;
        return sampleDem([raster], ex, ey) + 45;
      };
      for (let k = 0; k < t.count; k++) {
        const want = demAt(t.mx[k] as number, t.my[k] as number);
        if (Number.isNaN(want)) continue;
        expect(Math.abs((t.h[k] as number) - want), `${t.z}/${t.x}/${t.y} vertex ${k}`).toBeLessThanOrEqual(
          t.quantum + 0.01,
        );
        checkedVertices++;
      }
      if (t.z < 13) continue; // coarser tiles hold a handful of DEM points (the rest is the flat fill)
      const err = levelMaximumGeometricError(t.z);
      const { minX, maxX, minY, maxY } = t.bounds;
      for (let j = 0; j <= 64; j++)
        for (let i = 0; i <= 64; i++) {
          const mx = minX + ((maxX - minX) * i) / 64;
          const my = maxY - ((maxY - minY) * j) / 64;
          const want = demAt(mx, my);
          if (Number.isNaN(want)) continue;
          const got = surfaceHeight(t, mx, my);
          expect(Number.isNaN(got), `${t.z}/${t.x}/${t.y} point ${i},${j} outside every triangle`).toBe(
            false,
          );
          const e = Math.abs(got - want);
          expect(e, `${t.z}/${t.x}/${t.y} at ${i},${j}`).toBeLessThanOrEqual(err + t.quantum + 0.01);
          worst.set(t.z, Math.max(worst.get(t.z) ?? 0, e / err));
          checkedPoints++;
        }
    }
    expect(checkedVertices).toBeGreaterThan(5000);
    expect(checkedPoints).toBeGreaterThan(100_000);
    // The simplification uses its budget at the fine levels (not a full grid with a loose claim).
    expect(worst.get(19)).toBeGreaterThan(0.5);
    expect(report.triangles).toBeLessThan(0.5 * tiles.filter((t) => t.z >= 13).length * 2 * 64 * 64);
  });

  it('decodes unit normals of the DEM surface, and edge indices that list exactly the border vertices', async () => {
    const raster = await readDemRaster(dem);
    const ecefAt = (mx: number, my: number): Cartesian3 | null => {
      const [ex, ey] = crs.fromMercator(mx, my);
      if (ex < X0 + 0.01 || ex > X0 + SIDE - 0.01 || ey > Y1 - 0.01 || ey < Y1 - SIDE + 0.01) return null;
      const [lon, lat] = mercatorToLonLat(mx, my);
      return Cartesian3.fromDegrees(lon, lat, sampleDem([raster], ex, ey) + 45);
    };
    let compared = 0;
    for (const t of tiles) {
      expect(t.mesh.extensions.vertexNormals?.length).toBe(2 * t.count);
      const step = (t.bounds.maxX - t.bounds.minX) / 64;
      for (let k = 0; k < t.count; k++) {
        const mx = t.mx[k] as number;
        const my = t.my[k] as number;
        const [lon, lat] = mercatorToLonLat(mx, my);
        const up = Ellipsoid.WGS84.geodeticSurfaceNormal(Cartesian3.fromDegrees(lon, lat, 0));
        const n = new Cartesian3(...octDecode(t, k));
        expect(Cartesian3.magnitude(n)).toBeCloseTo(1, 6);
        expect(Cartesian3.dot(n, up), `${t.z}/${t.x}/${t.y} vertex ${k} faces up`).toBeGreaterThan(0);
        // Against the DEM's own normal there (central differences one grid step apart, computed here).
        const [e, w, no, s] = [
          ecefAt(mx + step, my),
          ecefAt(mx - step, my),
          ecefAt(mx, my + step),
          ecefAt(mx, my - step),
        ];
        if (t.z < 13 || !e || !w || !no || !s) continue;
        const want = Cartesian3.normalize(
          Cartesian3.cross(
            Cartesian3.subtract(e, w, new Cartesian3()),
            Cartesian3.subtract(no, s, new Cartesian3()),
            new Cartesian3(),
          ),
          new Cartesian3(),
        );
        // Two 8-bit oct components: within about 1.5°.
        expect(Cartesian3.dot(n, want), `${t.z}/${t.x}/${t.y} vertex ${k}`).toBeGreaterThan(
          Math.cos((1.5 * Math.PI) / 180),
        );
        compared++;
      }
      const u = (k: number) => t.mesh.vertexData[k] as number;
      const v = (k: number) => t.mesh.vertexData[k + t.count] as number;
      const border = (pred: (k: number) => boolean) =>
        Array.from({ length: t.count }, (_, k) => k)
          .filter(pred)
          .sort((a, b) => a - b);
      const sorted = (a: ArrayLike<number>) => Array.from(a).sort((p, q) => p - q);
      expect(sorted(t.mesh.westIndices)).toEqual(border((k) => u(k) === 0));
      expect(sorted(t.mesh.eastIndices)).toEqual(border((k) => u(k) === 32767));
      expect(sorted(t.mesh.southIndices)).toEqual(border((k) => v(k) === 0));
      expect(sorted(t.mesh.northIndices)).toEqual(border((k) => v(k) === 32767));
      expect(t.mesh.westIndices.length).toBeGreaterThanOrEqual(2);
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('gives neighbours of one level the same heights on their shared edge', async () => {
    const raster = await readDemRaster(dem);
    const inDem = (t: DecodedTile, k: number) =>
      !Number.isNaN(sampleDem([raster], ...crs.fromMercator(t.mx[k] as number, t.my[k] as number)));
    const byKey = new Map(tiles.map((t) => [`${t.z}/${t.x}/${t.y}`, t]));
    let shared = 0;
    for (const a of tiles) {
      if (a.z < 14) continue;
      for (const [dx, dy, edgeA, edgeB, along] of [
        [1, 0, 'eastIndices', 'westIndices', 'v'],
        [0, 1, 'southIndices', 'northIndices', 'u'],
      ] as const) {
        const b = byKey.get(`${a.z}/${a.x + dx}/${a.y + dy}`);
        if (!b) continue;
        const pos = (t: DecodedTile, k: number) =>
          t.mesh.vertexData[along === 'u' ? k : k + t.count] as number;
        const onB = new Map(Array.from(b.mesh[edgeB]).map((k) => [pos(b, k), k] as const));
        for (const ka of Array.from(a.mesh[edgeA])) {
          const kb = onB.get(pos(a, ka));
          if (kb === undefined || !inDem(a, ka)) continue; // outside the DEM each tile has its own fill
          expect(Math.abs((a.h[ka] as number) - (b.h[kb] as number))).toBeLessThanOrEqual(
            a.quantum + b.quantum + 0.002,
          );
          shared++;
        }
      }
    }
    expect(shared).toBeGreaterThan(500);
  });

  it('lists in layer.json and the metadata of levels 0 and 10 exactly the tiles on disk', () => {
    const layer = JSON.parse(readFileSync(join(out, 'layer.json'), 'utf8')) as TerrainLayerJson;
    type Range = { startX: number; startY: number; endX: number; endY: number };
    const available = new Set<string>(['0/0/0']);
    const add = (level: number, ranges: Range[]) => {
      for (const r of ranges)
        for (let x = r.startX; x <= r.endX; x++)
          for (let y = r.startY; y <= r.endY; y++) available.add(`${level}/${x}/${y}`);
    };
    for (const t of tiles) {
      const meta = t.mesh.extensions.metadata as { available: Range[][] } | undefined;
      if (t.z % 10 === 0) {
        expect(meta, `metadata of ${t.z}/${t.x}/${t.tmsY}`).toBeDefined();
        for (const [offset, ranges] of (meta?.available ?? []).entries()) add(t.z + offset + 1, ranges);
      } else expect(meta).toBeUndefined();
    }
    const files = new Set(tiles.map((t) => `${t.z}/${t.x}/${t.tmsY}`));
    expect([...available].sort()).toEqual([...files].sort());
    // layer.json's own list (levels 0..10) agrees with the root tile's metadata.
    const fromLayer = new Set<string>();
    layer.available.forEach((ranges, level) => {
      for (const r of ranges)
        for (let x = r.startX; x <= r.endX; x++)
          for (let y = r.startY; y <= r.endY; y++) fromLayer.add(`${level}/${x}/${y}`);
    });
    for (const k of fromLayer) expect(files.has(k), k).toBe(true);
    expect(fromLayer.size).toBe(tiles.filter((t) => t.z <= 10).length);
  });

  it("has a bounding sphere around every vertex and CesiumJS's own horizon occlusion point", () => {
    // CesiumJS's own occluder (exported at run time, not in its typings).
    const { EllipsoidalOccluder } = Cesium as unknown as {
      EllipsoidalOccluder: new (
        e: Ellipsoid,
      ) => {
        computeHorizonCullingPointFromVerticesPossiblyUnderEllipsoid(
          direction: Cartesian3,
          vertices: number[],
          stride: number,
          center: Cartesian3,
          minimumHeight: number,
        ): Cartesian3 | undefined;
      };
    };
    const occluder = new EllipsoidalOccluder(Ellipsoid.WGS84);
    let defined = 0;
    for (const t of tiles) {
      const hd = t.mesh.header;
      const centre = new Cartesian3(
        hd.boundingSphereCenterX,
        hd.boundingSphereCenterY,
        hd.boundingSphereCenterZ,
      );
      const positions: number[] = [];
      for (let k = 0; k < t.count; k++) {
        const [lon, lat] = mercatorToLonLat(t.mx[k] as number, t.my[k] as number);
        const p = Cartesian3.fromDegrees(lon, lat, t.h[k] as number);
        positions.push(p.x, p.y, p.z);
        // 2 mm of slack: decoded positions are quantized.
        expect(Cartesian3.distance(p, centre)).toBeLessThanOrEqual(
          hd.boundingSphereRadius + 0.002 * 2 ** (19 - t.z),
        );
      }
      const want = occluder.computeHorizonCullingPointFromVerticesPossiblyUnderEllipsoid(
        centre,
        positions,
        3,
        Cartesian3.ZERO,
        hd.minHeight,
      );
      const got = new Cartesian3(
        hd.horizonOcclusionPointX,
        hd.horizonOcclusionPointY,
        hd.horizonOcclusionPointZ,
      );
      if (want === undefined) {
        // Wider than a hemisphere (levels 0-1): NaN, never horizon-culled, as Cesium does without a point.
        expect(t.z).toBeLessThanOrEqual(1);
        expect([got.x, got.y, got.z].every(Number.isNaN)).toBe(true);
        continue;
      }
      expect(Cartesian3.distance(got, want) / Cartesian3.magnitude(want)).toBeLessThan(1e-6);
      defined++;
    }
    expect(defined).toBeGreaterThan(tiles.length - 3);
  });

  it('writes the same bytes again, and after a kill -9 then a resume', async () => {
    const again = join(root, 'again');
    const second = await run(again);
    expect(second.complete).toBe(true);
    const a = folderBytes(out);
    const b = folderBytes(again);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(Buffer.compare(v, b.get(k) as Buffer), k).toBe(0);

    // Through the command line, killed with SIGKILL once a few jobs are recorded.
    const killed = join(root, 'killed');
    const args = [
      '--import',
      'tsx',
      'tiling/cli/bin.ts',
      'terrain',
      dem,
      '--out',
      killed,
      '-j',
      '1',
      '--name',
      'test',
    ];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    await killAfterJobs(child, killed, 3);
    const doneBefore = manifestJobs(killed);
    expect(doneBefore).toBeGreaterThanOrEqual(3);
    expect(doneBefore).toBeLessThan(report.jobs.total);
    expect(existsSync(join(killed, 'layer.json'))).toBe(false);
    const resumed = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming \(\d+ jobs already done\)/);
    const c = folderBytes(killed);
    expect([...c.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(Buffer.compare(v, c.get(k) as Buffer), k).toBe(0);
  }, 120_000);

  it('says in words what is wrong with bad input, and writes nothing', () => {
    const missing = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tiling/cli/bin.ts', 'terrain', join(root, 'nope'), '--out', join(root, 'bad')],
      { encoding: 'utf8' },
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/DEM input ".*nope" does not exist/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
    const flags = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tiling/cli/bin.ts', 'terrain', dem, '--max-zoom', '40'],
      { encoding: 'utf8' },
    );
    expect(flags.status).toBe(1);
    expect(flags.stderr).toMatch(/--out <dir> is required/);
    expect(flags.stderr).toMatch(/--max-zoom must be an integer from 0 to 24, got "40"/);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });
});
