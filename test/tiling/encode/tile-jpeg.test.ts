/**
 * The native/tile-jpeg addon (libjpeg-turbo, one call per batch of tiles): it is built by `npm ci`,
 * it gives the very bytes of sharp's JPEG (quality, optimised Huffman tables, 4:2:0) on tiles cut
 * from a real orthophoto, and a pyramid made with it is byte-identical to one made with sharp
 * alone (`TILING_JPEG_ENCODER=sharp`), its report naming which encoder ran.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTileJpeg } from '../../../tiling/ortho';
import { writeJpegDalles } from '../ortho/helpers';
import { snapshot } from '../snapshot';
import { makeTempDir } from '../source/helpers';

const CLI = process.env.TILING_CLI ?? 'tiling/cli/bin.ts';
/** A real 5 cm orthophoto extract (IGN, via ign-pdal-tools; ../shared/data/README.md). */
const ORTHO_DIR = join(__dirname, '../../../../shared/data/ortho-ign-pdal-tools');
const { dir: root, cleanup } = makeTempDir('tiling-tile-jpeg-');
afterAll(cleanup);

/**
 * 256 x 256 RGBA tiles of real orthophoto content: the three 252 px IGN extracts (RGB, IRC, COG),
 * resampled to 256 px, each as is, mirrored both ways and turned a quarter.
 */
async function realTiles(): Promise<Uint8Array[]> {
  const tiles: Uint8Array[] = [];
  for (const name of ['test_data_rgb.tif', 'test_data_irc.tif', 'test_data_rgb_cog_derived.tif']) {
    const input = readFileSync(join(ORTHO_DIR, name));
    for (const turn of [
      (s: Sharp) => s,
      (s: Sharp) => s.flip(),
      (s: Sharp) => s.flop(),
      (s: Sharp) => s.rotate(90),
    ]) {
      const raw = await turn(sharp(input)).resize(256, 256).ensureAlpha().raw().toBuffer();
      tiles.push(new Uint8Array(raw));
    }
  }
  return tiles;
}

describe('tile-jpeg batch encoder', () => {
  it('is built by npm ci and loads', async () => {
    const loaded = await loadTileJpeg();
    expect(loaded.reason, 'native/tile-jpeg did not load: is libjpeg62-turbo-dev installed?').toBeUndefined();
    expect(typeof loaded.encode).toBe('function');
  });

  it("gives sharp's bytes on real orthophoto tiles, at two qualities, with and without optimised coding", async () => {
    const { encode } = await loadTileJpeg();
    if (!encode) throw new Error('tile-jpeg is not built');
    const tiles = await realTiles();
    expect(tiles).toHaveLength(12);
    expect(tiles.every((t) => t.length === 256 * 256 * 4)).toBe(true);
    for (const [quality, optimize] of [
      [85, true],
      [85, false],
      [70, true],
    ] as const) {
      const ours = await encode(tiles, 256, 256, quality, optimize);
      expect(ours).toHaveLength(tiles.length);
      for (const [i, t] of tiles.entries()) {
        const theirs = await sharp(t, { raw: { width: 256, height: 256, channels: 4 } })
          .removeAlpha()
          .jpeg({ quality, optimiseCoding: optimize, chromaSubsampling: '4:2:0' })
          .toBuffer();
        const mine = Buffer.from(ours[i] as Uint8Array);
        expect(mine.equals(theirs), `tile ${i}, q${quality}, optimise ${optimize}`).toBe(true);
      }
    }
  });

  it('a batch of tiles of another size or an empty batch: a clear error, or nothing', async () => {
    const { encode } = await loadTileJpeg();
    if (!encode) throw new Error('tile-jpeg is not built');
    expect(await encode([], 256, 256, 85, true)).toEqual([]);
    await expect(
      Promise.resolve().then(() => encode([new Uint8Array(100)], 256, 256, 85, true)),
    ).rejects.toThrow(/tile 0 is not a Uint8Array of 262144 RGBA bytes/);
  });

  it('a pyramid made with tile-jpeg is byte-identical to one made with sharp alone, and its report says which', async () => {
    const dalles = join(root, 'dalles');
    await writeJpegDalles({
      dir: dalles,
      scratch: root,
      cols: 2,
      rows: 1,
      size: 800,
      name: (c, r) => `d_${c}_${r}`,
    });
    const run = (name: string, env: NodeJS.ProcessEnv) => {
      const out = join(root, name, 'ortho');
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', CLI, 'run', dalles, '--out', out, '--workers', '1', '--min-zoom', '17'],
        { encoding: 'utf8', env: { ...process.env, ...env } },
      );
      expect(r.status, r.stderr).toBe(0);
      return { out, stdout: r.stdout, report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) };
    };
    const fast = run('tile-jpeg', { TILING_JPEG_ENCODER: '' });
    const plain = run('sharp', { TILING_JPEG_ENCODER: 'sharp' });
    expect(fast.report.jpegEncoders).toEqual(['tile-jpeg']);
    expect(plain.report.jpegEncoders).toEqual(['sharp']);
    expect(fast.stdout).toMatch(/JPEG tiles encoded by tile-jpeg/);
    const a = snapshot(fast.out);
    const b = snapshot(plain.out);
    expect(a.size).toBeGreaterThan(20);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    const differ = [...a].filter(([k, v]) => !v.equals(b.get(k) as Buffer)).map(([k]) => k);
    expect(differ).toEqual([]);
  }, 120_000);
});
