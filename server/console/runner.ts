/**
 * The console's batches: plans, launches and controls tiling work by running the tiling command
 * line as child processes (the server never imports the tiling): `tiling plan --json` for the
 * estimate; `tiling run --queue --batch <id>` (the coordinator) and N `tiling worker`s for a
 * distributed batch, or one local `tiling run`; `tiling cancel` / `tiling resume` for the controls.
 * It keeps what it launched in `<out root>/.console/batches.json` and reads each batch's state from
 * Redis (format/node/batch-reader.ts) or, for local runs, from the output folder
 * (format/node/local-run-reader.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { BatchDalle, BatchState, BatchStatus, DalleJob } from '../../format/batch-status';
import {
  type ConsoleBatch,
  type ConsoleOptions,
  type ConsoleProcess,
  type LaunchRequestSchema,
  type PlanEstimate,
  PlanEstimateSchema,
  type PlanRequestSchema,
} from '../../format/console-api';
import {
  listBatchIds,
  readBatchDalles,
  readBatchStatus,
  readDalleJobs,
  readDallesAt,
} from '../../format/node/batch-reader';
import { readLocalRun } from '../../format/node/local-run-reader';
import { type InputRoot, isInside, resolveInput } from './roots';

/** How the console runs the tiling. */
export interface ConsoleConfig {
  /** redis://host:port of distributed batches; null: local runs only. */
  queueUrl: string | null;
  roots: InputRoot[];
  /** Where batches write (one folder each); inside the twin folder for the preview. */
  outRoot: string;
  twinDir: string;
  /** The tiling command line's entry (tiling/cli/bin.ts), run with `node --import tsx`. */
  tilingCli: string;
  /** `tiling worker --lock-ms` / `--stalled-ms` (how soon a dead worker's job runs elsewhere). */
  lockMs: number;
  stalledMs: number;
  /** Workers per batch at most. */
  maxWorkers: number;
}

/** A refusal of an action in words, with its HTTP status (400 bad input, 404, 409 conflict). */
export class ConsoleError extends Error {
  override name = 'ConsoleError';
  constructor(
    readonly statusCode: 400 | 404 | 409 | 503,
    message: string,
  ) {
    super(message);
  }
}

/** What the server keeps of a batch it launched. */
interface BatchRecord {
  id: string;
  mode: 'queue' | 'local';
  product: string;
  vintage: string;
  output: string;
  inputs: string[];
  options: ConsoleOptions;
  workers: number;
  out: string;
  created: string;
  /** Local runs: the state when no process runs (queue batches: Redis says). */
  state?: BatchState;
  /** The last process's error when it failed before or outside a job (bad input...). */
  failure?: string;
}

interface Proc {
  role: ConsoleProcess['role'];
  name: string;
  child: ChildProcess;
  exitCode: number | null;
  tail: string;
}

/** `tiling run|plan` flags of the console's options. */
export function optionFlags(o: ConsoleOptions): string[] {
  const f: string[] = [];
  if (o.minZoom !== undefined) f.push('--min-zoom', String(o.minZoom));
  if (o.maxZoom !== undefined) f.push('--max-zoom', String(o.maxZoom));
  if (o.format !== undefined) f.push('--format', o.format);
  if (o.quality !== undefined) f.push('--quality', String(o.quality));
  if (o.jobSpan !== undefined) f.push('--job-span', String(o.jobSpan));
  if (o.onError !== undefined) f.push('--on-error', o.onError);
  return f;
}

/** The last line(s) a command printed on error, without the progress lines. */
function lastError(text: string): string {
  const lines = text
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l && !/^tiling worker|^\[|^tiling: batch|jobs? \d+\/\d+|\d+%/.test(l));
  return lines.slice(-6).join('\n');
}

export class ConsoleRunner {
  private readonly records = new Map<string, BatchRecord>();
  private readonly procs = new Map<string, Proc[]>();
  private readonly file: string;
  /** Called when a local run or a process changed (distributed batches also publish in Redis). */
  onChange: (batch: string) => void = () => {};

