/**
 * The cache callers use (`Cache`): L1 in-process (`store.ts`, bounded in bytes), then L2 Redis
 * (shared by the nodes), then the loader; concurrent misses of one key share one load. Every key
 * lives under `ns|version|key`, so invalidating a namespace makes its old keys unreachable at once:
 * a new version in this node's mirror (`versions.ts`) and, across the nodes, bumped and
 * acknowledged (`invalidation.ts`). Hot keys are re-loaded after an invalidation and across
 * restarts (`warmer.ts`).
 *
 * Redis trouble never fails a request: while the node is degraded (Redis unreachable, the read
 * breaker open, or its invalidation stream not proven current: `stream-health.ts`) nothing in L1
 * is trusted and every read loads. What a response body is made of on the wire is the HTTP
 * layer's business (`http/cached-reply.ts`).
 */
import type { Redis } from "ioredis";
import { L1Store, type Entry } from "./store.js";
import { Invalidation, until } from "./invalidation.js";
import { clusterKeys, KEY_TTL_S, RedisLink, type ClusterKeys } from "./redis-link.js";
import { CURRENT_MS } from "./stream-health.js";
import { VersionMirror } from "./versions.js";
import { Warmer, type WarmSpec } from "./warmer.js";

export type { Entry } from "./store.js";

export interface CacheOptions {
  redisUrl?: string;
  /** Upper bound of L1 in bytes (UTF-16 string bytes plus key and bookkeeping). */
  l1MaxBytes: number;
  degradedTtlMs?: number;
  /** Without its own beacon back for this long, a node trusts nothing it cached (default CURRENT_MS). */
  currentMs?: number;
  nodeId: string;
  /**
   * The nodes that invalidate each other: every Redis key and channel is under `vta:<cluster>:`,
   * so deployments (or databases) sharing one Redis never wait for or evict each other.
   */
  cluster?: string;
  /** false: every read runs its loader (for comparison runs and emergencies). */
  enabled?: boolean;
  onError?: (err: unknown, where: string) => void;
}

export interface LoadOptions {
  ttlMs: number;
  /** Lets the cache re-load this key by itself when it is hot (after a restart or invalidation). */
  warm?: WarmSpec;
}

export class Cache {
  private readonly keys: ClusterKeys;
  private readonly l1: L1Store;
  private readonly versions: VersionMirror;
  private readonly warmer: Warmer;
  /** The Redis connections and read breaker, and the protocol over them; null without Redis. */
  private readonly link: RedisLink | null;
  private readonly sync: Invalidation | null;
  private readonly inflight = new Map<string, Promise<Entry>>();
  private readonly degradedTtlMs: number;
  private readonly l2 = { hits: 0, misses: 0, errors: 0, bytesWritten: 0 };
  private loads = 0;
  private loadMs = 0;

  constructor(private readonly opts: CacheOptions) {
    this.degradedTtlMs = opts.degradedTtlMs ?? 2_000;
    this.keys = clusterKeys(opts.cluster ?? "default");
    this.l1 = new L1Store(opts.l1MaxBytes);
    this.versions = new VersionMirror(opts.nodeId);
    this.warmer = new Warmer(opts.onError);
    this.link = opts.redisUrl ? new RedisLink(opts.redisUrl, opts.nodeId, this.keys) : null;
    this.sync = this.link
      ? new Invalidation(this.link, this.versions, opts.nodeId, opts.currentMs ?? CURRENT_MS, {
          drop: (ns) => this.l1.dropNs(ns),
          applied: (namespaces) => this.warmer.schedule(namespaces),
          forget: () => this.l1.clear(),
          onError: opts.onError,
        })
      : null;
  }

  /** The Redis connection while it is usable (for others that sync through it), else null. */
  get redisClient(): Redis | null {
    return this.link && !this.degraded ? this.link.redis : null;
  }

  /** The prefix of this cluster's Redis keys. */
  get keyPrefix(): string {
    return this.keys.prefix;
  }

  /** L1+L2, or L1 only: without Redis configured, or while it is unreachable. */
  get mode(): "l1" | "l1+l2" | "l1-degraded" {
    if (!this.link) return "l1";
    return this.degraded ? "l1-degraded" : "l1+l2";
  }

