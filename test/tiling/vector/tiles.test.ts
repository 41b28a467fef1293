import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildVectorPyramid,
  type InputFeature,
  prepareFeatures,
  readVectorFile,
  VECTOR_DEFAULTS,
  writeVectorPyramid,
} from '../../../tiling/vector';

const RPG = resolve('../shared/data/rpg-2021-extracts/rpga_extract_d59.zip');
const BIN = resolve('tiling/cli/bin.ts');

const X = 708_000;
const Y = 7_057_000;
const features: InputFeature[] = [0, 1, 2].map((i) => ({
  properties: {
    id: `f${i}`,
    cs: i === 0 ? 'CS1.1.1' : 'CS6.3.0',
    us: i === 0 ? 'US5.2.2' : 'US1.1.3',
    millesime: 2024,
  },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [X + i * 100, Y],
        [X + i * 100 + 100, Y],
        [X + i * 100 + 100, Y + 100],
        [X + i * 100, Y + 100],
        [X + i * 100, Y],
      ],
    ],
  },
}));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(resolve('.tmp/vector-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function decode(bytes: Uint8Array): VectorTile {
  return new VectorTile(new PbfReader(bytes));
}

describe('vector pyramid', () => {
  it('writes MVT tiles whose features carry the codes, classes and area, plus metadata with the legend', async () => {
    const layer = prepareFeatures('t', features, { kind: 'ocs2d' });
    const pyramid = buildVectorPyramid('t', layer, { ...VECTOR_DEFAULTS, minZoom: 12, maxZoom: 16 });
    const out = join(dir, 'a');
    const result = await writeVectorPyramid(out, pyramid);
    expect(Object.keys(result.perZoom).map(Number)).toEqual([12, 13, 14, 15, 16]);
    const metadata = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({
      tilejson: '3.0.0',
      kind: 'ocs2d',
      minzoom: 12,
      maxzoom: 16,
      features: 3,
      areaM2: 30_000,
    });
    expect(metadata.legend.p4.map((e: { code: string }) => e.code)).toEqual(['1', '2']);
    expect(metadata.attribution).toContain('GPL-3.0');
    const [x] = await readdir(join(out, '16'));
    const [y] = await readdir(join(out, '16', x as string));
    const tile = decode(await readFile(join(out, '16', x as string, y as string)));
    const l = tile.layers.ocs2d;
    expect(l?.length).toBeGreaterThan(0);
    const props = [...Array(l?.length ?? 0).keys()].map((i) => l?.feature(i).properties);
    expect(props).toContainEqual({
      id: 'f0',
      cs: 'CS1.1.1',
      us: 'US5.2.2',
      p4: 1,
      p21: 1,
      enaf: 'Uh',
      millesime: 2024,
      area_m2: 10_000,
    });
  });

  it('gives the same bytes on a rerun', async () => {
    const run = async (name: string) => {
      const layer = prepareFeatures('t', features, { kind: 'ocs2d' });
      await writeVectorPyramid(join(dir, name), buildVectorPyramid('t', layer, { ...VECTOR_DEFAULTS }));
      const files: string[] = [];
      const walk = async (d: string): Promise<void> => {
        for (const e of await readdir(d, { withFileTypes: true }))
          e.isDirectory() ? await walk(join(d, e.name)) : files.push(join(d, e.name));
      };
      await walk(join(dir, name));
      return Promise.all(
        files.sort().map(async (f) => [f.slice(dir.length + name.length + 2), await readFile(f)]),
      );
    };
    expect(await run('b')).toEqual(await run('c'));
  });

  it('reads the 4,605 real RPG parcels from the zipped GeoPackage (GDAL) with areas equal to SURF_PARC', async () => {
    const input = await readVectorFile(RPG);
    expect(input).toHaveLength(4605);
    const layer = prepareFeatures('rpg', input, {
      kind: 'ocs2d',
      defaultCs: 'CS6.3.0',
      defaultUs: 'US1.1.3',
      vintage: 2021,
    });
    for (const [i, f] of layer.features.entries()) {
      // SURF_PARC is the published area in hectares, rounded to 0.01 ha.
      expect(
        Math.abs(Number(f.properties.area_m2) / 10_000 - Number(input[i]?.properties?.SURF_PARC)),
      ).toBeLessThanOrEqual(0.0051);
    }
    expect(layer.features[0]?.properties.id).toBe('6403472');
  });

  it('says which package to install when GDAL is missing, and names a file it cannot read', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(readVectorFile(RPG)).rejects.toThrow(
        'tiling vector: "rpga_extract_d59.zip" needs GDAL\'s ogr2ogr to be read, but GDAL is not installed. To read it, install gdal-bin',
      );
    } finally {
      process.env.PATH = path;
    }
    await expect(readVectorFile(join(dir, 'absent.gpkg'))).rejects.toThrow(
      'GDAL could not read "absent.gpkg"',
    );
    await expect(readVectorFile(join(dir, 'x.kml'))).rejects.toThrow('unknown extension ".kml"');
  });
});

describe('tiling vector (CLI)', () => {
  const cli = (...args: string[]) => {
    try {
      return {
        code: 0,
        out: execFileSync(process.execPath, ['--import', 'tsx', BIN, 'vector', ...args], {
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      };
    } catch (e) {
      const err = e as { status: number; stderr: string; stdout: string };
      return { code: err.status, out: err.stderr + err.stdout };
    }
  };

  it('tiles the sample-like changes with a heat grid', async () => {
    const path = join(dir, 'changes.geojson');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      path,
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
        features: [
          {
            type: 'Feature',
            properties: { class_code: 'vers_bati', confidence: 0.8 },
            geometry: features[0]?.geometry,
          },
        ],
      }),
    );
    const r = cli(path, '--kind', 'changes', '--out', join(dir, 'chg'));
    expect(r.out).toContain('1 features (1.00 ha, Lambert-93)');
    expect(r.out).toContain('heat grid 1 cells of 100 m, max 1 ha');
    expect(r.code).toBe(0);
    const tile = await readdir(join(dir, 'chg', '16'));
    expect(tile.length).toBeGreaterThan(0);
  });

  it('lists every bad flag with exit code 1, and reads no file', () => {
    const r = cli('a.geojson', 'b.geojson', '--kind', 'roads', '--min-zoom', '18', '--max-zoom', '12');
    expect(r.code).toBe(1);
    expect(r.out).toContain('give exactly one input file, got 2.');
    expect(r.out).toContain('--out <dir> is required');
    expect(r.out).toContain('--kind must be ocs2d or changes, got "roads".');
    expect(r.out).toContain('--min-zoom (18) must not be above --max-zoom (12).');
  });
});
