/**
 * The e2e twin's 3D tiles: the real 3D stage (tiling/tiles3d) run over the synthetic 2021 pyramid
 * of fixtures.ts and a synthetic DEM (a valley, 20-70 m NGF), written as a folder and as a .3tz,
 * with one entry for each in 3d-catalog.json (the archive's hidden at start). A few tiles (zooms 14-16).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { bboxToTileRange, lonLatToMercator, tileToLonLatBounds } from '../../format/grid';
import { encodeFloat32GeoTiff } from '../../tiling/encode/geotiff';
import type { JobEngine, JobHandler } from '../../tiling/engine';
import { LocalJobEngine } from '../../tiling/engine';
import { createCrsTransform } from '../../tiling/reproject';
import { createMeshJobHandler, run3dTiles, type Tiles3dReport } from '../../tiling/tiles3d';
import { E2E_TWIN_DIR, SAMPLE_BOUNDS, SAMPLE_MAX_ZOOM, SAMPLE_MIN_ZOOM } from './fixtures';

/** The catalog of the 3D test (under the e2e twin). */
export const CATALOG_3D = '3d-catalog.json';

/** Titles of the two 3D entries. */
export const TITLES_3D = {
  folder: { fr: 'Terrain 3D 2021 (échantillon)', en: '3D terrain 2021 (sample)' },
  archive: { fr: 'Terrain 3D 2021 (archive .3tz)', en: '3D terrain 2021 (.3tz archive)' },
};

/** The main thread runs the jobs (no worker threads inside Playwright's global setup). */
function inlineEngine(): JobEngine {
  return {
    name: 'inline',
    concurrency: 1,
    async run(jobs, options) {
      let handler: Promise<JobHandler<unknown, unknown>> | null = null;
      const inner = new LocalJobEngine({
        workers: 0,
        inlineHandler: (async (job: unknown) => {
          handler ??= createMeshJobHandler(options.handler.config) as Promise<JobHandler<unknown, unknown>>;
          return (await handler)(job);
        }) as never,
      });
      try {
        return await inner.run(jobs, options);
      } finally {
        await inner.close();
      }
    },
    close: async () => {},
  };
}

/** Writes the DEM, the 3D tiles (folder + .3tz) and the catalog entries. Call after writeE2eTwin. */
export async function writeE2e3dTiles(dir = E2E_TWIN_DIR): Promise<Tiles3dReport> {
  // The DEM covers every z14 tile of the pyramid, at 5 m.
  const crs = createCrsTransform(2154);
  const r14 = bboxToTileRange(SAMPLE_BOUNDS, SAMPLE_MIN_ZOOM);
  const corners = [
    tileToLonLatBounds({ z: SAMPLE_MIN_ZOOM, x: r14.minX, y: r14.maxY }),
    tileToLonLatBounds({ z: SAMPLE_MIN_ZOOM, x: r14.maxX, y: r14.minY }),
  ].flatMap((b) => [
    crs.fromMercator(...lonLatToMercator(b.minX, b.minY)),
    crs.fromMercator(...lonLatToMercator(b.maxX, b.maxY)),
  ]);
  const pixel = 5;
  const x0 = Math.floor(Math.min(...corners.map((c) => c[0])) / 100) * 100 - 100;
  const y1 = Math.ceil(Math.max(...corners.map((c) => c[1])) / 100) * 100 + 100;
  const width = Math.ceil((Math.max(...corners.map((c) => c[0])) + 100 - x0) / pixel);
  const height = Math.ceil((y1 - Math.min(...corners.map((c) => c[1])) + 100) / pixel);
  const values = new Float32Array(width * height);
  for (let j = 0; j < height; j++)
    for (let i = 0; i < width; i++) {
      const u = i / width;
      const v = j / height;
      values[j * width + i] = 20 + 50 * (u - 0.5) ** 2 * 4 + 6 * Math.sin(v * 9);
    }
  const demPath = join(dir, 'dem', 'e2e-dem.tif');
  await mkdir(join(dir, 'dem'), { recursive: true });
  await writeFile(
    demPath,
    encodeFloat32GeoTiff(
      values,
      width,
      height,
      { epsg: 2154, originX: x0, originY: y1, pixelSizeX: pixel, pixelSizeY: pixel },
      { tileSize: 64, compress: (b) => deflateSync(b) },
    ),
  );
  const levels = [];
  for (let z = SAMPLE_MIN_ZOOM; z <= SAMPLE_MAX_ZOOM; z++)
    levels.push({ z, range: bboxToTileRange(SAMPLE_BOUNDS, z) });
  const report = await run3dTiles({
    pyramidDir: join(dir, '2021', 'ortho'),
    pyramid: {
      fingerprint: 'e2e',
      minZoom: SAMPLE_MIN_ZOOM,
      maxZoom: SAMPLE_MAX_ZOOM,
      levels,
      boundsLonLat: { minY: SAMPLE_BOUNDS[1], maxY: SAMPLE_BOUNDS[3] },
      extension: 'jpg',
    },
    outDir: join(dir, '2021', '3d'),
    demFiles: [demPath],
    geoidGrid: null,
    options: { minZoom: SAMPLE_MIN_ZOOM, externalZoomSpan: 2 },
    engine: inlineEngine(),
    archivePath: join(dir, '2021', '3d.3tz'),
  });
  if (!report.complete) throw new Error(`e2e 3D tiles: ${JSON.stringify(report.errors)}`);

  // Its own catalog (the others' tests keep theirs): the 2021 pyramid and the two 3D entries.
  const base = JSON.parse(await readFile(join(dir, 'catalog.json'), 'utf8')) as {
    layers: { kind: string }[];
  };
  const entry = (id: string, title: (typeof TITLES_3D)['folder'], url: string, visible: boolean) => ({
    id,
    kind: '3dtiles',
    title,
    vintage: 2021,
    attribution: 'PCRS + MNT (échantillon synthétique)',
    visible,
    source: { type: '3dtiles', url },
  });
  await writeFile(
    join(dir, CATALOG_3D),
    `${JSON.stringify(
      {
        version: 1,
        title: { fr: 'Échantillon 3D (tests)', en: '3D sample (tests)' },
        home: SAMPLE_BOUNDS,
        layers: [
          ...base.layers.filter((l) => l.kind === 'orthoimagery'),
          entry('terrain-3d-2021', TITLES_3D.folder, '2021/3d/tileset.json', true),
          entry('terrain-3d-2021-3tz', TITLES_3D.archive, '2021/3d.3tz/tileset.json', false),
        ],
      },
      null,
      2,
    )}\n`,
  );
  return report;
}
