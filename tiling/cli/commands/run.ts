/**
 * `tiling run <dalles or dirs...> --out <dir>`: builds the WebMercatorQuad pyramid with all cores,
 * resumable: a run after a crash or kill -9 skips the jobs its manifest lists, and the result is
 * byte-identical to an uninterrupted run. Ends with a summary and `<out>/report.json`.
 * Parses the flags and calls the ortho product (tiling/ortho: `runOrtho`, or its batch with --queue),
 * then the 3D product with --3d.
 */
import { LocalJobEngine } from '../../engine';
import type { RunReport } from '../../ortho';
import { createProgressPrinter, formatSummary, runOrtho } from '../../ortho';
import { estimatePlan, formatPlan } from '../../plan';
import { isS3Url } from '../../storage';
import { check3dFlags, run3dFromFlags, TILES3D_FLAGS, TILES3D_USAGE } from '../../tiles3d/cli';
import type { Command } from '../command';
import { calibrate, parseTilingFlags, planFromFlags, TILING_FLAGS } from './plan';

export const runCommand: Command = {
  name: 'run',
  summary: 'builds the imagery pyramid; resumable after a crash',
  usage: `Usage: tiling run <dalles, folders or .txt lists...> --out <dir> [options]

Builds the WebMercatorQuad pyramid {z}/{x}/{y}.jpg of the dalles, with tilejson.json and
WMTSCapabilities.xml, using all cores. Run the same command again after a crash or kill -9: it
resumes where it stopped and the result is the same, byte for byte.

Options:
  -o, --out <dir>        output folder (required)
      --min-zoom <z>     coarsest zoom (default: deepest zoom where the data fits in 4 tiles)
      --max-zoom <z>     finest zoom (default: from the pixel size; 5 cm -> 21)
  -j, --workers <n>      worker threads (default: all cores; 0 = in the main thread)
      --on-error <m>     stop (default) or skip: a bad dalle stops the run, or is left out and listed
      --format <f>       jpeg (default; PNG for partly transparent edge tiles), webp or png
      --quality <q>      JPEG/WebP quality 1-100 (default 85)
      --bands <r,g,b>    1-based bands read as red, green, blue (default 1,2,3; 4,1,2 = infrared)
      --crs <epsg>       CRS assumed for dalles whose GeoTIFF has none (2154, or 3942..3950)
      --uint16 <m>       16-bit dalles: reject (default) or scale them to 8 bits
      --uint16-range <min,max>  16-bit values mapped to 0 and 255 with --uint16 scale (default 0,65535)
      --job-span <k>     zoom levels per job (default 3: 8x8 base tiles)
      --base-url <url>   absolute URL of <dir>/ for WMTSCapabilities.xml and tilejson.json
      --name <text>      layer name (default: the output folder's name)
      --attribution <t>  attribution text
      --dry-run          plan only: print the plan and write the job list, no tiles
      --queue <url>      distributed: enqueue on Redis (redis://host:port) for "tiling worker"s; this
                         process coordinates (tiling status|cancel|resume); see README "Scale-out mode"
      --batch <id>       batch id with --queue (default: from the plan and the output)
      --s3-endpoint <u>  S3-compatible endpoint for --out s3://bucket/prefix (credentials: AWS_* env)
      --attempts <n>     with --queue: tries of a failing job before it is reported (3)
      --pack pmtiles     with --queue: also pack the finished pyramid into <out>/pyramid.pmtiles (v3)
                         (--3d with --queue: the mesh jobs run as a second batch on the workers)
      --packed           each job writes its tiles as one archive <out>/packs/<z>/<x>/<y>.pmtiles
                         (thousands of objects per vintage, not millions); the server answers the
                         same {z}/{x}/{y} URLs from them (docs/packed.md)
${TILES3D_USAGE}
  -h, --help             this help`,
  options: {
    ...TILING_FLAGS,
    'base-url': { type: 'string' },
    name: { type: 'string' },
    attribution: { type: 'string' },
    'dry-run': { type: 'boolean' },
    ...TILES3D_FLAGS,
    queue: { type: 'string' },
    batch: { type: 'string' },
    's3-endpoint': { type: 'string' },
    attempts: { type: 'string' },
    pack: { type: 'string' },
    packed: { type: 'boolean' },
  },
  async run(values, positionals) {
    const flags = parseTilingFlags('run', values, positionals);
    check3dFlags(values);
    const { plan, warnings } = await planFromFlags(flags);
    if (warnings) console.error(warnings);
    if (values['dry-run']) {
      const calibration = await calibrate(plan);
      console.log(formatPlan(plan, calibration ? estimatePlan(plan, calibration, flags.workers) : undefined));
      return 0;
    }
    const baseUrlFlag = typeof values['base-url'] === 'string' ? values['base-url'] : '';
    const baseUrl = baseUrlFlag && !baseUrlFlag.endsWith('/') ? `${baseUrlFlag}/` : baseUrlFlag;
    const name =
      typeof values.name === 'string'
        ? values.name
        : (flags.out.split(/[\\/]/).filter(Boolean).pop() ?? 'ortho');
    const attribution = typeof values.attribution === 'string' ? values.attribution : '';
    if (typeof values.queue === 'string' || isS3Url(flags.out)) {
      const code = await (await import('./resume')).runQueued(values, plan, {
        out: flags.out,
        name,
        attribution,
        baseUrl,
        ...(values.packed === true ? { packed: true } : {}),
      });
      // --3d --queue: the mesh stage is a second batch, on the same workers.
      if (code !== 0 || values['3d'] !== true) return code;
      return run3dFromFlags(values, plan, flags.out, flags.workers);
    }

    // Workers kept for the 3D stage (no second start-up); closed below in every case.
    const engine = new LocalJobEngine({ workers: flags.workers, keepWorkers: values['3d'] === true });
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = createProgressPrinter(process.stderr);
    let report: RunReport;
    let keepFor3d = false;
    try {
      report = await runOrtho(plan, {
        out: flags.out,
        engine,
        name,
        attribution,
        baseUrl,
        packed: values.packed === true,
        onStart: ({ resumed }) =>
          console.error(
            `tiling: ${plan.jobs.length} jobs, ${plan.totalTiles} tiles planned, zooms ${plan.options.minZoom}..${plan.options.maxZoom}, ${engine.concurrency} worker(s)${resumed > 0 ? `, resuming (${resumed} jobs already done)` : ''}`,
          ),
        onProgress: (p) => progress.update(p),
        signal: abort.signal,
      });
      keepFor3d = report.complete && values['3d'] === true;
    } finally {
      progress.end();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (!keepFor3d) await engine.close();
    }
    console.log(formatSummary(report, flags.out));
    if (report.complete && values['3d'] === true) {
      try {
        return await run3dFromFlags(values, plan, flags.out, flags.workers, engine);
      } finally {
        await engine.close();
      }
    }
    return report.complete ? 0 : 1;
  },
};
