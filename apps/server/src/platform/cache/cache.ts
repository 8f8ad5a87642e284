import { randomUUID } from "node:crypto";
import CircuitBreaker from "opossum";
import { LRUCache } from "lru-cache";
import type { Redis } from "ioredis";
import { connectRedis } from "./redis.js";
import { FrequencySketch } from "./sketch.js";

/**
 * Two-level cache of JSON strings: L1 in-process (bounded in bytes), L2 Redis (shared by nodes).
 *
 * Invalidation is by namespace version, O(1): every key lives under `ns|version|key`; bumping a
 * namespace's version (INCR in Redis) makes all its old keys unreachable at once. The writer bumps,
 * publishes the new versions, and waits until every live node (heartbeats in a sorted set) has
 * applied them and acknowledged, before its write is answered. So each node's local version mirror
 * is current whenever a client could know of a write, and an L1 hit needs no round trip. A miss
 * reads the authoritative version from Redis before it looks in L2 or loads, so nothing is stored
 * under an outdated version.
 *
 * Redis trouble never fails a request: a circuit breaker (and the subscriber's health) switch to
 * L1-only ("degraded") mode, where nothing in L1 is trusted (invalidations from other nodes cannot
 * arrive meanwhile; writers stop waiting for this node after ACK_TIMEOUT_MS): every read loads.
 * A link that stalls without an error looks healthy, so each node also proves its invalidation
 * stream current: every BEACON_MS it publishes a beacon on the invalidation channel and counts
 * itself current only while the newest of its own beacons to come back was *sent* less than
 * CURRENT_MS ago (pub/sub keeps order, so every invalidation published before it was applied).
 * Sent, not received: when the channel's lag grows, a beacon that arrives now may have left long
 * before a writer's invalidation that has not arrived yet, and the writer stops waiting for this
 * node after ACK_TIMEOUT_MS (= CURRENT_MS). Degraded limits what a node
 * trusts, never what it tells: while its connection is up, a write bumps (and a node heartbeats)
 * even if its stream is late or its breaker opened on slow reads; the breaker guards reads only.
 * When the stream is back, the local mirror and L1 are dropped (messages may have been missed) and
 * bumps made while Redis was unreachable are replayed.
 */
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

/** A cached value as callers get it (what it is sent as over HTTP is http/cached-reply.ts's business). */
export interface Entry {
  value: string;
  /** The value parsed once, for callers that read it as an object (treat as immutable). */
  parsed?: unknown;
}

interface L1Entry extends Entry {
  ns: string;
  at: number;
}

export interface LoadOptions {
  ttlMs: number;
  /** Lets the cache re-load this key by itself when it is hot (after a restart or invalidation). */
  warm?: { kind: string; args: unknown };
}

type Warmer = (args: never) => Promise<unknown>;

const VERSION_TTL_S = 7 * 24 * 3600;
const HEARTBEAT_MS = 2_000;
/** A node silent for this long is not waited for. */
const NODE_TIMEOUT_MS = 6_000;
/**
 * How long a writer waits for every live node to confirm an invalidation. Acks take about a
 * millisecond; the bound matters only for a node that died without leaving the live set (at most
 * NODE_TIMEOUT_MS) or one stalled by a starved CPU, and a stalled node must still get its chance.
 */
const ACK_TIMEOUT_MS = 1_000;
/** Attempts at telling the cluster of a write before the bump is queued for replay. */
const BUMP_TRIES = 3;
const BEACON_MS = 250;
/** Without its own beacon back for this long, a node trusts nothing it cached (a revoked key fails within a second). */
const CURRENT_MS = 1_000;
const ENTRY_OVERHEAD = 200;