  /** Without Redis a node counts as degraded too: it keeps entries only for `degradedTtlMs`. */
  private get degraded(): boolean {
    return this.sync?.degraded ?? true;
  }

  /** Resolves once Redis and the subscription are up and current, or after `ms` (then degraded mode applies). */
  ready(ms: number): Promise<void> {
    return until(() => !this.degraded, ms);
  }

  private l1Hit(full: string, degraded: boolean): Entry | undefined {
    // A node that cannot hear other nodes' invalidations trusts nothing in L1 (a revoked key, a
    // logged-out session); one without Redis hears them all and keeps short-lived entries.
    return this.l1.get(full, degraded ? (this.link ? 0 : this.degradedTtlMs) : undefined);
  }

  registerWarmer<A>(kind: string, warmer: (args: A) => Promise<unknown>): void {
    this.warmer.register(kind, warmer);
  }

  /**
   * The L1 hit, synchronously, or undefined (then call getOrLoad). No round trip: the local mirror
   * is current, because every writer waits for this node to acknowledge its invalidation before it
   * answers. Synchronous so the hot path of a request creates no promise at all.
   */
  peek(ns: string, key: string, warm?: LoadOptions["warm"]): Entry | undefined {
    if (this.opts.enabled === false) return undefined;
    if (warm) this.warmer.track(ns, key, warm);
    const known = this.versions.seen(ns);
    if (known === undefined && this.link) return undefined;
    const hit = this.l1Hit(`${ns}|${known ?? "0"}|${key}`, this.degraded);
    if (hit) this.l1.counts.hits++;
    return hit;
  }

  async getOrLoad(ns: string, key: string, loader: () => Promise<string>, opts: LoadOptions): Promise<Entry> {
    if (this.opts.enabled === false) {
      this.loads++;
      return { value: await loader() };
    }
    const hit = this.peek(ns, key, opts.warm);
    if (hit) return hit;
    const degraded = this.degraded;
    const known = this.versions.seen(ns);
    // Miss: the authoritative version from Redis, so nothing is loaded under an outdated one.
    const version = await (this.sync ? this.sync.version(ns) : this.versions.get(ns));
    const full = `${ns}|${version}|${key}`;
    if (version !== known) {
      const hit = this.l1Hit(full, degraded);
      if (hit) {
        this.l1.counts.hits++;
        return hit;
      }
    }
    this.l1.counts.misses++;
    const running = this.inflight.get(full);
    if (running) return running;
    const load = this.load(ns, full, loader, opts.ttlMs, degraded).finally(() => this.inflight.delete(full));
    this.inflight.set(full, load);
    return load;
  }

  private async load(ns: string, full: string, loader: () => Promise<string>, ttlMs: number, degraded: boolean): Promise<Entry> {
    if (!degraded && this.link) {
      try {
        const shared = await this.link.read((r) => r.get(`${this.keys.prefix}c:${full}`));
        if (shared !== null) {
          this.l2.hits++;
          return this.l1.set(ns, full, shared, ttlMs);
        }
        this.l2.misses++;
      } catch (err) {
        this.l2.errors++;
        this.opts.onError?.(err, "l2 get");
      }
    }
    const started = performance.now();
    const value = await loader();
    this.loads++;
    this.loadMs += performance.now() - started;
    const stillDegraded = degraded || this.degraded;
    if (!stillDegraded && this.link) {
      this.l2.bytesWritten += value.length;
      void this.link
        .read((r) => r.set(`${this.keys.prefix}c:${full}`, value, "PX", ttlMs))
        .catch((err: unknown) => {
          this.l2.errors++;
          this.opts.onError?.(err, "l2 set");
        });
    }
    return this.l1.set(ns, full, value, stillDegraded ? Math.min(ttlMs, this.degradedTtlMs) : ttlMs);
  }

