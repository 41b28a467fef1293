// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops over decoded GLBs; indices are in range.
// biome-ignore-all lint/suspicious/noExplicitAny: glTF and tileset JSON walked as read.
/**
 * The buildings product end to end on the sample (`tiling sample`, 400 m: its BD TOPO-like
 * footprints, DSM and DTM for 2021 and 2024): tilesets valid against the 3D Tiles 1.1 schemas,
 * every GLB with 0 errors in the Khronos validator, a metadata row for every feature id, every
 * building in exactly one tile (never cut) inside its tile's bounding volumes, heights against the
 * DSM within the stated quality, new 2024 buildings only in 2024, and the same bytes on a rerun and
 * after a kill -9 then a resume.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildingsReport, runBuildings } from '../../../tiling/buildings';
import { readDemRaster } from '../../../tiling/dem';
import { LocalJobEngine } from '../../../tiling/engine';
import { writeSample } from '../../../tiling/sample';
import { killAfterJobs } from '../kill-resume';
import { folderBytes } from '../terrain/helpers';
import { parseWithLoadersGl, tilesetValidator, validateGlb, walkTilesets } from '../tiles3d/helpers';
import { glbVertices, propertyRows, type Row, rasterValuesInRing, readFeatures } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'buildings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');
const footprints = (year: number) => join(sample, 'buildings', `batiment-${year}.geojson`);
const dsm = (year: number) => join(sample, 'dsm', String(year));
const dtm = join(sample, 'dem');

async function build(year: number, out: string, workers = 0): Promise<BuildingsReport> {
  const engine = new LocalJobEngine({ workers });
  try {
    return await runBuildings({
      footprints: footprints(year),
      dsm: [dsm(year)],
      dtm: [dtm],
      outDir: out,
      geoidGrid: null,
      engine,
    });
  } finally {
    await engine.close();
  }
}

interface Built {
  report: BuildingsReport;
  dir: string;
  /** GLB path -> rows of its property table. */
  rows: Map<string, Row[]>;
}
const built = new Map<number, Built>();

beforeAll(async () => {
  await writeSample({ outDir: sample, sizeMetres: 400, seed: 1, workers: 0 });
  for (const year of [2021, 2024]) {
    const dir = join(root, `b${year}`);
    const report = await build(year, dir);
    const rows = new Map<string, Row[]>();
    for (const g of walkTilesets(dir).glbs)
      rows.set(g, propertyRows(new Uint8Array(readFileSync(join(dir, g)))));
    built.set(year, { report, dir, rows });
  }
}, 120_000);