export class Cache {
  private readonly l1: LRUCache<string, L1Entry>;
  private readonly keys: { prefix: string; channel: string; ack: string; nodes: string; hot: string };
  private readonly byNs = new Map<string, Set<string>>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  /** Versions as last seen from Redis (or bumped here): what degraded mode keys by. */
  private readonly localVersions = new Map<string, string>();
  private localCounter = 0;
  private readonly pendingBumps = new Set<string>();
  private readonly redis: Redis | null;
  private readonly sub: Redis | null;
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown> | null;
  private readonly degradedTtlMs: number;
  readonly sketch = new FrequencySketch(256);
  private readonly warmers = new Map<string, Warmer>();
  private readonly hotNs = new Map<string, Set<string>>();
  private warmTimer: NodeJS.Timeout | null = null;
  private readonly warmQueue = new Set<string>();
  private trackTick = 0;
  private readonly warmArgs = new Map<string, { ns: string; kind: string; args: unknown }>();

  private readonly counters = {
    l1: { hits: 0, misses: 0, evictions: 0 },
    l2: { hits: 0, misses: 0, errors: 0, bytesWritten: 0 },
    loads: 0,
    loadMs: 0,
    staleRejected: 0,
    warmed: 0,
    ackTimeouts: 0,
  };

  constructor(private readonly opts: CacheOptions) {
    this.degradedTtlMs = opts.degradedTtlMs ?? 2_000;
    const prefix = `vta:${opts.cluster ?? "default"}:`;
    this.keys = { prefix, channel: `${prefix}cache:invalidate`, ack: `${prefix}cache:ack`, nodes: `${prefix}cache:nodes`, hot: `${prefix}hot` };
    this.l1 = new LRUCache<string, L1Entry>({
      maxSize: opts.l1MaxBytes,
      // The string (UTF-16), the UTF-8 and compressed copies its senders keep per entry, and the key.
      sizeCalculation: (e, key) => Math.ceil(e.value.length * 3.5) + key.length * 2 + ENTRY_OVERHEAD,
      ttlAutopurge: false,
      dispose: (e, key, reason) => {
        if (reason === "evict") this.counters.l1.evictions++;
        const set = this.byNs.get(e.ns);
        set?.delete(key);
        if (set?.size === 0) this.byNs.delete(e.ns);
      },
    });
    if (opts.redisUrl) {
      this.redis = connectRedis(opts.redisUrl, `vta-cache-${opts.nodeId}`);
      this.sub = connectRedis(opts.redisUrl, `vta-cache-sub-${opts.nodeId}`);
      this.breaker = new CircuitBreaker((op: () => Promise<unknown>) => op(), {
        timeout: 1_000,
        errorThresholdPercentage: 50,
        volumeThreshold: 3,
        resetTimeout: 1_000,
      });
      this.breaker.on("close", () => void this.replayBumps());
      this.redis.on("ready", () => {
        this.connected = true;
        void this.replayBumps();
      });
      this.sub.on("ready", () => void this.resubscribe());
      for (const event of ["close", "end", "reconnecting"]) this.sub.on(event, () => (this.subscribed = false));
      this.sub.on("message", (channel: string, message: string) => {
        if (channel === this.keys.ack) this.onAck(message);
        else if (message.startsWith("b ")) this.onBeacon(message);
        else this.onRemoteInvalidation(message);
      });
      this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
      this.heartbeat.unref();
      this.beacon = setInterval(() => this.sendBeacon(), BEACON_MS);
      this.beacon.unref();
    } else {
      this.redis = null;
      this.sub = null;
      this.breaker = null;
    }
  }

  /** The Redis connection while it is usable (for others that sync through it), else null. */
  get redisClient(): Redis | null {
    return this.redis && !this.degraded ? this.redis : null;
  }

  /** The prefix of this cluster's Redis keys. */
  get keyPrefix(): string {
    return this.keys.prefix;
  }

  /** L1+L2, or L1 only: without Redis configured, or while it is unreachable. */
  get mode(): "l1" | "l1+l2" | "l1-degraded" {
    if (!this.redis) return "l1";
    return this.degraded ? "l1-degraded" : "l1+l2";
  }