  /**
   * Write-through after an invalidation: stores a value the writer already holds under the version
   * its own invalidation produced. If another write bumped the namespace since, this entry is simply
   * unreachable, never stale.
   */
  async put(ns: string, version: string, key: string, value: string, ttlMs: number): Promise<void> {
    if (this.opts.enabled === false) return;
    const full = `${ns}|${version}|${key}`;
    const degraded = this.degraded;
    this.l1.set(ns, full, value, degraded ? Math.min(ttlMs, this.degradedTtlMs) : ttlMs);
    if (!degraded && this.link) {
      await this.link
        .read((r) => r.set(`${this.keys.prefix}c:${full}`, value, "PX", ttlMs))
        .catch((err: unknown) => this.opts.onError?.(err, "l2 put"));
    }
  }

  /** Makes every key of these namespaces unreachable, here and on every node; answers the new versions. */
  async invalidate(...namespaces: string[]): Promise<Map<string, string>> {
    if (this.sync && !this.sync.startedUp) await this.sync.untilStartedUp();
    const unique = [...new Set(namespaces)];
    for (const ns of unique) {
      this.versions.bumpLocal(ns);
      this.l1.dropNs(ns);
    }
    // A connection is enough to tell the others: a node whose own stream is late (a starved CPU)
    // or whose breaker opened on slow reads must not trust its reads, but its writes still have
    // to bump (past the breaker), or the others serve the old value while they count themselves current.
    if (this.sync) await this.sync.tell(unique);
    this.warmer.schedule(unique);
    return new Map(unique.map((ns) => [ns, this.versions.get(ns)]));
  }

  /** Re-loads the hottest keys of these namespaces (all hot keys when none are given), in the background. */
  scheduleWarm(namespaces?: string[]): void {
    this.warmer.schedule(namespaces);
  }

  /** Saves the hottest keys (with how to re-load them) so the next start of any node can warm them. */
  async saveHotKeys(): Promise<void> {
    if (!this.link || this.degraded) return;
    const hot = this.warmer.hotList();
    if (hot.length === 0) return;
    const key = this.keys.hot;
    await this.link.read((r) =>
      r
        .multi()
        .del(key)
        .rpush(key, ...hot)
        .expire(key, KEY_TTL_S)
        .exec(),
    );
  }

  /** At start: re-load the keys that were hottest cluster-wide before, so the first visitor hits a warm cache. */
  async warmFromSaved(): Promise<number> {
    if (!this.link) return 0;
    try {
      await this.ready(3_000);
      const saved = await this.link.read((r) => r.lrange(this.keys.hot, 0, 63));
      return await this.warmer.warmSaved(saved);
    } catch (err) {
      this.opts.onError?.(err, "warm from saved");
      return 0;
    }
  }

  stats() {
    const l1 = this.l1.counts;
    const rate = (h: number, m: number) => (h + m === 0 ? 0 : h / (h + m));
    const requests = l1.hits + l1.misses;
    const l2 = { ...this.l2, errors: this.l2.errors + (this.sync?.errors ?? 0) };
    return {
      mode: this.mode,
      l1: { ...l1, hitRate: rate(l1.hits, l1.misses), bytes: this.l1.bytes, maxBytes: this.l1.maxBytes, entries: this.l1.size },
      l2: { ...l2, hitRate: rate(l2.hits, l2.misses), available: this.link ? !this.degraded : false },
      // Reads answered without running a loader (L1 or L2 hit, or joined to another read's load).
      hitRate: requests ? (requests - this.loads) / requests : 0,
      requests,
      loads: this.loads,
      loadTimeMs: { total: Math.round(this.loadMs), avg: this.loads ? this.loadMs / this.loads : 0 },
      staleRejected: this.l1.staleRejected,
      ackTimeouts: this.sync?.ackTimeouts ?? 0,
      warmed: this.warmer.warmed,
      inflight: this.inflight.size,
    };
  }

  /** Drops the least recently used `fraction` of L1 (memory pressure); returns how many went. */
  shed(fraction: number): number {
    return this.l1.shed(fraction);
  }

  /** Removes expired L1 entries now rather than when next touched (maintenance). */
  prune(): { entries: number; bytes: number; removed: number } {
    return this.l1.prune();
  }

  async close(): Promise<void> {
    this.warmer.stop();
    this.sync?.stop();
    await this.saveHotKeys().catch(() => undefined);
    await this.sync?.close();
  }
}
