import { backoffMs, DEFAULT_ATTEMPTS, type JobCounts, type JobHandler, type Queue } from "./queue.js";

interface Job {
  name: string;
  id: string;
  data: unknown;
  attempt: number;
  attempts: number;
}

/**
 * The embedded runner: same contract as BullMQ, jobs in memory. A job lost with its process is
 * re-enqueued at start by its owner (builds are recovered from their table).
 */
export class MemoryQueue implements Queue {
  readonly kind = "memory" as const;

  async reachable(): Promise<boolean> {
    return true;
  }
  private waiting: Job[] = [];
  private known = new Set<string>();
  private handlers = new Map<string, { handler: JobHandler<unknown>; concurrency: number; running: number }>();
  private running = new Set<Promise<void>>();
  private timers = new Set<NodeJS.Timeout>();
  private done = { completed: 0, failed: 0 };
  private closed = false;
  private readonly schedules: NodeJS.Timeout[] = [];

  constructor(private readonly onError: (err: unknown, job: { name: string; id: string; attempt: number }) => void = () => undefined) {}

  enqueue<T>(name: string, data: T, opts: { jobId: string; attempts?: number }): Promise<void> {
    if (this.closed) return Promise.reject(new Error("queue is closed"));
    if (this.known.has(opts.jobId)) return Promise.resolve();
    this.known.add(opts.jobId);
    this.waiting.push({ name, id: opts.jobId, data, attempt: 1, attempts: opts.attempts ?? DEFAULT_ATTEMPTS });
    this.pump();
    return Promise.resolve();
  }

  work<T>(name: string, handler: JobHandler<T>, opts: { concurrency?: number } = {}): void {
    this.handlers.set(name, { handler: handler as JobHandler<unknown>, concurrency: opts.concurrency ?? 2, running: 0 });
    this.pump();
  }

  schedule<T>(name: string, id: string, everyMs: number, data: T): void {
    // Timers cannot wait longer than 2^31-1 ms (~24.8 days; longer fires at once): check hourly.
    let last = Date.now();
    const timer = setInterval(
      () => {
        if (Date.now() - last < everyMs) return;
        last = Date.now();
        void this.enqueue(name, data, { jobId: `${id}-${last}`, attempts: 1 }).catch(() => undefined);
      },
      Math.min(everyMs, 3_600_000),
    );
    timer.unref();
    this.schedules.push(timer);
  }

  counts(): Promise<JobCounts> {
    const active = [...this.handlers.values()].reduce((n, h) => n + h.running, 0);
    return Promise.resolve({ waiting: this.waiting.length, active, delayed: this.timers.size, ...this.done });
  }

  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    for (const t of this.schedules) clearInterval(t);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  private pump() {
    if (this.closed) return;
    for (let i = 0; i < this.waiting.length;) {
      const job = this.waiting[i]!;
      const h = this.handlers.get(job.name);
      if (!h || h.running >= h.concurrency) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      h.running++;
      const run = h
        .handler(job.data, { id: job.id, attempt: job.attempt })
        .then(
          () => {
            this.done.completed++;
            this.known.delete(job.id);
          },
          (err: unknown) => this.retry(job, err),
        )
        .finally(() => {
          h.running--;
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
  }

  private retry(job: Job, err: unknown) {
    this.onError(err, job);
    if (job.attempt >= job.attempts || this.closed) {
      this.done.failed++;
      this.known.delete(job.id);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.waiting.push({ ...job, attempt: job.attempt + 1 });
      this.pump();
    }, backoffMs(job.attempt));
    timer.unref();
    this.timers.add(timer);
  }
}