  private subscribed = false;
  /** Whether this node has been subscribed at least once (false during start-up). */
  private started = false;
  /** Whether its command connection has been up at least once (false during start-up). */
  private connected = false;
  private readonly acks = new Map<string, { waiting: Set<string>; done: () => void }>();
  private heartbeat: NodeJS.Timeout | null = null;
  private beacon: NodeJS.Timeout | null = null;
  /** When the newest of this node's own beacons to come back was sent (this node's clock, ms): its invalidation stream was current until then. */
  private lastBeacon = 0;
  /** This instance's beacon (node ids can repeat, e.g. two apps in one test process). */
  private readonly beaconId = randomUUID();

  private get degraded(): boolean {
    return !this.reachable || !this.subscribed || !this.current;
  }

  /** Whether commands can be sent to Redis now (the connection is up and the breaker closed). */
  private get reachable(): boolean {
    return this.redis?.status === "ready" && !(this.breaker?.opened ?? false);
  }

  /** Whether every invalidation published until a moment ago has reached this node. */
  private get current(): boolean {
    return performance.now() - this.lastBeacon < (this.opts.currentMs ?? CURRENT_MS);
  }

  private beaconMessage(): string {
    return `b ${this.beaconId} ${performance.now()}`;
  }

  private sendBeacon(): void {
    if (this.redis?.status !== "ready" || !this.subscribed) return;
    this.redis.publish(this.keys.channel, this.beaconMessage()).catch((err: unknown) => this.opts.onError?.(err, "beacon"));
  }

  private onBeacon(message: string): void {
    const [, id, sent] = message.split(" ");
    if (id !== this.beaconId) return;
    // Back after a gap: what was cached meanwhile may have missed an invalidation.
    if (!this.current) this.forgetLocal();
    this.lastBeacon = Math.max(this.lastBeacon, Number(sent) || 0);
    if (this.pendingBumps.size) void this.replayBumps();
  }

  /** Drops the version mirror and L1: nothing cached before a gap in the stream is trusted after it. */
  private forgetLocal(): void {
    this.localVersions.clear();
    this.byNs.clear();
    this.l1.clear();
  }

  /** Reads (and cache fills) go through the breaker: a slow Redis must not slow every request. */
  private async viaRedis<T>(op: (r: Redis) => Promise<T>): Promise<T> {
    const redis = this.redis!;
    return (await this.breaker!.fire(() => op(redis))) as T;
  }

  /** Whether the command connection is up, whatever the breaker says. */
  private get connectedNow(): boolean {
    return this.redis?.status === "ready";
  }

  /** Resolves once Redis and the subscription are up and current, or after `ms` (then degraded mode applies). */
  ready(ms: number): Promise<void> {
    return this.until(() => !this.degraded, ms);
  }

