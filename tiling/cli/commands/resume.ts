/**
 * `tiling resume --queue redis://host:port --batch <id>`: coordinates a distributed batch again (after
 * a cancel, or when its "tiling run --queue" died) from what Redis holds. Also the coordinator part
 * of `tiling run --queue` (`runQueued`, the ortho product's batch, tiling/ortho/batch). Resume
 * dispatches by the batch's product through the engine's registry; loaded lazily with BullMQ.
 */
import { DataError } from '../../core';
import { whileInterruptible } from '../../engine';
import type { RunReport } from '../../ortho';
import { createProgressPrinter, formatSummary } from '../../ortho';
import type { BatchRunOptions, RunBatchOptions } from '../../ortho/batch';
import type { TilingPlan } from '../../plan';
import { isS3Url } from '../../storage';
import type { Command, CommandValues } from '../command';
import { intFlag, queueFlag } from './worker';

async function coordinate(
  values: CommandValues,
  start: (o: Omit<RunBatchOptions, 'url' | 'run'>) => Promise<{ batch: string; report: RunReport }>,
): Promise<number> {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = values.json ? null : createProgressPrinter(process.stderr);
  let result: { batch: string; report: RunReport };
  try {
    result = await start({
      jobs: { attempts: intFlag(values, 'attempts', 3, 1) },
      onStart: (i) =>
        console.error(
          `tiling: batch ${i.batch}: ${i.jobs} jobs${i.resumed > 0 ? `, ${i.resumed} already done` : ''}; start workers with "tiling worker --queue ${String(values.queue)}"`,
        ),
      ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
      signal: abort.signal,
    });
  } finally {
    progress?.end();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const { report, batch } = result;
  if (values.json) console.log(JSON.stringify({ batch, ...report }, null, 2));
  else console.log(`${formatSummary(report, report.complete ? `batch ${batch}` : `batch ${batch}`)}`);
  return report.complete ? 0 : 1;
}

/** `tiling run --queue ...`: the batch's coordinator (enqueues, follows, writes the metadata). */
export async function runQueued(
  values: CommandValues,
  plan: TilingPlan,
  run: Omit<BatchRunOptions, 's3Endpoint' | 'onError'>,
): Promise<number> {
  if (typeof values.queue !== 'string') {
    if (isS3Url(run.out))
      throw new DataError(
        'tiling run: --out s3://... needs --queue redis://host:port (the batch state lives in Redis).',
      );
  }
  const url = await queueFlag(values, 'run');
  const { checkBatchId } = await import('../../engine/bullmq');
  const { runBatch } = await import('../../ortho/batch');
  const s3Endpoint = typeof values['s3-endpoint'] === 'string' ? values['s3-endpoint'] : undefined;
  const pack = values.pack;
  if (pack !== undefined && pack !== 'pmtiles')
    throw new DataError(`tiling run: --pack must be pmtiles, got "${String(pack)}".`);
  if (pack !== undefined && run.packed)
    throw new DataError(
      'tiling run: --pack pmtiles and --packed cannot go together: --packed already writes archives (packs/); leave out --pack.',
    );
  return coordinate(values, (o) =>
    runBatch(plan, {
      ...o,
      url,
      ...(typeof values.batch === 'string' ? { batch: checkBatchId(values.batch) } : {}),
      run: {
        ...run,
        onError: plan.options.onError,
        ...(s3Endpoint ? { s3Endpoint } : {}),
        ...(pack ? { pack } : {}),
      },
    }),
  );
}

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'resumes a cancelled or interrupted distributed batch (any product)',
  usage: `Usage: tiling resume --queue redis://host:port --batch <id> [--json]

Coordinates the batch again from what Redis holds (its product, plan, output, options): jobs done
are kept, failed ones are tried again, the rest is enqueued. Workers keep running as they are.
Any product's batch: the imagery pyramid (tiling run --queue), the 3D mesh (--3d), terrain,
buildings and vector tiles (tiling terrain|buildings|vector --queue).

Options:
      --queue <url>   Redis of the batch (required)
      --batch <id>    the batch (required; "tiling status" lists them)
      --json          the final report as JSON
  -h, --help          this help`,
  options: { queue: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const url = await queueFlag(values, 'resume');
    const { checkBatchId, resumeProductBatch } = await import('../../engine/bullmq');
    if (typeof values.batch !== 'string')
      throw new DataError('tiling resume: --batch <id> is required ("tiling status" lists them).');
    const id = checkBatchId(values.batch);
    const r = await whileInterruptible((signal) =>
      resumeProductBatch({ url, batch: id, progress: values.json !== true, signal }),
    );
    if (values.json) console.log(JSON.stringify({ batch: r.batch, ...(r.report as object) }, null, 2));
    else console.log(r.summary);
    return r.complete ? 0 : 1;
  },
};
