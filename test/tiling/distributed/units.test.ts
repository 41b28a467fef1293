/**
 * The pure parts of the distributed mode: region estimate (tiling/ortho/scale), output URLs, batch
 * ids (tiling/engine/bullmq), module names (tiling/engine/registry).
 */
import { describe, expect, it } from 'vitest';
import { resolveHandlerSpec, tilingModuleUrl } from '../../../tiling/engine';
import { batchIdOf, checkBatchId, parseQueueUrl } from '../../../tiling/engine/bullmq';
import {
  estimateRegion,
  HDF_AREA,
  parseArea,
  regionFromDalleIndex,
  regionTilesAtZoom,
} from '../../../tiling/ortho';
import { storageSpecOf } from '../../../tiling/storage';

describe('estimateRegion (tiling plan --area hdf)', () => {
  const e = estimateRegion({ region: HDF_AREA, vintages: 3, workers: [1, 64] });

  it('finds z21 for 5 cm at 50°N and ~210 M base tiles (31,806 km² / (12.3 m)²)', () => {
    expect(e.maxZoom).toBe(21);
    const z21 = e.levels.find((l) => l.z === 21)?.tiles ?? 0;
    const side = (40075016.686 / 2 ** 21) * Math.cos((49.96 * Math.PI) / 180);
    expect(z21 / ((31_806e6 / side ** 2) | 0)).toBeGreaterThan(1);
    expect(z21 / (31_806e6 / side ** 2)).toBeLessThan(1.01);
    expect(e.dalles).toBe(795_150);
  });

  it('each level has about a quarter of the tiles of the next, and totals add up', () => {
    for (let i = 1; i < e.levels.length; i++) {
      const a = e.levels[i - 1]?.tiles ?? 0;
      const b = e.levels[i]?.tiles ?? 0;
      expect(a).toBeLessThanOrEqual(b);
      if (a > 1000) expect(b / a).toBeGreaterThan(3.8);
    }
    expect(e.tiles).toBe(e.levels.reduce((n, l) => n + l.tiles, 0));
    expect(e.total.tiles).toBe(3 * e.tiles);
    expect(e.jobs.source).toBe(regionTilesAtZoom(HDF_AREA, 18));
  });

  it('time falls with workers and flags the PUT rate an object store cannot take', () => {
    const [one, many] = e.perWorkers;
    expect(one?.seconds).toBeCloseTo((many?.seconds ?? 0) * 64, 3);
    expect(one?.putLimited).toBe(false);
    expect(many?.putLimited).toBe(true);
    expect(e.total.coreHours).toBeCloseTo((3 * e.tiles) / 212 / 3600, 3); // MEASURED_DEFAULTS
  });

  it('names an unknown area', async () => {
    await expect(parseArea('bretagne')).rejects.toThrow(
      /--area "bretagne" is neither a known area nor a readable dalle index/,
    );
  });

  it('reads a dalle index: area, outline and bounds from the dalle squares', () => {
    // An L of 3 dalles (200 m): 0.12 km², outline 8 sides of 200 m.
    const r = regionFromDalleIndex(
      [
        '2021-07080-70580-LA93-0M05-RVB.tif',
        'x/2021-07082-70580-LA93-0M05-RVB.tif',
        '2021-07080-70578-LA93-0M05-RVB.jp2',
        '',
      ].join('\n'),
      'index.txt',
    );
    expect(r.areaKm2).toBeCloseTo(0.12, 9);
    expect(r.perimeterKm).toBeCloseTo(1.6, 9);
    expect(r.boundsLonLat.minX).toBeGreaterThan(3.1);
    expect(r.boundsLonLat.maxY).toBeLessThan(50.7);
    const e = estimateRegion({ region: r });
    expect(e.dalles).toBe(3);
    expect(e.levels.at(-1)?.tiles).toBeGreaterThan(0.12e6 / 12.3 ** 2);
    expect(() => regionFromDalleIndex('dalle.tif\n', 'index.txt')).toThrow(
      /index.txt line 1 \("dalle.tif"\) names no Lambert-93 corner/,
    );
  });
});

describe('outputs, queues, batches, modules', () => {
  it('reads s3://bucket/prefix and refuses a bad bucket or endpoint in words', () => {
    expect(storageSpecOf('s3://twin/2024/ortho/', { s3Endpoint: 'http://127.0.0.1:9000' })).toMatchObject({
      kind: 's3',
      bucket: 'twin',
      prefix: '2024/ortho',
      endpoint: 'http://127.0.0.1:9000',
    });
    expect(storageSpecOf('s3://twin')).toMatchObject({ bucket: 'twin', prefix: '' });
    expect(storageSpecOf('out/dir')).toMatchObject({ kind: 'fs' });
    expect(() => storageSpecOf('s3://Twin_2024/x')).toThrow(/"Twin_2024" is not a bucket name/);
    expect(() => storageSpecOf('s3://twin/x', { s3Endpoint: 'minio:9000 x' })).toThrow(/--s3-endpoint/);
  });

  it('checks --queue URLs', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6379').port).toBe('6379');
    expect(() => parseQueueUrl('http://10.0.0.5:6379')).toThrow(/must start with redis:\/\//);
    expect(() => parseQueueUrl('10.0.0.5:6379')).toThrow(/expected redis:\/\/host:port/);
    expect(() => parseQueueUrl('not a url')).toThrow(/is not a URL/);
  });

  it('derives the batch id from plan and output; refuses ids unfit for Redis keys', () => {
    expect(batchIdOf('abc', '/out')).toBe(batchIdOf('abc', '/out'));
    expect(batchIdOf('abc', '/out')).not.toBe(batchIdOf('abc', '/out2'));
    expect(checkBatchId('hdf-2024_v1')).toBe('hdf-2024_v1');
    expect(() => checkBatchId('a:b')).toThrow(/may only hold letters/);
  });

  it('resolves module names against this copy of the tiling package, nested specs included', () => {
    expect(tilingModuleUrl('ortho/handler')).toMatch(/^file:\/\/.*\/tiling\/ortho\/handler\.ts$/);
    expect(tilingModuleUrl('file:///elsewhere/x.js')).toBe('file:///elsewhere/x.js');
    const spec = resolveHandlerSpec({
      module: 'ortho/handler',
      exportName: 'createTileJobHandler',
      config: { outDir: '/o', source: { module: 'source/index', exportName: 'openRasterSource' } },
    });
    expect(spec.module).toMatch(/tiling\/ortho\/handler\.ts$/);
    expect((spec.config as { source: { module: string } }).source.module).toMatch(
      /tiling\/source\/index\.ts$/,
    );
    expect((spec.config as { outDir: string }).outDir).toBe('/o');
  });
});
