/**
 * `tiling status --queue redis://host:port [--batch id] [--json]`: progress per zoom, throughput per
 * worker, failures with their errors, ETA, for one batch or every batch in that Redis.
 */

import { DataError } from '../../core';
import type { Command } from '../command';
import { queueFlag } from './worker';

export const statusCommand: Command = {
  name: 'status',
  summary: 'progress, throughput, failures and ETA of distributed batches',
  usage: `Usage: tiling status --queue redis://host:port [--batch <id>] [--json]

Prints each batch's progress per zoom, throughput per worker, failed jobs with their errors and
the time left. --json prints the same as JSON (an array of batches) for scripts.

Options:
      --queue <url>   Redis of the batches (required)
      --batch <id>    only this batch
      --json          JSON output
  -h, --help          this help`,
  options: { queue: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const url = await queueFlag(values, 'status');
    const { batchStatus, createRedis, formatBatchStatus, listBatches, waitForRedis } = await import(
      '../../engine/bullmq'
    );
    const redis = createRedis(url);
    try {
      await waitForRedis(redis, url);
      const all = await listBatches(redis);
      const ids = typeof values.batch === 'string' ? [values.batch] : all;
      for (const id of ids) {
        if (!all.includes(id))
          throw new DataError(
            `tiling status: no batch "${id}" in ${url} (batches: ${all.join(', ') || 'none'}).`,
          );
      }
      const statuses = [];
      for (const id of ids) statuses.push(await batchStatus(redis, id));
      if (values.json) console.log(JSON.stringify(statuses, null, 2));
      else
        console.log(
          statuses.length === 0 ? `no batch in ${url}` : statuses.map(formatBatchStatus).join('\n\n'),
        );
      return 0;
    } finally {
      await redis.quit().catch(() => {});
    }
  },
};
