/**
 * Dependency bookkeeping shared by engines: which jobs are ready, in what order.
 * Ready jobs with dependencies go first (they consume side-store entries and free them early),
 * then the others in the order given (the plan's Z order).
 */
import type { QueueJob } from './types';

export class JobScheduler<J extends QueueJob> {
  private readonly byId = new Map<string, J>();
  private readonly waiting = new Map<string, number>();
  private readonly dependents = new Map<string, string[]>();
  private readonly ready: J[] = [];
  private readonly readyFirst: J[] = [];
  private readyHead = 0;
  private readyFirstHead = 0;
  readonly blocked: string[] = [];
  private outstanding = 0;

  constructor(jobs: readonly J[], done: ReadonlySet<string>) {
    for (const j of jobs) if (!done.has(j.id)) this.byId.set(j.id, j);
    for (const j of this.byId.values()) {
      let n = 0;
      for (const d of j.deps) {
        if (done.has(d)) continue;
        if (!this.byId.has(d)) continue; // a dependency that is not in the list is treated as done
        n++;
        const list = this.dependents.get(d) ?? [];
        list.push(j.id);
        this.dependents.set(d, list);
      }
      this.waiting.set(j.id, n);
      if (n === 0) this.ready.push(j);
    }
    this.outstanding = this.byId.size;
  }

  /** Jobs not yet completed, failed or blocked. */
  get remaining(): number {
    return this.outstanding;
  }

  /** The next ready job, or undefined when none is ready now. */
  next(): J | undefined {
    if (this.readyFirstHead < this.readyFirst.length) return this.readyFirst[this.readyFirstHead++];
    if (this.readyHead < this.ready.length) return this.ready[this.readyHead++];
    return undefined;
  }

  /** Marks a job done; its dependents whose last dependency this was become ready. */
  complete(id: string): void {
    this.outstanding--;
    for (const dep of this.dependents.get(id) ?? []) {
      const n = (this.waiting.get(dep) ?? 1) - 1;
      this.waiting.set(dep, n);
      if (n === 0) this.readyFirst.push(this.byId.get(dep) as J);
    }
  }

  /** Marks a job failed for good: it and everything depending on it (transitively) will not run. */
  fail(id: string): void {
    this.outstanding--;
    const stack = [...(this.dependents.get(id) ?? [])];
    while (stack.length > 0) {
      const d = stack.pop() as string;
      if (this.waiting.get(d) === -1) continue;
      this.waiting.set(d, -1);
      this.blocked.push(d);
      this.outstanding--;
      stack.push(...(this.dependents.get(d) ?? []));
    }
  }
}
