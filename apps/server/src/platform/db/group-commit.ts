/**
 * Group commit: concurrent callers' rows are written by one flush (one transaction) instead of one
 * each. A caller's promise settles only when its rows are committed (or the flush failed, in which
 * case nothing of it was written). Up to `maxConcurrentFlushes` run at once (PostgreSQL uses one core
 * per connection); rows arriving meanwhile form the next flush.
 * The queue is bounded in rows: `submit` throws QueueFullError instead of growing memory.
 *
 * Callers share a transaction, so one caller's bad row would fail the others: when a flush of
 * several callers fails (and `isolate` says the error may be one caller's), each caller's rows are
 * flushed again on their own, and only the callers whose own flush fails see an error.
 */
export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("The ingest queue is full; retry shortly");
  }
}

export class ClosedError extends Error {
  constructor() {
    super("This node is shutting down and accepts no more writes");
  }
}

export interface GroupCommitOptions<T, R> {
  /** Flush as soon as this many rows are queued. */
  maxBatchRows: number;
  /** …or this long after the first queued row, whichever comes first. */
  maxDelayMs: number;
  /** Rows queued or in flight beyond which submit() refuses. */
  maxQueuedRows: number;
  /** Flushes running at once (default 1). */
  maxConcurrentFlushes?: number;
  /** Writes `rows` in one transaction; returns one result per row, in order. */
  flush: (rows: T[]) => Promise<R[]>;
  /** Whether a failed shared flush is retried caller by caller (default: always; say no for "the database is down"). */
  isolate?: (err: unknown) => boolean;
  onFlush?: (info: { rows: number; requests: number; ms: number; ok: boolean }) => void;
}

interface Pending<T, R> {
  rows: T[];
  resolve: (results: R[]) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private queuedRows = 0;
  private inFlightRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly flushing = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly opts: GroupCommitOptions<T, R>) {}

  get depth(): number {
    return this.queuedRows + this.inFlightRows;
  }

  submit(rows: T[]): Promise<R[]> {
    if (this.closed) return Promise.reject(new ClosedError());
    if (rows.length === 0) return Promise.resolve([]);
    if (this.depth + rows.length > this.opts.maxQueuedRows) {
      return Promise.reject(new QueueFullError(Math.max(1, Math.ceil(this.opts.maxDelayMs / 1000))));
    }
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      this.schedule();
    });
  }

  /** Stops accepting, then flushes everything already accepted. */
  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }

  /** Resolves once every row submitted so far has been flushed (or failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing.size > 0) {
      while (this.queue.length > 0 && this.hasSlot()) this.startFlush();
      await Promise.race(this.flushing);
    }
  }

  private hasSlot(): boolean {
    return this.flushing.size < (this.opts.maxConcurrentFlushes ?? 1);
  }

  private schedule(): void {
    if (!this.hasSlot()) return; // a running flush picks the queue up when it ends
    if (this.queuedRows >= this.opts.maxBatchRows) {
      this.startFlush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.hasSlot()) this.startFlush();
      }, this.opts.maxDelayMs);
    }
  }

  private startFlush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // Whole requests only: a caller's rows are never split across two transactions.
    const batch: Pending<T, R>[] = [];
    let rows = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && rows + next.rows.length > this.opts.maxBatchRows) break;
      batch.push(this.queue.shift()!);
      rows += next.rows.length;
    }
    if (batch.length === 0) return;
    this.queuedRows -= rows;
    this.inFlightRows += rows;
    const flush: Promise<void> = this.runFlush(batch, rows).finally(() => {
      this.flushing.delete(flush);
      if (this.queue.length > 0) this.schedule();
    });
    this.flushing.add(flush);
  }

  private async runFlush(batch: Pending<T, R>[], rowCount: number): Promise<void> {
    const started = performance.now();
    try {
      const results = await this.opts.flush(batch.flatMap((p) => p.rows));
      let offset = 0;
      for (const p of batch) {
        p.resolve(results.slice(offset, offset + p.rows.length));
        offset += p.rows.length;
      }
      this.opts.onFlush?.({ rows: rowCount, requests: batch.length, ms: performance.now() - started, ok: true });
    } catch (err) {
      this.opts.onFlush?.({ rows: rowCount, requests: batch.length, ms: performance.now() - started, ok: false });
      if (batch.length > 1 && (this.opts.isolate?.(err) ?? true)) await this.flushAlone(batch);
      else for (const p of batch) p.reject(err);
    } finally {
      this.inFlightRows -= rowCount;
    }
  }

  /** Each caller's rows in a transaction of their own: a bad row fails only the request that sent it. */
  private async flushAlone(batch: Pending<T, R>[]): Promise<void> {
    for (const p of batch) {
      const started = performance.now();
      try {
        p.resolve(await this.opts.flush(p.rows));
        this.opts.onFlush?.({ rows: p.rows.length, requests: 1, ms: performance.now() - started, ok: true });
      } catch (err) {
        p.reject(err);
        this.opts.onFlush?.({ rows: p.rows.length, requests: 1, ms: performance.now() - started, ok: false });
      }
    }
  }
}
