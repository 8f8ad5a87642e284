/**
 * Background jobs behind one contract: BullMQ when Redis is configured (jobs survive a process and
 * move to another worker when theirs dies), an in-process runner otherwise. Handlers must be
 * idempotent: a job can run again after a crash or a retry.
 */
export interface JobInfo {
  id: string;
  /** 1 on the first run. */
  attempt: number;
}

export type JobHandler<T> = (data: T, job: JobInfo) => Promise<void>;

export interface JobCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

export interface Queue {
  readonly kind: "bullmq" | "memory";
  /** Adds a job; a second add with the same `jobId` while the first is known is ignored. Throws QueueUnavailableError when the queue cannot be reached in time. */
  enqueue<T>(name: string, data: T, opts: { jobId: string; attempts?: number }): Promise<void>;
  /** Whether a job added now would be stored (one round trip, bounded). */
  reachable(): Promise<boolean>;
  /** Starts processing `name` in this process. */
  work<T>(name: string, handler: JobHandler<T>, opts?: { concurrency?: number }): void;
  counts(): Promise<JobCounts>;
  /** Adds `name` with `data` every `everyMs`, once for the whole cluster (BullMQ) or this process. */
  schedule<T>(name: string, id: string, everyMs: number, data: T): void;
  /** Stops taking jobs, waits for the running ones (up to `timeoutMs`), closes connections. */
  close(timeoutMs?: number): Promise<void>;
}

/** The queue's store (Redis) could not be reached: nothing was added. */
export class QueueUnavailableError extends Error {
  constructor() {
    super("The job queue is unreachable");
  }
}

export const DEFAULT_ATTEMPTS = 3;
/** Backoff between attempts: 1 s, 2 s, 4 s … */
export const backoffMs = (attempt: number) => 1000 * 2 ** (attempt - 1);
