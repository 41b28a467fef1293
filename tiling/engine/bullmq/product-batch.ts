/**
 * What every product's distributed batch shares (terrain, buildings, the 3D mesh; the ortho
 * pyramid has its own richer `ortho/batch.ts`): the coordinator engine of a plan written to an
 * output (`ProductBatch`: batch id from the plan's fingerprint and the output, registration with
 * the portable handler spec and the run record `tiling resume` needs, the state at the end), and
 * `resumeProductBatch`: a batch's product read from its record, its resumer found in the registry
 * (`PRODUCT_BATCHES`) and run; `runProductBatch` and `productResumer`, the frame every product's
 * `run…Batch` and resumer share. The engine names no product: the registry does.
 */
import { DataError } from '../../core';
import { writeReport } from '../../write';
import type { JobHandlerSpec } from '..';
import type { ProductName } from '../registry';
import { PRODUCT_BATCHES, productOfSpec, tilingModuleUrl } from '../registry';
import type { BatchJobOptions, BatchPlan, BatchRunRecord } from './batch';
import { BATCH_JOB_DEFAULTS, batchIdOf, checkBatchId, RedisBatch } from './batch';
import { createRedis, NAME, waitForRedis } from './connection';
import type { BullMqEngineOptions } from './engine';
import { BullMqJobEngine } from './engine';

/** The run record of a product's batch: its product and whatever it needs to run again alone. */
export interface ProductRunRecord extends BatchRunRecord {
  product: ProductName;
}

/** Where and how a product's batch runs (the CLI's --queue, --batch, --attempts). */
export interface DistributedRun {
  /** redis://host:port */
  url: string;
  /** Batch id; default: from the plan's fingerprint and the output. */
  batch?: string;
  /** Tries of a failing job before it is reported (3). */
  attempts?: number;
  engine?: Partial<Pick<BullMqEngineOptions, 'window' | 'pollMs'>>;
}

/** How a product's `run…Batch` is called: where it runs, progress lines on stderr, a stop signal. */
export type ProductRunOptions = DistributedRun & { progress: boolean; signal?: AbortSignal };

/** What `tiling resume` hands a product's resumer. */
export interface BatchResumeContext {
  url: string;
  batch: string;
  /** Progress lines on stderr (off with --json). */
  progress: boolean;
  signal?: AbortSignal;
}

/** How a product's batch ended: its report and the summary a technician reads. */
export interface BatchRunResult {
  batch: string;
  complete: boolean;
  summary: string;
  report: unknown;
}

/** Export of a product's batch module named in `PRODUCT_BATCHES`. */
export type BatchResumer = (ctx: BatchResumeContext) => Promise<BatchRunResult>;

/** A product's batch seen from its coordinator. */
export class ProductBatch {
  private constructor(
    readonly engine: BullMqJobEngine,
    readonly jobs: BatchJobOptions,
  ) {}

  get id(): string {
    return this.engine.batch.id;
  }

  /**
   * The coordinator of the plan `fingerprint` written to `out` (Redis reached, or a DataError).
   * @throws DataError on a bad batch id or no answer from Redis.
   */
  static async open(o: DistributedRun & { fingerprint: string; out: string }): Promise<ProductBatch> {
    const id = o.batch ? checkBatchId(o.batch) : batchIdOf(o.fingerprint, o.out);
    const jobs: BatchJobOptions = {
      ...BATCH_JOB_DEFAULTS,
      ...(o.attempts !== undefined ? { attempts: o.attempts } : {}),
    };
    const engine = new BullMqJobEngine({ url: o.url, batch: id, jobs, ...o.engine });
    try {
      await waitForRedis(engine.redis, o.url);
    } catch (e) {
      await engine.close();
      throw e;
    }
    return new ProductBatch(engine, jobs);
  }

  /** Registers the batch (idempotent; another plan under the same id is refused in words). */
  async register(plan: BatchPlan, spec: JobHandlerSpec, run: ProductRunRecord): Promise<void> {
    await this.engine.batch.register(plan, spec, run, this.jobs);
  }

  /** The line telling the technician to start workers (`what`: a detail before it, e.g. the job count). */
  announce(name: string, url: string, what?: string): void {
    console.error(
      `${name}: batch ${this.id} on ${url}: ${what ? `${what}; ` : ''}start "tiling worker --queue ${url}" on each machine`,
    );
  }

  async complete(): Promise<void> {
    await this.engine.batch.setState('complete');
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}

/** A registered batch's product, run record and job options. @throws DataError for an unknown batch. */
export async function readProductBatch<R extends BatchRunRecord = BatchRunRecord>(
  url: string,
  id: string,
): Promise<{ product: ProductName; run: R; jobs: BatchJobOptions }> {
  const redis = createRedis(url);
  try {
    await waitForRedis(redis, url);
    const batch = new RedisBatch(redis, checkBatchId(id));
    if (!(await batch.exists()))
      throw new DataError(`${NAME}: no batch "${id}" in ${url} ("tiling status --queue ${url}" lists them).`);
    const run = await batch.runOptions<R & { product?: ProductName }>();
    const product = run.product ?? productOfSpec(await batch.spec());
    if (product === null)
      throw new DataError(`${NAME}: batch "${id}" names a handler no product of this tiling registers.`);
    return { product, run, jobs: await batch.jobOptions() };
  } finally {
    await redis.quit().catch(() => {});
  }
}

/**
 * `tiling resume --batch <id>`: coordinates a batch of any product again, by its product's resumer.
 * @throws DataError for an unknown batch or a product that cannot be resumed.
 */
export async function resumeProductBatch(ctx: BatchResumeContext): Promise<BatchRunResult> {
  const { product } = await readProductBatch(ctx.url, ctx.batch);
  const entry = PRODUCT_BATCHES[product];
  if (!entry) throw new DataError(`${NAME}: batches of "${product}" cannot be resumed.`);
  const mod = (await import(tilingModuleUrl(entry.module))) as Record<string, unknown>;
  const resume = mod[entry.exportName] as BatchResumer | undefined;
  if (typeof resume !== 'function')
    throw new Error(`${NAME}: internal: ${entry.module} has no export "${entry.exportName}"`);
  return resume(ctx);
}

/**
 * A product's batch run to its end: the batch of `fingerprint` in `out` opened, `work` run on it
 * (the product's local runner with the batch's engine), the batch marked complete when the report
 * says so, closed in any case, the report written to `<out>/report.json`.
 */
export async function runProductBatch<Rep extends { complete: boolean }>(
  o: DistributedRun & { fingerprint: string; out: string },
  work: (batch: ProductBatch) => Promise<Rep>,
  summarize: (report: Rep, out: string) => string,
): Promise<BatchRunResult & { report: Rep }> {
  const batch = await ProductBatch.open(o);
  let report: Rep;
  try {
    report = await work(batch);
    if (report.complete) await batch.complete();
  } finally {
    await batch.close();
  }
  await writeReport(o.out, report);
  return { batch: batch.id, complete: report.complete, summary: summarize(report, o.out), report };
}

/** The resumer of a product (named in `PRODUCT_BATCHES`): its run record read, `run` called again. */
export function productResumer<R extends BatchRunRecord>(
  run: (record: R, o: ProductRunOptions) => Promise<BatchRunResult>,
): BatchResumer {
  return async (ctx) => {
    const { run: record, jobs } = await readProductBatch<R>(ctx.url, ctx.batch);
    return run(record, {
      url: ctx.url,
      batch: ctx.batch,
      attempts: jobs.attempts,
      progress: ctx.progress,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  };
}
