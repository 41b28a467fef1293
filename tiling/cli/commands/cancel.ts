/**
 * `tiling cancel --queue redis://host:port --batch <id>`: stops a distributed batch. Its queued jobs
 * are removed, jobs running finish, the coordinator stops; `tiling resume` goes on later.
 */
import { DataError } from '../../core';
import type { Command } from '../command';
import { queueFlag } from './worker';

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'cancels a distributed batch (resume it later)',
  usage: `Usage: tiling cancel --queue redis://host:port --batch <id> [--json]

Removes the batch's queued jobs and marks it cancelled: running jobs finish, workers take no more
of its jobs, and its "tiling run --queue" stops. "tiling resume" goes on from there.

Options:
      --queue <url>   Redis of the batch (required)
      --batch <id>    the batch (required; "tiling status" lists them)
      --json          JSON output
  -h, --help          this help`,
  options: { queue: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const url = await queueFlag(values, 'cancel');
    const { cancelBatch, checkBatchId, createRedis, listBatches, waitForRedis } = await import(
      '../../engine/bullmq'
    );
    if (typeof values.batch !== 'string')
      throw new DataError('tiling cancel: --batch <id> is required ("tiling status" lists them).');
    const id = checkBatchId(values.batch);
    const redis = createRedis(url);
    try {
      await waitForRedis(redis, url);
      if (!(await listBatches(redis)).includes(id))
        throw new DataError(`tiling cancel: no batch "${id}" in ${url}.`);
      const removed = await cancelBatch(redis, id);
      if (values.json) console.log(JSON.stringify({ batch: id, state: 'cancelled', removedJobs: removed }));
      else
        console.log(
          `batch ${id} cancelled: ${removed} queued job(s) removed; "tiling resume --queue ${url} --batch ${id}" goes on.`,
        );
      return 0;
    } finally {
      await redis.quit().catch(() => {});
    }
  },
};
