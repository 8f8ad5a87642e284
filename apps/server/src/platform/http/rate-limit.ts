/**
 * Fixed-window rate limits (per minute) that cost no round trip per request: each node counts
 * locally and, twice a second, adds its counts to Redis (INCRBY) and reads the cluster's totals
 * back (for every key counted in the current window). A client can overshoot a limit by what the other nodes let through in that half second;
 * in exchange the hot path stays a Map lookup. Without Redis the counts are this node's own.
 */
import type { Redis } from "ioredis";

const WINDOW_MS = 60_000;
const SYNC_MS = 500;

interface Counter {
  /** Counted here since the last sync. */
  local: number;
  /** The cluster's total at the last sync (this node's synced counts included). */
  cluster: number;
  windowEnd: number;
}

export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: (() => Redis | null) | null,
    private readonly prefix: string,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    if (redis) {
      this.timer = setInterval(() => void this.sync(), SYNC_MS);
      this.timer.unref();
    }
  }

  /** Counts one hit for `key`; null while under `limit`, else the seconds until the window resets. */
  hit(key: string, limit: number, now = Date.now()): number | null {
    const windowEnd = Math.floor(now / WINDOW_MS) * WINDOW_MS + WINDOW_MS;
    const id = `${key}:${windowEnd}`;
    let c = this.counters.get(id);
    if (!c) {
      c = { local: 0, cluster: 0, windowEnd };
      this.counters.set(id, c);
      if (this.counters.size > 100_000) this.evict(now);
    }
    if (c.local + c.cluster >= limit) return Math.max(1, Math.ceil((windowEnd - now) / 1000));
    c.local++;
    return null;
  }

  /** Like `hit` without counting: the seconds to wait when `key` is at `limit`, else null. */
  peek(key: string, limit: number, now = Date.now()): number | null {
    const windowEnd = Math.floor(now / WINDOW_MS) * WINDOW_MS + WINDOW_MS;
    const c = this.counters.get(`${key}:${windowEnd}`);
    return c && c.local + c.cluster >= limit ? Math.max(1, Math.ceil((windowEnd - now) / 1000)) : null;
  }

  private evict(now: number) {
    for (const [id, c] of this.counters) if (c.windowEnd <= now) this.counters.delete(id);
  }

  /** Adds local counts to Redis and takes the cluster totals back. */
  async sync(now = Date.now()): Promise<void> {
    const redis = this.redis?.();
    this.evict(now);
    if (!redis || redis.status !== "ready") return;
    // Every live counter: INCRBY adds what this node counted (0 for none) and answers the
    // cluster's total, so a node also learns of hits it never saw.
    const pending = [...this.counters];
    if (pending.length === 0) return;
    const multi = redis.multi();
    const sent = pending.map(([id, c]) => {
      const n = c.local;
      multi.incrby(`${this.prefix}${id}`, n).pexpire(`${this.prefix}${id}`, c.windowEnd - now + 5_000);
      c.local -= n;
      return { c, n };
    });
    try {
      const replies = (await multi.exec()) ?? [];
      sent.forEach(({ c }, i) => {
        const total = replies[i * 2]?.[1];
        if (typeof total === "number") c.cluster = total;
      });
    } catch (err) {
      for (const { c, n } of sent) c.local += n; // counted again next time
      this.onError(err);
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
