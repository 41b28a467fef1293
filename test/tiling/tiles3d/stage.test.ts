// biome-ignore-all lint/style/noNonNullAssertion: indices in range by construction in these checks.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  lonLatToMercator,
  mercatorExtentToTileRange,
  tileChildren,
  tileToLonLatBounds,
} from '../../../format/grid';
import type { TileAddress } from '../../../tiling/core';
import { encodeFloat32GeoTiff } from '../../../tiling/encode/geotiff';
import { LocalJobEngine } from '../../../tiling/engine';
import { createCrsTransform } from '../../../tiling/reproject';
import type { PyramidInfo, Run3dTilesOptions } from '../../../tiling/tiles3d';
import { geometricErrorMetres, open3tz, run3dTiles } from '../../../tiling/tiles3d';
import { snapshot } from '../snapshot';
import {
  parseWithLoadersGl,
  tilesetValidator,
  validateGlb,
  walkTilesets,
  writeDem,
  writeImageryTiles,
} from './helpers';

const root = mkdtempSync(join(tmpdir(), 'tiles3d-stage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A small area near Lille: tiles of zoom 16..18 under one z16 tile.
const lon = 3.12;
const lat = 50.615;
const [mx, my] = lonLatToMercator(lon, lat);
const top = mercatorExtentToTileRange({ minX: mx, minY: my, maxX: mx, maxY: my }, 16);
const z16: TileAddress = { z: 16, x: top.minX, y: top.minY };
const tiles: TileAddress[] = [z16];
for (const a of tileChildren(z16)) {
  tiles.push(a);
  for (const b of tileChildren(a)) tiles.push(b);
}
const pyramid: PyramidInfo = {
  fingerprint: 'test',
  minZoom: 16,
  maxZoom: 18,
  levels: [16, 17, 18].map((z) => ({
    z,
    range: {
      z,
      minX: z16.x * 2 ** (z - 16),
      maxX: (z16.x + 1) * 2 ** (z - 16) - 1,
      minY: z16.y * 2 ** (z - 16),
      maxY: (z16.y + 1) * 2 ** (z - 16) - 1,
    },
  })),
  boundsLonLat: { minY: lat - 0.01, maxY: lat + 0.01 },
  extension: 'jpg',
};

// The z16 tile in Lambert-93, and a DEM over all of it (a tilted plane, 30..50 m).
const crs = createCrsTransform(2154);
const b16 = tileToLonLatBounds(z16);
const corners = [
  [b16.minX, b16.minY],
  [b16.maxX, b16.maxY],
].map(([a, c]) => crs.fromMercator(...lonLatToMercator(a as number, c as number)));
const x0 = Math.floor(Math.min(corners[0]![0], corners[1]![0])) - 20;
const y1 = Math.ceil(Math.max(corners[0]![1], corners[1]![1])) + 20;
const side = 700;
const plane = (x: number, y: number) => 30 + ((x - x0) / side) * 10 + ((y1 - y) / side) * 10;

async function runStage(name: string, extra: Partial<Run3dTilesOptions> = {}, workers = 0) {
  const engine = new LocalJobEngine({ workers });
  try {
    return await run3dTiles({
      pyramidDir: join(root, name, 'ortho'),
      pyramid,
      outDir: join(root, name, '3d'),
      demFiles: [join(root, 'dem.tif')],
      geoidGrid: null,
      engine,
      ...extra,
    });
  } finally {
    await engine.close();
  }
}

const validate = tilesetValidator();

describe('3D Tiles stage', () => {
  it('writes a tileset whose every JSON passes the 3D Tiles 1.1 schemas and every GLB the glTF validator', async () => {
    writeDem(join(root, 'dem.tif'), { originX: x0, originY: y1, width: side, height: side, pixel: 1 }, plane);
    // The last z18 tile is a PNG under a .jpg name, as the pyramid writes partly transparent edge tiles.
    const last = tiles[tiles.length - 1] as TileAddress;
    await writeImageryTiles(join(root, 'a', 'ortho'), tiles, (t) => t === last);
    const report = await runStage('a', { options: { externalZoomSpan: 2, jobZoomSpan: 2 } }, 1);
    expect(report.errors).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.tiles).toBe(21);
    expect(report.warnings.join('\n')).toMatch(/constant geoid undulation of 45 m/);
    const dir = join(root, 'a', '3d');
    const { jsons, glbs } = walkTilesets(dir);
    expect([...jsons.keys()].sort()).toEqual(
      [
        'tileset.json',
        ...tileChildren(z16)
          .flatMap((c) => tileChildren(c))
          .map((t) => `${t.z}/${t.x}/${t.y}.json`),
      ].sort(),
    );
    for (const [path, json] of jsons) {
      expect(validate(json), path).toEqual([]);
      expect((json.asset as { version: string }).version).toBe('1.1');
    }
    expect(glbs).toHaveLength(21);
    for (const g of glbs) {
      const issues = await validateGlb(new Uint8Array(readFileSync(join(dir, g))), g);
      expect(issues.numErrors, `${g}: ${JSON.stringify(issues.messages.slice(0, 3))}`).toBe(0);
    }
    // The PNG tile's bytes are embedded as they are, named image/png.
    const pngGlb = readFileSync(join(dir, `${last.z}/${last.x}/${last.y}.glb`));
    const pngBytes = readFileSync(join(root, 'a', 'ortho', `${last.z}/${last.x}/${last.y}.jpg`));
    expect(pngGlb.indexOf(pngBytes)).toBeGreaterThan(0);
    expect(pngGlb.toString('latin1')).toContain('"mimeType":"image/png"');
    // Its transparent pixels are cut out, not drawn black.
    expect(pngGlb.toString('latin1')).toContain('"alphaMode":"MASK"');
    expect(readFileSync(join(dir, `${z16.z}/${z16.x}/${z16.y}.glb`)).toString('latin1')).not.toContain(
      'alphaMode',
    );
  });

  it('bounds every tile by its region and mesh heights (DEM + 45 m), with errors from the texel size', () => {
    const ts = JSON.parse(readFileSync(join(root, 'a', '3d', 'tileset.json'), 'utf8'));
    const r = ts.root;
    const b = tileToLonLatBounds(z16);
    const rad = Math.PI / 180;
    expect(r.boundingVolume.region.slice(0, 4)).toEqual([
      b.minX * rad,
      b.minY * rad,
      b.maxX * rad,
      b.maxY * rad,
    ]);
    const [, , , , minH, maxH] = r.content.boundingVolume.region as number[];
    // The plane spans 30..50 m over the DEM; the z16 tile sees most of it, plus the geoid.
    expect(minH).toBeGreaterThan(30 + 45 - 20);
    expect(maxH).toBeLessThan(50 + 45 + 0.5);
    expect(maxH).toBeGreaterThan(30 + 45 + 5);
    const latRad = lat * rad;
    expect(r.geometricError).toBeCloseTo(geometricErrorMetres(16, latRad, 16), 6);
    expect(r.geometricError).toBeCloseTo(16 * 2.387 * Math.cos(latRad), 1);
    expect(ts.geometricError).toBeGreaterThan(r.geometricError);
    // Children (here behind external tilesets at z18) have half the error; leaves 0.
    const kid = r.children[0];
    expect(kid.geometricError).toBeCloseTo(r.geometricError / 2, 6);
    const ext = JSON.parse(readFileSync(join(root, 'a', '3d', kid.children[0].content.uri), 'utf8'));
    expect(ext.root.geometricError).toBe(0);
    expect(ext.root.content.uri).toMatch(/^\.\.\/\.\.\/18\/\d+\/\d+\.glb$/);
  });

  it('is parsed by loaders.gl (the tileset and every tile)', async () => {
    const dir = join(root, 'a', '3d');
    const ts = await parseWithLoadersGl(join(dir, 'tileset.json'), true);
    expect((ts.root as Record<string, unknown>).children).toBeDefined();
    const { glbs } = walkTilesets(dir);
    expect(glbs.length).toBe(21);
    for (const g of glbs) {
      const tile = await parseWithLoadersGl(join(dir, g));
      expect(tile.type, g).toBe('glTF');
    }
  });

  it('resumes: a second run redoes no job and leaves the same bytes', async () => {
    const before = snapshot(join(root, 'a', '3d'));
    const again = await runStage('a', { options: { externalZoomSpan: 2, jobZoomSpan: 2 } }, 0);
    expect(again.jobs.completed).toBe(0);
    expect(again.jobs.resumed).toBe(again.jobs.total);
    expect(snapshot(join(root, 'a', '3d'))).toEqual(before);
  });

  it('packs a .3tz whose index finds every file with the folder bytes', async () => {
    await writeImageryTiles(join(root, 'z', 'ortho'), tiles);
    const archivePath = join(root, 'z', '3d.3tz');
    const report = await runStage('z', { archivePath });
    expect(report.archive?.entries).toBe(report.tiles + report.tilesetFiles + 1);
    const folder = snapshot(join(root, 'z', '3d'));
    const reader = await open3tz(archivePath);
    try {
      expect(reader.entries).toBe(folder.size);
      for (const [path, bytes] of folder)
        expect(Buffer.from((await reader.get(path)) as Uint8Array)).toEqual(bytes);
      expect(await reader.get('absent.glb')).toBeNull();
    } finally {
      await reader.close();
    }
    writeFileSync(join(root, 'not.3tz'), 'PK but not a zip');
    await expect(open3tz(join(root, 'not.3tz'))).rejects.toThrow(/not a ZIP/);
  });

  it('uses a geoid grid when given one, and names a grid that misses the area', async () => {
    await writeImageryTiles(join(root, 'g', 'ortho'), tiles.slice(0, 1));
    const grid = join(root, 'geoid.tif');
    // A geographic grid (EPSG:4326) of 46.5 m everywhere around Lille.
    writeGeographicGrid(grid, { west: 2, north: 52, step: 0.5, width: 5, height: 5, value: 46.5 });
    const report = await runStage('g', { geoidGrid: grid });
    expect(report.complete).toBe(true);
    expect(report.warnings.join()).not.toMatch(/constant/);
    const ts = JSON.parse(readFileSync(join(root, 'g', '3d', 'tileset.json'), 'utf8'));
    const withConstant = JSON.parse(readFileSync(join(root, 'a', '3d', 'tileset.json'), 'utf8'));
    // Same DEM, same tile: the heights move up by 46.5 - 45 m.
    const [, , , , minG = 0, maxG = 0] = ts.root.content.boundingVolume.region as number[];
    const [, , , , minC = 0, maxC = 0] = withConstant.root.content.boundingVolume.region as number[];
    expect(maxG - maxC).toBeCloseTo(1.5, 2);
    expect(minG - minC).toBeCloseTo(1.5, 2);

    const far = join(root, 'far.tif');
    writeGeographicGrid(far, { west: -5, north: 45, step: 0.5, width: 3, height: 3, value: 50 });
    await writeImageryTiles(join(root, 'f', 'ortho'), tiles.slice(0, 1));
    const bad = await runStage('f', { geoidGrid: far });
    expect(bad.complete).toBe(false);
    expect(bad.errors[0]?.message).toMatch(/geoid model \(grid .*far\.tif\) does not cover 3\.1/);
  });

  it('leaves out tiles the DEM does not cover and says so', async () => {
    // A DEM over the west half of the z16 tile only.
    const half = join(root, 'half', 'dem.tif');
    const mid = crs.fromMercator(...lonLatToMercator((b16.minX + b16.maxX) / 2, (b16.minY + b16.maxY) / 2));
    const w = Math.floor(mid[0] - x0 - 30);
    writeDem(half, { originX: x0, originY: y1, width: w, height: side, pixel: 1, nodata: -99999 }, plane);
    await writeImageryTiles(join(root, 'h', 'ortho'), tiles);
    const report = await runStage('h', { demFiles: [half] });
    expect(report.complete).toBe(true);
    expect(report.noDemTiles).toBeGreaterThan(0);
    expect(report.tiles).toBeLessThan(21);
    expect(report.warnings.join()).toMatch(/have no DEM value under them: no 3D tile there/);
    const { jsons } = walkTilesets(join(root, 'h', '3d'));
    for (const [path, json] of jsons) expect(validate(json), path).toEqual([]);
  });

  it('refuses bad input with the file and the fix named', async () => {
    await writeImageryTiles(join(root, 'e', 'ortho'), tiles.slice(0, 1));
    await expect(runStage('e', { demFiles: [join(root, 'missing.tif')] })).rejects.toThrow(
      /missing\.tif" cannot be read as a GeoTIFF/,
    );
    const geographic = join(root, 'geo-dem.tif');
    writeGeographicGrid(geographic, { west: 2, north: 52, step: 0.5, width: 2, height: 2, value: 1 });
    await expect(runStage('e', { demFiles: [geographic] })).rejects.toThrow(
      /geo-dem\.tif" is in EPSG:4326; expected EPSG:2154/,
    );
    await expect(runStage('e', { options: { minZoom: 12 } })).rejects.toThrow(
      /3D min zoom 12 must lie between/,
    );
    await expect(runStage('e', { options: { gridSize: 50 } })).rejects.toThrow(
      /grid size 50 must be 2\^k \+ 1/,
    );
    await expect(runStage('e', { pyramid: { ...pyramid, extension: 'webp' } })).rejects.toThrow(
      /must be JPEG or PNG.*--format jpeg/,
    );
  });
});

/** A geographic (EPSG:4326) single-band grid, as PROJ's geoid grids are. */
function writeGeographicGrid(
  path: string,
  g: { west: number; north: number; step: number; width: number; height: number; value: number },
): void {
  const bytes = encodeFloat32GeoTiff(new Float32Array(g.width * g.height).fill(g.value), g.width, g.height, {
    epsg: 4326,
    originX: g.west,
    originY: g.north,
    pixelSizeX: g.step,
    pixelSizeY: g.step,
  });
  // encodeFloat32GeoTiff writes a projected GTModelType; patch it to geographic (2) with GeographicType 4326.
  writeFileSync(path, patchGeographic(bytes));
}

/** Turns the GeoKeys of `encodeFloat32GeoTiff` (projected, ProjectedCSType) into geographic (GeographicType). */
function patchGeographic(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  const dv = new DataView(out.buffer);
  for (let p = 0; p + 40 <= out.length; p += 2) {
    if (
      dv.getUint16(p, true) === 1024 &&
      dv.getUint16(p + 8, true) === 1025 &&
      dv.getUint16(p + 16, true) === 1026
    ) {
      dv.setUint16(p + 6, 2, true); // GTModelType = geographic
      dv.setUint16(p + 24, 2048, true); // ProjectedCSType -> GeographicType
      return out;
    }
  }
  throw new Error('GeoKeys not found');
}
