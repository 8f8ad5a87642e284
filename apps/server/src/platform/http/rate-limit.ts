/**
 * Fixed-window rate limits (per minute) that cost no round trip per request: each node counts
 * locally and, twice a second, adds its counts to Redis (INCRBY) and reads the cluster's totals
 * back (for every key counted in the current window). A client can overshoot a limit by what the other nodes let through in that half second;
 * in exchange the hot path stays a Map lookup. Without Redis the counts are this node's own.
 */
import { createHash } from "node:crypto";
import type { onRequestHookHandler } from "fastify";
import type { Redis } from "ioredis";
import { HttpError } from "./errors.js";

const WINDOW_MS = 60_000;
const SYNC_MS = 500;

const windowEndOf = (now: number) => Math.floor(now / WINDOW_MS) * WINDOW_MS + WINDOW_MS;
const secondsLeft = (windowEnd: number, now: number) => Math.max(1, Math.ceil((windowEnd - now) / 1000));

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
    const windowEnd = windowEndOf(now);
    const id = `${key}:${windowEnd}`;
    let c = this.counters.get(id);
    if (!c) {
      c = { local: 0, cluster: 0, windowEnd };
      this.counters.set(id, c);
      if (this.counters.size > 100_000) this.evict(now);
    }
    if (c.local + c.cluster >= limit) return secondsLeft(windowEnd, now);
    c.local++;
    return null;
  }

  /** Takes back one hit counted in the current window (a reserved attempt that turned out fine). */
  refund(key: string, now = Date.now()): void {
    const c = this.counters.get(`${key}:${windowEndOf(now)}`);
    if (c) c.local--;
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

export interface ApiLimits {
  keyPerMinute: number;
  ipPerMinute: number;
  loginFailuresPerMinute: number;
  /** Mail one address may be sent per minute on someone's request (resets, invitations); five times as many per sender. */
  mailPerMinute: number;
}

/**
 * The API's limits on one limiter: an `onRequest` hook per API key, then per address (0 turns
 * either off), and the login brake (failures per account, and three times as many per address).
 * Keys and emails never reach Redis in clear: a short hash names their counters (memoized).
 */
export function apiLimits(limiter: RateLimiter, limits: ApiLimits) {
  const ids = new Map<string, string>();
  const idOf = (secret: string) => {
    let id = ids.get(secret);
    if (id === undefined) {
      if (ids.size > 10_000) ids.clear();
      ids.set(secret, (id = createHash("sha256").update(secret).digest("base64url").slice(0, 16)));
    }
    return id;
  };
  const onRequest: onRequestHookHandler = (request, _reply, done) => {
    const bearer = request.headers.authorization;
    const wait =
      (limits.keyPerMinute && bearer ? limiter.hit(`k:${idOf(bearer)}`, limits.keyPerMinute) : null) ??
      (limits.ipPerMinute ? limiter.hit(`ip:${request.ip}`, limits.ipPerMinute) : null);
    if (wait === null) return done();
    done(new HttpError(429, "rate_limited", `Too many requests; try again in ${wait} s`, { retryAfterSeconds: wait }));
  };
  const perAccount = limits.loginFailuresPerMinute;
  const keys = (email: string, ip: string) => [`lf:a:${idOf(email)}`, `lf:ip:${ip}`] as const;
  return {
    onRequest,
    login: {
      // The slot is taken before the password is hashed: parallel guesses cannot all pass the check
      // before the first failure is counted. A login that succeeds gives its slot back.
      reserve: (email: string, ip: string) => {
        const [account, address] = keys(email, ip);
        const wait = limiter.hit(account, perAccount);
        if (wait !== null) return wait;
        const waitAddress = limiter.hit(address, perAccount * 3);
        if (waitAddress !== null) limiter.refund(account);
        return waitAddress;
      },
      release: (email: string, ip: string) => {
        for (const key of keys(email, ip)) limiter.refund(key);
      },
    },
    /**
     * Mail a request has the platform send, counted per recipient and per sender (an address or a
     * workspace), so nobody can flood an inbox or the outgoing mail server. Throws 429 when over.
     */
    mail: (to: string, sender: string) => {
      const recipient = `m:to:${idOf(to)}`;
      let wait = limiter.hit(recipient, limits.mailPerMinute);
      if (wait === null) {
        wait = limiter.hit(`m:from:${idOf(sender)}`, limits.mailPerMinute * 5);
        if (wait !== null) limiter.refund(recipient);
      }
      if (wait !== null)
        throw new HttpError(429, "rate_limited", `Too many emails asked for; try again in ${wait} s`, { retryAfterSeconds: wait });
    },
  };
}
