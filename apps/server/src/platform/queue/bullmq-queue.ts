import { Queue as BullQueue, Worker, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";
import { connectRedis } from "../cache/redis.js";
import { backoffMs, DEFAULT_ATTEMPTS, QueueUnavailableError, type JobCounts, type JobHandler, type Queue } from "./queue.js";

/** How long an add may wait for Redis before the caller is told the queue is unreachable. */
const ENQUEUE_TIMEOUT_MS = 3_000;

/**
 * BullMQ: jobs in Redis, so any worker process can take them; a worker that dies mid-job leaves it
 * "stalled" and another worker runs it again (handlers are idempotent).
 */
export class BullmqQueue implements Queue {
  readonly kind = "bullmq" as const;
  private queues = new Map<string, BullQueue>();
  private workers: Worker[] = [];
  private readonly connection: ConnectionOptions;

  private readonly prefix: string;

  constructor(
    private readonly redisUrl: string,
    namespace: string,
    private readonly onError: (err: unknown, job: { name: string; id: string; attempt: number }) => void = () => undefined,
  ) {
    this.prefix = `vta:q:${namespace}`;
    const url = new URL(redisUrl);
    this.connection = {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password || undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      // Workers block on Redis; BullMQ requires unlimited retries on their connections.
      maxRetriesPerRequest: null,
    };
  }

  private queue(name: string): BullQueue {
    let q = this.queues.get(name);
    if (!q) {
      q = new BullQueue(name, { connection: this.connection, prefix: this.prefix });
      q.on("error", (err) => this.onError(err, { name, id: "-", attempt: 0 }));
      this.queues.set(name, q);
    }
    return q;
  }

  /** BullMQ's own connections wait for Redis forever; this one fails fast, to ask "is it there?". */
  private probe: Redis | null = null;

  async reachable(): Promise<boolean> {
    const probe = (this.probe ??= connectRedis(this.redisUrl, `vta-queue-probe-${this.prefix}`));
    // Just started (or reconnecting after a blip): give the connection a moment before saying no.
    if (probe.status !== "ready") {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          probe.off("ready", done);
          resolve();
        };
        const timer = setTimeout(done, 2_000);
        probe.once("ready", done);
      });
    }
    return probe.ping().then(
      () => true,
      () => false,
    );
  }

  async enqueue<T>(name: string, data: T, opts: { jobId: string; attempts?: number }): Promise<void> {
    const added = this.queue(name).add(name, data, {
      jobId: opts.jobId,
      attempts: opts.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: "exponential", delay: backoffMs(1) },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 7 * 86_400 },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new QueueUnavailableError()), ENQUEUE_TIMEOUT_MS)));
    try {
      await Promise.race([added, timeout]);
    } finally {
      clearTimeout(timer);
      added.catch(() => undefined);
    }
  }

  work<T>(name: string, handler: JobHandler<T>, opts: { concurrency?: number } = {}): void {
    const worker = new Worker(
      name,
      async (job) => {
        await handler(job.data as T, { id: job.id ?? "", attempt: job.attemptsMade + 1 });
      },
      // A job whose worker stops renewing its lock for 10 s is handed to another worker.
      {
        connection: this.connection,
        prefix: this.prefix,
        concurrency: opts.concurrency ?? 2,
        lockDuration: 10_000,
        stalledInterval: 5_000,
      },
    );
    worker.on("failed", (job, err) => this.onError(err, { name, id: job?.id ?? "-", attempt: job?.attemptsMade ?? 0 }));
    worker.on("error", (err) => this.onError(err, { name, id: "-", attempt: 0 }));
    this.workers.push(worker);
  }

  schedule<T>(name: string, id: string, everyMs: number, data: T): void {
    // A job scheduler lives in Redis: every node may upsert it, it fires once per period for all.
    this.queue(name)
      .upsertJobScheduler(
        id,
        { every: everyMs },
        { name, data, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
      )
      .catch((err: unknown) => this.onError(err, { name, id, attempt: 0 }));
  }

  async counts(): Promise<JobCounts> {
    const total: JobCounts = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
    for (const q of this.queues.values()) {
      const c = await q.getJobCounts("waiting", "active", "completed", "failed", "delayed");
      for (const k of Object.keys(total) as (keyof JobCounts)[]) total[k] += c[k] ?? 0;
    }
    return total;
  }

  async close(timeoutMs = 10_000): Promise<void> {
    this.probe?.disconnect();
    const closing = Promise.all([...this.workers.map((w) => w.close()), ...[...this.queues.values()].map((q) => q.close())]);
    await Promise.race([closing, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }
}
