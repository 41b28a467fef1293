/**
 * `tiling sample`: writes the synthetic sample twin (see docs/sample.md).
 */

import { DataError } from '../../core';
import { MAX_SIZE_METRES, NAME, SAMPLE_DEFAULTS, validateSampleOptions, writeSample } from '../../sample';
import type { Command } from '../command';

const USAGE = `Usage: tiling sample --out <dir> [--size-m ${SAMPLE_DEFAULTS.sizeMetres}] [--seed ${SAMPLE_DEFAULTS.seed}] [--workers N]

Writes a deterministic synthetic area near Lille (Lambert-93, north-west corner 708000 7058000):
  <dir>/ortho/<year>/*.tif   PCRS-like dalles 200 m, 5 cm, RGB, tiled JPEG GeoTIFF, 2021 and 2024
  <dir>/dem/*.tif            1 m DEM (Float32, NGF-IGN69), one file per km, RGE ALTI names
  <dir>/ocs2d/ocs2d-<year>.geojson          OCS2D polygons (real CS/US codes), EPSG:2154
  <dir>/changes/changes-2021-2024.geojson   AI-style change detections, EPSG:2154
  <dir>/buildings/batiment-<year>.geojson   BD TOPO-like building footprints (the painted roofs)
  <dir>/dsm/<year>/*.tif     1 m DSM (MNS) per vintage: the DEM + the buildings + noise
  <dir>/sample.json          manifest (written last)

Options:
  --out <dir>     output folder (created; existing sample files are replaced)
  --size-m <m>    side of the area in metres, a multiple of 200 up to ${MAX_SIZE_METRES} (default ${SAMPLE_DEFAULTS.sizeMetres})
  --seed <n>      seed, 0..4294967295 (default ${SAMPLE_DEFAULTS.seed}); same seed, same bytes
  --workers <n>   paint threads (default: number of cores; 0 = main thread)`;

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** The `tiling sample` command. */
export const sampleCommand: Command = {
  name: 'sample',
  summary: 'write the synthetic sample twin (dalles 2021/2024, DEM, OCS2D, changes)',
  usage: USAGE,
  options: {
    out: { type: 'string' },
    'size-m': { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
  },
  async run(values) {
    const problems: string[] = [];
    const out = values.out;
    if (typeof out !== 'string' || out.length === 0)
      problems.push('--out <dir> is required (the folder to write the sample into).');
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64))
      problems.push(`--workers must be an integer from 0 to 64, got "${String(values.workers)}".`);
    try {
      validateSampleOptions({ sizeMetres: values['size-m'], seed: values.seed });
    } catch (e) {
      if (e instanceof DataError) problems.push(...e.problems);
      else throw e;
    }
    if (problems.length > 0) throw new DataError(`${NAME}: invalid options; nothing was written.`, problems);
    const outDir = out as string;
    const sizeMetres = values['size-m'] === undefined ? undefined : Number(values['size-m']);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    let lastShown = 0;
    const result = await writeSample({
      outDir,
      ...(sizeMetres === undefined ? {} : { sizeMetres }),
      ...(seed === undefined ? {} : { seed }),
      ...(workers === undefined ? {} : { workers }),
      onDalle: (done, total) => {
        if (done === total || done - lastShown >= Math.max(5, Math.ceil(total / 10))) {
          lastShown = done;
          console.error(`${NAME}: ${done}/${total} dalles`);
        }
      },
    });
    const m = result.manifest;
    const byKind = (prefix: string): { n: number; bytes: number } => {
      const f = result.files.filter((x) => x.path.startsWith(prefix));
      return { n: f.length, bytes: f.reduce((s, x) => s + x.bytes, 0) };
    };
    const o = byKind('ortho/');
    const d = byKind('dem/');
    const v = byKind('ocs2d/');
    const c = byKind('changes/');
    const b = byKind('buildings/');
    const s = byKind('dsm/');
    console.log(
      [
        `${NAME}: wrote ${result.files.length} files, ${mib(result.totalBytes)}, to ${outDir} in ${(result.milliseconds / 1000).toFixed(1)} s (${result.workers} worker${result.workers === 1 ? '' : 's'})`,
        `  area     ${m.sizeMetres} m x ${m.sizeMetres} m, seed ${m.seed}, EPSG:2154 [${m.extent.lambert93.join(', ')}]`,
        `  ortho    ${o.n} dalles (${m.vintages.join(', ')}), ${mib(o.bytes)}`,
        `  dem      ${d.n} file${d.n === 1 ? '' : 's'}, ${mib(d.bytes)}`,
        `  ocs2d    ${v.n} layers, ${mib(v.bytes)}`,
        `  changes  ${c.n} layer, ${mib(c.bytes)}`,
        `  buildings ${b.n} layers (BD TOPO-like footprints), ${mib(b.bytes)}`,
        `  dsm      ${s.n} files (one per km and vintage), ${mib(s.bytes)}`,
      ].join('\n'),
    );
    return 0;
  },
};