  private async until(done: () => boolean, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** (Re)subscribing after a gap: messages may have been missed, so nothing local is trusted any more. */
  private async resubscribe(): Promise<void> {
    try {
      await this.sub!.subscribe(this.keys.channel, this.keys.ack);
      this.forgetLocal();
      this.subscribed = true;
      this.started = true;
      // Current once the first beacon comes back through the new subscription.
      this.sendBeacon();
      await this.beat();
      await this.replayBumps();
    } catch (err) {
      this.opts.onError?.(err, "subscribe");
    }
  }

  private localVersion(ns: string): string {
    return this.localVersions.get(ns) ?? "0";
  }

  /** The authoritative version (from Redis), for the miss path; the local mirror when degraded. */
  private async version(ns: string): Promise<string> {
    if (!this.redis || this.degraded || this.pendingBumps.has(ns)) return this.localVersion(ns);
    try {
      const v = (await this.viaRedis((r) => r.get(`${this.keys.prefix}v:${ns}`))) ?? "0";
      // A message processed while this GET was in flight may already have moved the mirror on.
      const local = this.localVersions.get(ns);
      if (local !== undefined && Number(local) > Number(v)) return local;
      if (!this.pendingBumps.has(ns)) this.localVersions.set(ns, v);
      return v;
    } catch (err) {
      this.counters.l2.errors++;
      this.opts.onError?.(err, "version");
      return this.localVersion(ns);
    }
  }

  private l1Hit(full: string, degraded: boolean): L1Entry | undefined {
    const hit = this.l1.get(full);
    if (!hit) return undefined;
    // A node that cannot hear other nodes' invalidations trusts nothing in L1 (a revoked key, a
    // logged-out session); one without Redis hears them all and keeps short-lived entries.
    const trustMs = this.redis ? 0 : this.degradedTtlMs;
    if (degraded && Date.now() - hit.at >= trustMs) {
      this.counters.staleRejected++;
      return undefined;
    }
    return hit;
  }

  registerWarmer<A>(kind: string, warmer: (args: A) => Promise<unknown>): void {
    this.warmers.set(kind, warmer);
  }

  /**
   * The L1 hit, synchronously, or undefined (then call getOrLoad). No round trip: the local mirror
   * is current, because every writer waits for this node to acknowledge its invalidation before it
   * answers. Synchronous so the hot path of a request creates no promise at all.
   */
  peek(ns: string, key: string, warm?: LoadOptions["warm"]): Entry | undefined {
    if (this.opts.enabled === false) return undefined;
    if (warm) this.track(ns, key, warm);
    const known = this.localVersions.get(ns);
    if (known === undefined && this.redis) return undefined;
    const hit = this.l1Hit(`${ns}|${known ?? "0"}|${key}`, this.degraded);
    if (hit) this.counters.l1.hits++;
    return hit;
  }

  async getOrLoad(ns: string, key: string, loader: () => Promise<string>, opts: LoadOptions): Promise<Entry> {
    if (this.opts.enabled === false) {
      this.counters.loads++;
      return { value: await loader() };
    }
    const hit = this.peek(ns, key, opts.warm);
    if (hit) return hit;
    const degraded = this.degraded;
    const known = this.localVersions.get(ns);
    // Miss: the authoritative version from Redis, so nothing is loaded under an outdated one.
    const version = await this.version(ns);
    const full = `${ns}|${version}|${key}`;
    if (version !== known) {
      const hit = this.l1Hit(full, degraded);
      if (hit) {
        this.counters.l1.hits++;
        return hit;
      }
    }
    this.counters.l1.misses++;
    const running = this.inflight.get(full);
    if (running) return running;
    const load = this.load(ns, full, loader, opts.ttlMs, degraded).finally(() => this.inflight.delete(full));
    this.inflight.set(full, load);
    return load;
  }

  private async load(ns: string, full: string, loader: () => Promise<string>, ttlMs: number, degraded: boolean): Promise<Entry> {
    if (!degraded && this.redis) {
      try {
        const shared = await this.viaRedis((r) => r.get(`${this.keys.prefix}c:${full}`));
        if (shared !== null) {
          this.counters.l2.hits++;
          return this.setL1(ns, full, shared, ttlMs);
        }
        this.counters.l2.misses++;
      } catch (err) {
        this.counters.l2.errors++;
        this.opts.onError?.(err, "l2 get");
      }
    }
    const started = performance.now();
    const value = await loader();
    this.counters.loads++;
    this.counters.loadMs += performance.now() - started;
    const stillDegraded = degraded || this.degraded;
    if (!stillDegraded && this.redis) {
      this.counters.l2.bytesWritten += value.length;
      void this.viaRedis((r) => r.set(`${this.keys.prefix}c:${full}`, value, "PX", ttlMs)).catch((err: unknown) => {
        this.counters.l2.errors++;
        this.opts.onError?.(err, "l2 set");
      });
    }
    return this.setL1(ns, full, value, stillDegraded ? Math.min(ttlMs, this.degradedTtlMs) : ttlMs);
  }

  private setL1(ns: string, full: string, value: string, ttlMs: number): Entry {
    const entry: L1Entry = { value, ns, at: Date.now() };
    this.l1.set(full, entry, { ttl: ttlMs });
    if (this.l1.has(full)) {
      let set = this.byNs.get(ns);
      if (!set) this.byNs.set(ns, (set = new Set()));
      set.add(full);
    }
    return entry;
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
    this.setL1(ns, full, value, degraded ? Math.min(ttlMs, this.degradedTtlMs) : ttlMs);
    if (!degraded && this.redis) {
      await this.viaRedis((r) => r.set(`${this.keys.prefix}c:${full}`, value, "PX", ttlMs)).catch((err: unknown) => this.opts.onError?.(err, "l2 put"));
    }
  }

  /** Makes every key of these namespaces unreachable, here and on every node; answers the new versions. */
  async invalidate(...namespaces: string[]): Promise<Map<string, string>> {
    // A write on a node still starting up must not be answered before the other nodes can be told:
    // wait (bounded) until it has subscribed and can send commands, rather than queue the bump
    // while they serve the old value. (Either connection can come up first.)
    if (this.redis && !(this.started && this.connected)) await this.until(() => this.started && this.connectedNow, 3_000);
    const unique = [...new Set(namespaces)];
    for (const ns of unique) {
      this.localVersions.set(ns, `l${this.opts.nodeId}.${++this.localCounter}`);
      this.dropNs(ns);
    }
    if (this.redis) {
      // A connection is enough to tell the others: a node whose own stream is late (a starved CPU)
      // or whose breaker opened on slow reads must not trust its reads, but its writes still have
      // to bump (past the breaker), or the others serve the old value while they count themselves current.
      await this.tell(unique);
    }
    this.scheduleWarm(unique);
    return new Map(unique.map((ns) => [ns, this.localVersion(ns)]));
  }

  /**
   * Bumps, trying again while the connection is up (a command can time out on a loaded host); what
   * cannot be told now is queued and replayed when Redis is back.
   */
  private async tell(namespaces: string[]): Promise<void> {
    for (let attempt = 1; this.connectedNow; attempt++) {
      try {
        return await this.bump(namespaces);
      } catch (err) {
        this.counters.l2.errors++;
        this.opts.onError?.(err, "invalidate");
        if (attempt === BUMP_TRIES) break;
      }
    }
    for (const ns of namespaces) this.pendingBumps.add(ns);
  }

  /**
   * Bumps the namespaces in Redis, publishes the new versions, and waits (up to ACK_TIMEOUT_MS)
   * until every other live node has applied them: after this resolves, no node serves the old values.
   */
  private async bump(namespaces: string[]): Promise<void> {
    if (namespaces.length === 0) return;
    // Past the breaker (it guards reads): a write that skipped telling the others would let them
    // serve what it replaced. ioredis bounds each command (commandTimeout).
    const r = this.redis!;
    const multi = r.multi();
    for (const ns of namespaces) multi.incr(`${this.keys.prefix}v:${ns}`).expire(`${this.keys.prefix}v:${ns}`, VERSION_TTL_S);
    multi.zrangebyscore(this.keys.nodes, Date.now() - NODE_TIMEOUT_MS, "+inf");
    const res = await multi.exec();
    // Replies come as [error, value] pairs: INCR's value is the new version number.
    const versions = namespaces.map((_, i) => {
      const reply = res?.[i * 2]?.[1];
      return typeof reply === "number" ? String(reply) : "";
    });
    const nodes = (res?.at(-1)?.[1] as string[] | undefined) ?? [];
    namespaces.forEach((ns, i) => {
      this.localVersions.set(ns, versions[i]!);
      this.pendingBumps.delete(ns);
    });
    const id = randomUUID();
    const waiting = new Set(nodes.filter((n) => n !== this.opts.nodeId));
    const acked = new Promise<void>((resolve) => {
      if (waiting.size === 0) return resolve();
      this.acks.set(id, { waiting, done: resolve });
    });
    try {
      await r.publish(this.keys.channel, JSON.stringify({ id, node: this.opts.nodeId, v: Object.fromEntries(namespaces.map((ns, i) => [ns, versions[i]])) }));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, ACK_TIMEOUT_MS)));
      await Promise.race([acked, timedOut]);
      clearTimeout(timer);
      if (waiting.size > 0) {
        this.counters.ackTimeouts++;
        // After a stall the timer fires before pending socket reads are handled: let this
        // process's own subscriber apply what already arrived before the writer answers.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.acks.delete(id);
    }
  }

  private onAck(message: string): void {
    const [id, node] = message.split(" ");
    const pending = id ? this.acks.get(id) : undefined;
    if (!pending || !node) return;
    pending.waiting.delete(node);
    if (pending.waiting.size === 0) pending.done();
  }

  /** Tells the cluster this node is alive (and so must acknowledge invalidations). */
  private async beat(): Promise<void> {
    if (!this.redis || !this.connectedNow || !this.subscribed) return;
    // Past the breaker: a node whose reads are slow is still alive and must still be waited for.
    await this.redis
      .multi()
      .zadd(this.keys.nodes, Date.now(), this.opts.nodeId)
      .zremrangebyscore(this.keys.nodes, "-inf", Date.now() - 10 * NODE_TIMEOUT_MS)
      .exec()
      .catch((err: unknown) => this.opts.onError?.(err, "heartbeat"));
  }

  private async replayBumps(): Promise<void> {
    if (this.pendingBumps.size === 0 || !this.connectedNow) return;
    await this.bump([...this.pendingBumps]).catch((err: unknown) => this.opts.onError?.(err, "replay"));
  }

  private onRemoteInvalidation(message: string): void {
    try {
      const { id, node, v } = JSON.parse(message) as { id: string; node: string; v: Record<string, string> };
      if (node === this.opts.nodeId) return;
      for (const [ns, version] of Object.entries(v)) {
        const local = this.localVersions.get(ns);
        if (local === undefined || !(Number(local) > Number(version))) this.localVersions.set(ns, version);
        this.dropNs(ns);
      }
      // Applied: the writer may answer now.
      void this.redis
        ?.publish(this.keys.ack, `${id} ${this.opts.nodeId}`)
        .catch((err: unknown) => this.opts.onError?.(err, "ack"));
      this.scheduleWarm(Object.keys(v));
    } catch (err) {
      this.opts.onError?.(err, "pubsub message");
    }
  }

  private dropNs(ns: string): void {
    const keys = this.byNs.get(ns);
    if (!keys) return;
    for (const k of [...keys]) this.l1.delete(k);
    this.byNs.delete(ns);
  }

  // ------------------------------------------------------------ warm-up
  /** Counts the access; remembers how to re-load it only while it is among the hottest keys. */
  private track(ns: string, key: string, warm: { kind: string; args: unknown }): void {
    // One read in four is enough to rank keys by frequency, at a quarter of the cost.
    if ((this.trackTick++ & 3) !== 0) return;
    const id = `${ns}\u0001${key}`;
    if (this.sketch.add(id) && !this.warmArgs.has(id)) {
      this.warmArgs.set(id, { ns, kind: warm.kind, args: warm.args });
      if (this.warmArgs.size > 1024) for (const k of this.warmArgs.keys()) if (!this.sketch.isHot(k)) this.warmArgs.delete(k);
    }
  }

  /** Re-loads the hottest keys of these namespaces (all hot keys when none are given), in the background. */
  scheduleWarm(namespaces?: string[]): void {
    const wanted = namespaces ? new Set(namespaces) : null;
    for (const id of this.sketch.hottest(64)) {
      const w = this.warmArgs.get(id);
      if (w && (!wanted || wanted.has(w.ns))) this.warmQueue.add(id);
    }
    if (this.warmQueue.size === 0 || this.warmTimer) return;
    this.warmTimer = setTimeout(() => void this.runWarm(), 50);
    this.warmTimer.unref();
  }

  private async runWarm(): Promise<void> {
    this.warmTimer = null;
    const ids = [...this.warmQueue];
    this.warmQueue.clear();
    for (const id of ids) {
      const w = this.warmArgs.get(id);
      const warmer = w && this.warmers.get(w.kind);
      if (!w || !warmer) continue;
      try {
        await (warmer as (a: unknown) => Promise<unknown>)(w.args);
        this.counters.warmed++;
      } catch (err) {
        this.opts.onError?.(err, `warm ${w.kind}`);
      }
    }
  }

  /** Saves the hottest keys (with how to re-load them) so the next start of any node can warm them. */
  async saveHotKeys(): Promise<void> {
    if (!this.redis || this.degraded) return;
    const hot = this.sketch
      .hottest(64)
      .map((id) => this.warmArgs.get(id))
      .filter((w) => w !== undefined)
      .map((w) => JSON.stringify(w));
    if (hot.length === 0) return;
    await this.viaRedis((r) => r.multi().del(this.keys.hot).rpush(this.keys.hot, ...hot).expire(this.keys.hot, VERSION_TTL_S).exec());
  }

  /** At start: re-load the keys that were hottest cluster-wide before, so the first visitor hits a warm cache. */
  async warmFromSaved(): Promise<number> {
    if (!this.redis) return 0;
    try {
      await this.ready(3_000);
      const saved = await this.viaRedis((r) => r.lrange(this.keys.hot, 0, 63));
      saved.forEach((raw, i) => {
        const id = `saved\u0001${i}`;
        this.warmArgs.set(id, JSON.parse(raw) as { ns: string; kind: string; args: unknown });
        this.warmQueue.add(id);
      });
      await this.runWarm();
      return saved.length;
    } catch (err) {
      this.opts.onError?.(err, "warm from saved");
      return 0;
    }
  }

  stats() {
    const c = this.counters;
    const rate = (h: number, m: number) => (h + m === 0 ? 0 : h / (h + m));
    const requests = c.l1.hits + c.l1.misses;
    return {
      mode: this.mode,
      l1: { ...c.l1, hitRate: rate(c.l1.hits, c.l1.misses), bytes: this.l1.calculatedSize, maxBytes: this.opts.l1MaxBytes, entries: this.l1.size },
      l2: { ...c.l2, hitRate: rate(c.l2.hits, c.l2.misses), available: this.redis ? !this.degraded : false },
      // Reads answered without running a loader (L1 or L2 hit, or joined to another read's load).
      hitRate: requests ? (requests - c.loads) / requests : 0,
      requests,
      loads: c.loads,
      loadTimeMs: { total: Math.round(c.loadMs), avg: c.loads ? c.loadMs / c.loads : 0 },
      staleRejected: c.staleRejected,
      ackTimeouts: c.ackTimeouts,
      warmed: c.warmed,
      inflight: this.inflight.size,
    };
  }

  /** Drops the least recently used `fraction` of L1 (memory pressure); returns how many went. */
  shed(fraction: number): number {
    const n = Math.floor(this.l1.size * fraction);
    let dropped = 0;
    for (const key of this.l1.rkeys()) {
      if (dropped >= n) break;
      this.l1.delete(key);
      dropped++;
    }
    return dropped;
  }

  /** Removes expired L1 entries now rather than when next touched (maintenance). */
  prune(): { entries: number; bytes: number; removed: number } {
    const before = this.l1.size;
    this.l1.purgeStale();
    return { entries: this.l1.size, bytes: this.l1.calculatedSize, removed: before - this.l1.size };
  }

  async close(): Promise<void> {
    if (this.warmTimer) clearTimeout(this.warmTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.beacon) clearInterval(this.beacon);
    await this.saveHotKeys().catch(() => undefined);
    // Leave the live set, so writers stop waiting for this node's acknowledgements.
    if (this.redis && !this.degraded) await this.viaRedis((r) => r.zrem(this.keys.nodes, this.opts.nodeId)).catch(() => undefined);
    this.breaker?.shutdown();
    this.sub?.disconnect();
    this.redis?.disconnect();
  }
}