  constructor(
    readonly config: ConsoleConfig,
    readonly redis: Redis | null,
  ) {
    this.file = join(config.outRoot, '.console', 'batches.json');
    if (existsSync(this.file)) {
      for (const r of JSON.parse(readFileSync(this.file, 'utf8')) as BatchRecord[]) {
        // A local run whose server stopped is not running any more.
        if (r.mode === 'local' && r.state === 'running') r.state = 'stopped';
        this.records.set(r.id, r);
      }
    }
  }

  private save(): void {
    mkdirSync(join(this.config.outRoot, '.console'), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify([...this.records.values()], null, 2)}\n`);
    renameSync(tmp, this.file);
  }

  private start(id: string, role: Proc['role'], name: string, args: string[]): Proc {
    const child = spawn(process.execPath, ['--import', 'tsx', this.config.tilingCli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    const proc: Proc = { role, name, child, exitCode: null, tail: '' };
    const keep = (d: Buffer) => {
      proc.tail = (proc.tail + d.toString()).slice(-8000);
      if (role === 'local') this.onChange(id);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      proc.exitCode = code ?? (signal ? 128 : 1);
      this.exited(id, proc, signal);
    });
    const list = this.procs.get(id) ?? [];
    list.push(proc);
    this.procs.set(id, list);
    return proc;
  }

  private exited(id: string, proc: Proc, signal: NodeJS.Signals | null): void {
    const r = this.records.get(id);
    if (r && (proc.role === 'coordinator' || proc.role === 'local')) {
      // The batch's coordinator ended: its workers finish the job in hand and stop.
      for (const p of this.procs.get(id) ?? [])
        if (p.role === 'worker' && p.exitCode === null) p.child.kill('SIGTERM');
      if (proc.exitCode !== 0 && r.state !== 'cancelled') {
        const err = lastError(proc.tail);
        if (err) r.failure = err;
      } else if (proc.exitCode === 0) {
        delete r.failure;
      }
      if (r.mode === 'local') {
        if (r.state !== 'cancelled')
          r.state = proc.exitCode === 0 ? 'complete' : signal ? 'cancelled' : 'stopped';
      }
      this.save();
    }
    this.onChange(id);
  }

  private running(id: string, role?: Proc['role']): Proc[] {
    return (this.procs.get(id) ?? []).filter((p) => p.exitCode === null && (!role || p.role === role));
  }

  private inputsOf(req: { inputs: z.infer<typeof PlanRequestSchema>['inputs'] }): string[] {
    return req.inputs.map((i) => resolveInput(this.config.roots, i));
  }

  /** Runs a command to its end; resolves with its exit code and output. */
  private runToEnd(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', this.config.tilingCli, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('exit', (code) => done({ code: code ?? 1, stdout, stderr }));
    });
  }

  /**
   * The estimate of `tiling plan` for these inputs and options (a calibration run included).
   * @throws ConsoleError 400 with the tiling's words when the inputs cannot be planned.
   */
  async plan(req: z.infer<typeof PlanRequestSchema>): Promise<PlanEstimate> {
    if (req.product !== 'ortho')
      throw new ConsoleError(
        409,
        `the console plans and launches the ortho product only for now; run "tiling ${req.product}" from the command line`,
      );
    const inputs = this.inputsOf(req);
    const dir = join(this.config.outRoot, '.console', 'plans', `${process.pid}-${Date.now()}`);
    try {
      const r = await this.runToEnd([
        'plan',
        ...inputs,
        '--out',
        dir,
        '--json',
        '--workers',
        String(req.workers),
        ...optionFlags(req.options),
      ]);
      if (r.code !== 0)
        throw new ConsoleError(400, lastError(r.stderr) || `tiling plan exited with ${r.code}`);
      const line = r.stdout.trim().split('\n').pop() ?? '';
      return PlanEstimateSchema.parse(JSON.parse(line));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * Launches a batch: a distributed one (coordinator + workers) or a local run.
   * @throws ConsoleError 409 when the output is taken or no Redis is configured, 400 on bad inputs.
   */
  launch(req: z.infer<typeof LaunchRequestSchema>): ConsoleBatchRecordView {
    if (req.product !== 'ortho')
      throw new ConsoleError(
        409,
        `the console launches the ortho product only for now; run "tiling ${req.product}" from the command line`,
      );
    if (req.mode === 'queue' && !this.redis)
      throw new ConsoleError(
        409,
        'no Redis is configured for distributed batches: start the server with --queue redis://host:port, or choose a local run',
      );
    if (req.workers > this.config.maxWorkers)
      throw new ConsoleError(
        400,
        `workers must be at most ${this.config.maxWorkers} on this server, got ${req.workers}`,
      );
    const inputs = this.inputsOf(req);
    const id = `c-${req.output}`;
    const out = join(this.config.outRoot, req.output);
    if (this.records.has(id) || existsSync(out))
      throw new ConsoleError(
        409,
        `the output "${req.output}" is taken (${out} exists): choose another name; a batch never writes over another`,
      );
    const record: BatchRecord = {
      id,
      mode: req.mode,
      product: req.product,
      vintage: req.vintage,
      output: req.output,
      inputs,
      options: req.options,
      workers: req.workers,
      out,
      created: new Date().toISOString(),
      ...(req.mode === 'local' ? { state: 'running' as const } : {}),
    };
    this.records.set(id, record);
    this.save();
    this.startWork(record, 'run');
    return { id };
  }

  private startWork(r: BatchRecord, how: 'run' | 'resume'): void {
    delete r.failure;
    const flags = [...optionFlags(r.options), '--name', r.output];
    if (r.mode === 'local') {
      r.state = 'running';
      this.save();
      this.start(r.id, 'local', 'tiling run', [
        'run',
        ...r.inputs,
        '--out',
        r.out,
        '--workers',
        String(r.workers),
        ...flags,
      ]);
      return;
    }
    const url = this.config.queueUrl as string;
    if (how === 'run')
      this.start(r.id, 'coordinator', 'tiling run --queue', [
        'run',
        ...r.inputs,
        '--out',
        r.out,
        '--queue',
        url,
        '--batch',
        r.id,
        ...flags,
      ]);
    else this.start(r.id, 'coordinator', 'tiling resume', ['resume', '--queue', url, '--batch', r.id]);
    const n = (this.procs.get(r.id) ?? []).filter((p) => p.role === 'worker').length;
    for (let k = 0; k < r.workers; k++) {
      const name = `${r.id}-w${n + k + 1}`;
      this.start(r.id, 'worker', name, [
        'worker',
        '--queue',
        url,
        '--name',
        name,
        '--lock-ms',
        String(this.config.lockMs),
        '--stalled-ms',
        String(this.config.stalledMs),
        '--quiet',
      ]);
    }
  }

  /** Cancels a running batch: queued jobs removed, running ones finish; resume goes on. */
  async cancel(id: string): Promise<void> {
    const r = this.recordOrForeign(id);
    const status = await this.statusOf(r);
    if (status.state !== 'running' && status.state !== 'registered')
      throw new ConsoleError(
        409,
        `batch "${id}" is ${status.state}, not running: there is nothing to cancel`,
      );
    if (r.mode === 'local') {
      r.state = 'cancelled';
      this.save();
      for (const p of this.running(id)) p.child.kill('SIGTERM');
      this.onChange(id);
      return;
    }
    const c = await this.runToEnd([
      'cancel',
      '--queue',
      this.config.queueUrl as string,
      '--batch',
      id,
      '--json',
    ]);
    if (c.code !== 0)
      throw new ConsoleError(409, lastError(c.stderr) || `tiling cancel exited with ${c.code}`);
    this.onChange(id);
  }

  /**
   * Resumes a cancelled or stopped batch (`retry` too: its failed jobs are tried again).
   * @throws ConsoleError 409 when it is running, complete, or (retry) has no failed job.
   */
  async resume(id: string, retry = false): Promise<void> {
    const r = this.recordOrForeign(id);
    if (this.running(id, r.mode === 'local' ? 'local' : 'coordinator').length > 0)
      throw new ConsoleError(409, `batch "${id}" is running: cancel it first, or wait for it to end`);
    const status = await this.statusOf(r);
    if (status.state === 'complete')
      throw new ConsoleError(409, `batch "${id}" is complete: nothing to resume`);
    if (retry && status.failures.length === 0 && !r.failure)
      throw new ConsoleError(409, `batch "${id}" has no failed job to retry`);
    if (!retry && status.state === 'stopped' && status.failures.length > 0)
      throw new ConsoleError(
        409,
        `batch "${id}" stopped on ${status.failures.length} failed job(s): fix the cause, then "retry failed"`,
      );
    if (r.mode === 'queue' && status.state === 'registered' && status.jobs.total === 0) {
      // Stopped before its plan was registered (bad inputs): run the whole command again.
      this.startWork(r, 'run');
    } else this.startWork(r, 'resume');
    this.onChange(id);
  }

  private recordOrForeign(id: string): BatchRecord {
    const r = this.records.get(id);
    if (r) return r;
    throw new ConsoleError(
      409,
      `batch "${id}" was not launched from this console: control it from the command line (tiling cancel|resume --batch ${id})`,
    );
  }

  private async statusOf(r: BatchRecord): Promise<BatchStatus> {
    if (r.mode === 'local') {
      const running = this.running(r.id, 'local').length > 0;
      const state: BatchState = running ? 'running' : (r.state ?? 'stopped');
      const run = readLocalRun(r.id, r.out, state, state === 'running' ? undefined : r.failure);
      return run?.status ?? this.emptyStatus(r, state);
    }
    const s = await readBatchStatus(this.redis as Redis, r.id);
    if (s.jobs.total === 0 && this.running(r.id, 'coordinator').length === 0 && r.failure) {
      s.state = 'stopped';
    }
    if (r.failure && s.failures.length === 0)
      s.failures = [{ job: '-', message: r.failure, attempts: 1, at: r.created }];
    return s;
  }

  private emptyStatus(r: BatchRecord, state: BatchState | 'registered'): BatchStatus {
    return {
      batch: r.id,
      state: state === 'running' ? 'registered' : state,
      out: r.out,
      fingerprint: '',
      created: r.created,
      jobs: { total: 0, done: 0, failed: 0, active: 0, remaining: 0 },
      tiles: { planned: 0, plannedDone: 0, written: 0, bytes: 0 },
      progress: 0,
      zooms: [],
      workers: [],
      failures: r.failure ? [{ job: '-', message: r.failure, attempts: 1, at: r.created }] : [],
      tilesPerSecond: 0,
      etaSeconds: null,
      product: r.product,
    };
  }

  /** URL under /twin/ of a folder inside the twin folder, or null. */
  private twinUrl(dir: string): string | null {
    const twin = resolve(this.config.twinDir);
    if (!isInside(twin, resolve(dir))) return null;
    const rel = relative(twin, resolve(dir)).split(sep).join('/');
    return `/twin/${rel}${rel ? '/' : ''}`;
  }

  /** The published pyramid of the vintage, or of the latest earlier one (`<twin>/<year>/ortho`). */
  private publishedUrl(vintage: string | null): string | null {
    if (!vintage) return null;
    const twin = resolve(this.config.twinDir);
    let years: string[] = [];
    try {
      years = readdirSync(twin).filter((y) => /^\d{4}$/.test(y) && y <= vintage);
    } catch {
      return null;
    }
    for (const y of years.sort().reverse())
      if (existsSync(join(twin, y, 'ortho', 'tilejson.json'))) return `/twin/${y}/ortho/`;
    return null;
  }

  private processes(id: string): ConsoleProcess[] {
    return (this.procs.get(id) ?? []).map((p) => ({
      role: p.role,
      name: p.name,
      pid: p.child.pid ?? 0,
      running: p.exitCode === null,
      exitCode: p.exitCode,
    }));
  }

  /** One batch's line (launched here, or found in Redis), or null. */
  async batch(id: string): Promise<ConsoleBatch | null> {
    const r = this.records.get(id);
    if (r) {
      const status = await this.statusOf(r);
      return {
        id,
        mode: r.mode,
        product: status.product ?? r.product,
        vintage: r.vintage,
        out: r.out,
        outUrl: this.twinUrl(r.out),
        publishedUrl: this.publishedUrl(r.vintage),
        status,
        launched: true,
        processes: this.processes(id),
      };
    }
    if (!this.redis || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
    const status = await readBatchStatus(this.redis, id);
    if (status.fingerprint === '' && status.jobs.total === 0) return null;
    const vintage = /[\\/](\d{4})[\\/]/.exec(status.out)?.[1] ?? null;
    return {
      id,
      mode: 'queue',
      product: status.product ?? 'ortho',
      vintage,
      out: status.out,
      outUrl: this.twinUrl(status.out),
      publishedUrl: this.publishedUrl(vintage),
      status,
      launched: false,
      processes: [],
    };
  }

  /** Every batch: launched here (newest first), then the others registered in Redis. */
  async list(): Promise<ConsoleBatch[]> {
    const ids = [...this.records.values()]
      .sort((a, b) => b.created.localeCompare(a.created))
      .map((r) => r.id);
    if (this.redis) for (const id of await listBatchIds(this.redis)) if (!ids.includes(id)) ids.push(id);
    const out: ConsoleBatch[] = [];
    for (const id of ids) {
      const b = await this.batch(id);
      if (b) out.push(b);
    }
    return out;
  }

  /** A page of a batch's dalles (all of them for a local run). */
  async dalles(id: string, offset: number, limit: number): Promise<{ total: number; dalles: BatchDalle[] }> {
    const r = this.records.get(id);
    if (r?.mode === 'local') {
      const run = readLocalRun(id, r.out, 'running');
      const all = run?.dalles ?? [];
      return { total: all.length, dalles: all.slice(offset, offset + limit) };
    }
    if (!this.redis) throw new ConsoleError(404, `no batch "${id}"`);
    return readBatchDalles(this.redis, id, { offset, limit });
  }

  /** The dalles of given indexes (what a change touched). */
  async dallesAt(id: string, indexes: number[]): Promise<BatchDalle[]> {
    const r = this.records.get(id);
    if (r?.mode === 'local') return (await this.dalles(id, 0, 100_000)).dalles;
    if (!this.redis) return [];
    return readDallesAt(this.redis, id, indexes);
  }

  /** One dalle and its jobs. */
  async dalleJobs(id: string, index: number): Promise<{ name: string; jobs: DalleJob[] }> {
    const r = this.records.get(id);
    if (r?.mode === 'local') {
      const run = readLocalRun(id, r.out, 'running');
      const d = run?.dalles.find((x) => x.index === index);
      if (!run || !d) throw new ConsoleError(404, `batch "${id}" has no dalle ${index}`);
      return { name: d.name, jobs: run.jobsOf(index) };
    }
    if (!this.redis) throw new ConsoleError(404, `no batch "${id}"`);
    const found = await readDalleJobs(this.redis, id, index);
    if (!found) throw new ConsoleError(404, `batch "${id}" has no dalle ${index}`);
    return { name: found.dalle.name, jobs: found.jobs };
  }

  /** True for a batch launched here as a local run. */
  isLocal(id: string): boolean {
    return this.records.get(id)?.mode === 'local';
  }

  /** Stops every process started here (SIGTERM: jobs in hand finish, runs stay resumable). */
  async close(): Promise<void> {
    const all = [...this.procs.values()].flat().filter((p) => p.exitCode === null);
    for (const p of all) p.child.kill('SIGTERM');
    await Promise.all(
      all.map(
        (p) =>
          new Promise<void>((done) => {
            if (p.exitCode !== null) return done();
            const t = setTimeout(() => {
              p.child.kill('SIGKILL');
              done();
            }, 10_000);
            p.child.once('exit', () => {
              clearTimeout(t);
              done();
            });
          }),
      ),
    );
  }
}

/** What a launch answers. */
export interface ConsoleBatchRecordView {
  id: string;
}
