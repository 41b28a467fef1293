/**
 * Same seed, same bytes (every file, dalles included); another seed, another layout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSample } from '../../../tiling/sample';
import { hashTree } from './helpers';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'sample-det-'));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('sample determinism', () => {
  it('the same seed gives identical bytes for every file; another seed changes every layer', async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    // One run on worker threads and one on the main thread: the result must not depend on it.
    await writeSample({ outDir: a, sizeMetres: 200, seed: 5, workers: 2 });
    await writeSample({ outDir: b, sizeMetres: 200, seed: 5, workers: 0 });
    await writeSample({ outDir: c, sizeMetres: 200, seed: 6, workers: 2 });
    const ha = hashTree(a);
    const hb = hashTree(b);
    const hc = hashTree(c);
    expect([...ha.keys()]).toEqual([
      'buildings/batiment-2021.geojson',
      'buildings/batiment-2024.geojson',
      'changes/changes-2021-2024.geojson',
      'dem/RGEALTI_0708_7058_MNT_LAMB93_IGN69.tif',
      'dsm/2021/MNS_0708_7058_LAMB93_IGN69.tif',
      'dsm/2024/MNS_0708_7058_LAMB93_IGN69.tif',
      'ocs2d/ocs2d-2021.geojson',
      'ocs2d/ocs2d-2024.geojson',
      'ortho/2021/2021-07080-70580-LA93-0M05-RVB.tif',
      'ortho/2024/2024-07080-70580-LA93-0M05-RVB.tif',
      'sample.json',
    ]);
    expect(hb).toEqual(ha);
    expect([...hc.keys()]).toEqual([...ha.keys()]);
    for (const [path, hash] of ha) expect(hc.get(path), path).not.toBe(hash);
  });
});
