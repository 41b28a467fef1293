import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../tiling/core';
import { inspectDalles, listDalles } from '../../../tiling/source';
import { createGradientRaster, gdal, l93Args, makeTempDir, writeEnvi } from './helpers';

const W = 64;
const H = 64;
let dir = '';
let cleanup = (): void => undefined;
let bin = '';

const make = (rel: string, args: string[]): string => {
  const p = join(dir, rel);
  gdal('gdal_translate', ['-q', ...args, bin, p]);
  return p;
};

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  bin = writeEnvi(dir, 'src', createGradientRaster(W, H, 3), W, H, 3);
  mkdirSync(join(dir, 'dalles/b'), { recursive: true });
  mkdirSync(join(dir, 'dalles/a'), { recursive: true });
});
afterAll(() => cleanup());

describe('listDalles', () => {
  it('expands folders recursively and list files, sorted and de-duplicated', async () => {
    for (const f of [
      'dalles/b/2.tif',
      'dalles/a/1.TIF',
      'dalles/a/3.jp2',
      'dalles/b/0.tiff',
      'dalles/b/notes.txt.bak',
    ]) {
      writeFileSync(join(dir, f), '');
    }
    writeFileSync(join(dir, 'dalles/a/1.tif.aux.xml'), '');
    writeFileSync(join(dir, 'list.txt'), '# dalles of the test\ndalles/b/2.tif\n\n  dalles/a/1.TIF  \n');
    const all = await listDalles([join(dir, 'dalles')]);
    expect(all).toEqual(
      ['dalles/a/1.TIF', 'dalles/a/3.jp2', 'dalles/b/0.tiff', 'dalles/b/2.tif'].map((f) => join(dir, f)),
    );
    const mixed = await listDalles([
      join(dir, 'list.txt'),
      join(dir, 'dalles/b'),
      join(dir, 'dalles/b/2.tif'),
    ]);
    expect(mixed).toEqual(['dalles/a/1.TIF', 'dalles/b/0.tiff', 'dalles/b/2.tif'].map((f) => join(dir, f)));
  });

  it('lists every missing or unusable input in one error', async () => {
    writeFileSync(join(dir, 'bad-list.txt'), 'nowhere.tif\n');
    writeFileSync(join(dir, 'photo.png'), '');
    const e = await listDalles([
      join(dir, 'missing-dir'),
      join(dir, 'photo.png'),
      join(dir, 'bad-list.txt'),
    ]).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).problems).toHaveLength(3);
    expect((e as DataError).message).toMatch(/3 input\(s\) cannot be used/);
    expect((e as DataError).message).toMatch(/"[^"]*missing-dir" does not exist/);
    expect((e as DataError).message).toMatch(
      /"[^"]*photo.png" is not a dalle; expected a .tif, .tiff or .jp2/,
    );
    expect((e as DataError).message).toMatch(
      /"[^"]*nowhere.tif" \(listed in "[^"]*bad-list.txt"\) does not exist/,
    );
  });
});

describe('inspectDalles', () => {
  it('opens every dalle and returns all problems, the usable sources and the rejected files', async () => {
    mkdirSync(join(dir, 'set'), { recursive: true });
    const px = 0.05;
    const ok1 = make('set/ok1.tif', l93Args(W, H, 704000, 7062400, px));
    const ok2 = make('set/ok2.tif', l93Args(W, H, 704000 + W * px, 7062400, px));
    const noCrs = make('set/nocrs.tif', [
      '-a_ullr',
      '704010',
      '7062400',
      `${704010 + W * px}`,
      `${7062400 - H * px}`,
    ]);
    const utm = make('set/utm.tif', [
      '-a_srs',
      'EPSG:32631',
      '-a_ullr',
      '500000',
      '5600000',
      '500003.2',
      '5599996.8',
    ]);
    const dup = make('set/dup.tif', l93Args(W, H, 704000, 7062400, px));
    const broken = join(dir, 'set/broken.tif');
    writeFileSync(broken, 'II*\0garbage');
    const paths = await listDalles([join(dir, 'set')]);
    const result = await inspectDalles(paths);
    expect(result.sources.map((s) => s.info.id).sort()).toEqual([dup, noCrs, ok1, ok2, utm].sort());
    // Of two duplicates, the later in input order (sorted paths: dup.tif, then ok1.tif) is rejected.
    expect(result.usable.map((s) => s.info.id).sort()).toEqual([dup, ok2].sort());
    expect(result.rejected.sort()).toEqual([broken, noCrs, ok1, utm].sort());
    const codes = result.problems.map((p) => `${p.file.split('/').pop()}:${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'broken.tif:unreadable',
        'nocrs.tif:no-crs',
        'utm.tif:crs-not-accepted',
        'ok1.tif:duplicate',
      ]),
    );
    expect(result.problems.every((p) => p.message.includes(`"${p.file}"`))).toBe(true);
    await Promise.all(result.sources.map((s) => s.close()));
  });
});