describe('tiling buildings on the sample', () => {
  it('keeps every footprint of the input, with a DSM height for each', () => {
    for (const year of [2021, 2024]) {
      const { report } = built.get(year) as Built;
      const n = readFeatures(footprints(year)).length;
      expect(report.complete).toBe(true);
      expect(report.footprints).toBe(n);
      expect(report.buildings).toBe(n);
      // The sample's DSM sees every building: no fallback needed.
      expect(report.sources.dsm).toBe(n);
    }
  });

  it('writes tilesets valid against the 3D Tiles 1.1 schemas and GLBs with 0 validator errors', async () => {
    const validate = tilesetValidator();
    for (const year of [2021, 2024]) {
      const { dir } = built.get(year) as Built;
      const { jsons, glbs } = walkTilesets(dir);
      expect(jsons.size).toBeGreaterThan(1);
      for (const [path, json] of jsons) {
        expect(validate(json), path).toEqual([]);
        expect((json.root as { refine?: string }).refine, path).toBe('ADD');
      }
      expect(glbs.length).toBeGreaterThan(1);
      for (const g of glbs) {
        const issues = await validateGlb(new Uint8Array(readFileSync(join(dir, g))), g);
        expect(
          issues.numErrors,
          `${g}: ${JSON.stringify(issues.messages.filter((m) => m.severity === 0))}`,
        ).toBe(0);
        const { json } = await import('./helpers').then((h) =>
          h.glbChunks(new Uint8Array(readFileSync(join(dir, g)))),
        );
        expect(json.extensionsUsed).toEqual(
          expect.arrayContaining([
            'KHR_mesh_quantization',
            'EXT_meshopt_compression',
            'EXT_mesh_features',
            'EXT_structural_metadata',
          ]),
        );
      }
    }
  });

  it('gives every feature id of every vertex a metadata row with the building attributes', async () => {
    const { dir, rows } = built.get(2024) as Built;
    const input = new Map(
      readFeatures(footprints(2024)).map((f) => [f.properties.cleabs as string, f.properties]),
    );
    for (const [g, table] of rows) {
      const vertices = await glbVertices(new Uint8Array(readFileSync(join(dir, g))));
      const ids = new Set(vertices.map((v) => v.fid));
      // Each row is drawn, and each drawn id has a row.
      expect([...ids].sort((a, b) => a - b)).toEqual(table.map((_, i) => i));
      for (const r of table) {
        const f = input.get(r.id as string);
        expect(f, `${g}: ${r.id}`).toBeDefined();
        expect(r.rnb).toBe(f?.identifiants_rnb);
        expect(r.storeys).toBe(f?.nombre_d_etages);
        expect(r.usage).toBe(f?.usage_1);
        expect(r.year).toBe(Number(String(f?.date_d_apparition).slice(0, 4)));
        expect(r.height_source).toBe('dsm');
        expect(r.height as number).toBeGreaterThan(2);
        expect(r.quality as number).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('reads the same buildings through another 3D Tiles client (loaders.gl: meshopt, features, table)', async () => {
    const { dir, rows } = built.get(2024) as Built;
    for (const [g, table] of rows) {
      const parsed = (await parseWithLoadersGl(join(dir, g))) as { gltf: any };
      const meta = parsed.gltf.extensions.EXT_structural_metadata.propertyTables[0];
      expect(meta.count).toBe(table.length);
      expect([...meta.properties.id.data]).toEqual(table.map((r) => r.id));
      expect([...meta.properties.usage.data]).toEqual(table.map((r) => r.usage));
      const prim = parsed.gltf.meshes[0].primitives[0];
      expect(prim.extensions.EXT_mesh_features.featureIds[0].featureCount).toBe(table.length);
      const ids = prim.attributes._FEATURE_ID_0.value as Uint16Array;
      expect(Math.max(...ids)).toBe(table.length - 1);
    }
  });

  it('puts every building in exactly one tile, inside its content and tile bounding volumes', async () => {
    const { dir, rows } = built.get(2024) as Built;
    const seen = new Map<string, string>();
    for (const [g, table] of rows)
      for (const r of table) {
        expect(seen.get(r.id as string), `${r.id} in ${g} and ${seen.get(r.id as string)}`).toBeUndefined();
        seen.set(r.id as string, g);
      }
    expect(seen.size).toBe(readFeatures(footprints(2024)).length);
    // Regions of each GLB's content and of every tile above it.
    const { jsons } = walkTilesets(dir);
    const regions = new Map<string, number[][]>();
    for (const [path, json] of jsons) {
      const base = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
      const visit = (t: Record<string, any>, above: number[][]) => {
        const chain = [...above, t.boundingVolume.region];
        if (t.content?.uri?.endsWith('.glb')) {
          const target = join(base, t.content.uri).split('\\').join('/');
          regions.set(target, [...chain, t.content.boundingVolume.region]);
        }
        for (const c of t.children ?? []) visit(c, chain);
      };
      visit(json.root as Record<string, any>, []);
    }
    for (const g of rows.keys()) {
      const chain = regions.get(g) as number[][];
      expect(chain, g).toBeDefined();
      for (const v of await glbVertices(new Uint8Array(readFileSync(join(dir, g)))))
        for (const r of chain) {
          expect(v.lon).toBeGreaterThanOrEqual(r[0]! - 1e-9);
          expect(v.lat).toBeGreaterThanOrEqual(r[1]! - 1e-9);
          expect(v.lon).toBeLessThanOrEqual(r[2]! + 1e-9);
          expect(v.lat).toBeLessThanOrEqual(r[3]! + 1e-9);
          expect(v.h).toBeGreaterThanOrEqual(r[4]! - 0.05);
          expect(v.h).toBeLessThanOrEqual(r[5]! + 0.05);
        }
    }
  }, 60_000);

  it('gives heights that match the DSM within each building’s stated quality, and the true heights', async () => {
    const { rows } = built.get(2024) as Built;
    const raster = await readDemRaster(readdirSync(dsm(2024)).map((f) => join(dsm(2024), f))[0] as string);
    const input = new Map(readFeatures(footprints(2024)).map((f) => [f.properties.cleabs as string, f]));
    const errors: number[] = [];
    for (const table of rows.values())
      for (const r of table) {
        const f = input.get(r.id as string) as {
          properties: Record<string, any>;
          geometry: { coordinates: number[][][] };
        };
        // DSM pixels whose centre is in the footprint (ray casting, written here).
        const values = rasterValuesInRing(raster, f.geometry.coordinates[0] as number[][]);
        const n = values.length;
        const sum = values.reduce((x, y) => x + y, 0);
        expect(n, r.id as string).toBeGreaterThan(3);
        const roof = (r.ground as number) + (r.height as number);
        // |mean(DSM) - roof| <= RMS(DSM - roof): the stated quality bounds the roof's offset.
        expect(Math.abs(sum / n - roof), r.id as string).toBeLessThanOrEqual((r.quality as number) + 0.02);
        // Against the true height (hauteur = what the sample raised the DSM by): the roof follows the
        // sloping ground in the sample, so the spread of the DSM (the quality) bounds the error too.
        const error = Math.abs((r.height as number) - f.properties.hauteur);
        expect(error, r.id as string).toBeLessThanOrEqual(2 * (r.quality as number) + 0.3);
        errors.push(error);
      }
    errors.sort((a, b) => a - b);
    // DSM = DTM + true height + ±0.15 m noise; roof P70 over ground P10 of a gently sloping DTM.
    expect(errors[errors.length >> 1]).toBeLessThan(0.35);
  }, 60_000);

  it('shows the new 2024 buildings (« vers bâti ») in 2024 only', () => {
    const ids = (year: number) =>
      new Set([...(built.get(year) as Built).rows.values()].flat().map((r) => r.id as string));
    const a = ids(2021);
    const b = ids(2024);
    const added = [...b].filter((id) => !a.has(id));
    expect(added.length).toBeGreaterThan(0);
    const rows2024 = [...(built.get(2024) as Built).rows.values()].flat();
    for (const id of added) expect(rows2024.find((r) => r.id === id)?.year).toBe(2023);
    // Buildings standing in 2021 are all still there in 2024 (the changes only add).
    for (const id of a) expect(b.has(id), id).toBe(true);
  });

  it('writes the same bytes again, and after a kill -9 then a resume', async () => {
    const { dir } = built.get(2024) as Built;
    const again = join(root, 'again');
    expect((await build(2024, again, 2)).complete).toBe(true);
    const a = folderBytes(dir);
    const b = folderBytes(again);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(Buffer.compare(v, b.get(k) as Buffer), k).toBe(0);

    // Through the command line, small job tiles (many jobs), killed with SIGKILL once some are recorded.
    const flags = ['--dsm', dsm(2024), '--dtm', dtm, '--min-zoom', '17', '--max-zoom', '19', '-j', '1'];
    const args = ['--import', 'tsx', 'tiling/cli/bin.ts', 'buildings', footprints(2024), ...flags];
    const reference = join(root, 'reference');
    const ok = spawnSync(process.execPath, [...args, '--out', reference], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    const killed = join(root, 'killed');
    const child = spawn(process.execPath, [...args, '--out', killed], { stdio: 'ignore' });
    await killAfterJobs(child, killed, 1);
    expect(existsSync(join(killed, 'tileset.json'))).toBe(false);
    const resumed = spawnSync(process.execPath, [...args, '--out', killed], { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming \(\d+ jobs already done\)/);
    const r = folderBytes(reference);
    const c = folderBytes(killed);
    expect([...c.keys()].sort()).toEqual([...r.keys()].sort());
    for (const [k, v] of r) expect(Buffer.compare(v, c.get(k) as Buffer), k).toBe(0);
    expect(statSync(join(killed, 'tileset.json')).size).toBeGreaterThan(0);
  }, 180_000);
});
