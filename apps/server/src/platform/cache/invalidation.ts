/**
 * Invalidation across nodes by namespace version, over Redis. A write bumps its namespaces'
 * versions (INCR), publishes the new versions, and waits until every other live node has applied
 * them and acknowledged, before the write is answered: so each node's version mirror is current
 * whenever a client could know of a write, and an L1 hit needs no round trip. A miss reads the
 * authoritative version (through the read breaker) before it looks in L2 or loads, so nothing is
 * stored under an outdated version.
 *
 * Degraded ("l1-degraded": Redis unreachable, the read breaker open, or this node's stream not
 * current) limits what a node trusts, never what it tells: while its connection is up, a write
 * bumps past the breaker even if its own stream is late. Bumps that cannot be told are queued and
 * replayed when Redis is back (connection ready, breaker closed, stream back).
 */
import { randomUUID } from "node:crypto";
import { KEY_TTL_S, type RedisLink } from "./redis-link.js";
import { NODE_TIMEOUT_MS, StreamHealth } from "./stream-health.js";
import type { VersionMirror } from "./versions.js";

/**
 * How long a writer waits for every live node to confirm an invalidation. Acks take about a
 * millisecond; the bound matters only for a node that died without leaving the live set (at most
 * NODE_TIMEOUT_MS) or one stalled by a starved CPU, and a stalled node must still get its chance.
 */
const ACK_TIMEOUT_MS = 1_000;
/** Attempts at telling the cluster of a write before the bump is queued for replay. */
const BUMP_TRIES = 3;

export interface InvalidationHooks {
  /** A namespace's version moved on: its L1 entries are unreachable. */
  drop(ns: string): void;
  /** Another node's invalidation was applied here. */
  applied(namespaces: string[]): void;
  /** Messages may have been missed: L1 is not trusted any more. */
  forget(): void;
  onError?: (err: unknown, where: string) => void;
}

export class Invalidation {
  readonly stream: StreamHealth;
  /** Whether the command connection has been up at least once (false during start-up). */
  private connected = false;
  private readonly acks = new Map<string, { waiting: Set<string>; done: () => void }>();
  /** Redis commands of the protocol that failed (counted with L2's errors). */
  errors = 0;
  /** Invalidations some live node did not acknowledge in time. */
  ackTimeouts = 0;

  constructor(
    private readonly link: RedisLink,
    private readonly versions: VersionMirror,
    private readonly nodeId: string,
    currentMs: number,
    private readonly hooks: InvalidationHooks,
  ) {
    this.stream = new StreamHealth(link, nodeId, currentMs, {
      gap: () => this.forget(),
      back: () => this.replay(),
      onError: hooks.onError,
    });
    link.breaker.on("close", () => void this.replay());
    link.redis.on("ready", () => {
      this.connected = true;
      void this.replay();
    });
    link.sub.on("message", (channel: string, message: string) => {
      if (channel === link.keys.ack) this.onAck(message);
      else if (message.startsWith("b ")) this.stream.onBeacon(message);
      else this.onRemoteInvalidation(message);
    });
  }

  get degraded(): boolean {
    return !this.link.reachable || !this.stream.hearing;
  }

  /** Drops the version mirror and L1: nothing cached before a gap in the stream is trusted after it. */
  private forget(): void {
    this.versions.clear();
    this.hooks.forget();
  }

  /** Whether this node has been subscribed and connected at least once (false during start-up). */
  get startedUp(): boolean {
    return this.stream.started && this.connected;
  }

  /**
   * A write on a node still starting up must not be answered before the other nodes can be told:
   * it waits (bounded) until the node has subscribed and can send commands, rather than queue the
   * bump while they serve the old value. (Either connection can come up first.)
   */
  untilStartedUp(): Promise<void> {
    return until(() => this.stream.started && this.link.connected, 3_000);
  }

  /** The authoritative version (from Redis), for the miss path; the local mirror when degraded. */
  async version(ns: string): Promise<string> {
    if (this.degraded || this.versions.pending.has(ns)) return this.versions.get(ns);
    try {
      const v = (await this.link.read((r) => r.get(`${this.link.keys.prefix}v:${ns}`))) ?? "0";
      // A message processed while this GET was in flight may already have moved the mirror on.
      const local = this.versions.seen(ns);
      if (local !== undefined && Number(local) > Number(v)) return local;
      if (!this.versions.pending.has(ns)) this.versions.set(ns, v);
      return v;
    } catch (err) {
      this.errors++;
      this.hooks.onError?.(err, "version");
      return this.versions.get(ns);
    }
  }

  /**
   * Bumps, trying again while the connection is up (a command can time out on a loaded host); what
   * cannot be told now is queued and replayed when Redis is back.
   */
  async tell(namespaces: string[]): Promise<void> {
    for (let attempt = 1; this.link.connected; attempt++) {
      try {
        return await this.bump(namespaces);
      } catch (err) {
        this.errors++;
        this.hooks.onError?.(err, "invalidate");
        if (attempt === BUMP_TRIES) break;
      }
    }
    for (const ns of namespaces) this.versions.pending.add(ns);
  }

  /**
   * Bumps the namespaces in Redis, publishes the new versions, and waits (up to ACK_TIMEOUT_MS)
   * until every other live node has applied them: after this resolves, no node serves the old values.
   */
  private async bump(namespaces: string[]): Promise<void> {
    if (namespaces.length === 0) return;
    // Past the breaker (it guards reads): a write that skipped telling the others would let them
    // serve what it replaced. ioredis bounds each command (commandTimeout).
    const { redis: r, keys } = this.link;
    const multi = r.multi();
    for (const ns of namespaces) multi.incr(`${keys.prefix}v:${ns}`).expire(`${keys.prefix}v:${ns}`, KEY_TTL_S);
    multi.zrangebyscore(keys.nodes, Date.now() - NODE_TIMEOUT_MS, "+inf");
    const res = await multi.exec();
    // Replies come as [error, value] pairs: INCR's value is the new version number.
    const versions = namespaces.map((_, i) => {
      const reply = res?.[i * 2]?.[1];
      return typeof reply === "number" ? String(reply) : "";
    });
    const nodes = (res?.at(-1)?.[1] as string[] | undefined) ?? [];
    namespaces.forEach((ns, i) => {
      this.versions.set(ns, versions[i]!);
      this.versions.pending.delete(ns);
    });
    const id = randomUUID();
    const waiting = new Set(nodes.filter((n) => n !== this.nodeId));
    const acked = new Promise<void>((resolve) => {
      if (waiting.size === 0) return resolve();
      this.acks.set(id, { waiting, done: resolve });
    });
    try {
      await r.publish(
        keys.channel,
        JSON.stringify({ id, node: this.nodeId, v: Object.fromEntries(namespaces.map((ns, i) => [ns, versions[i]])) }),
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, ACK_TIMEOUT_MS)));
      await Promise.race([acked, timedOut]);
      clearTimeout(timer);
      if (waiting.size > 0) {
        this.ackTimeouts++;
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

  private async replay(): Promise<void> {
    if (this.versions.pending.size === 0 || !this.link.connected) return;
    await this.bump([...this.versions.pending]).catch((err: unknown) => this.hooks.onError?.(err, "replay"));
  }

  private onRemoteInvalidation(message: string): void {
    try {
      const { id, node, v } = JSON.parse(message) as { id: string; node: string; v: Record<string, string> };
      if (node === this.nodeId) return;
      for (const [ns, version] of Object.entries(v)) {
        const local = this.versions.seen(ns);
        if (local === undefined || !(Number(local) > Number(version))) this.versions.set(ns, version);
        this.hooks.drop(ns);
      }
      // Applied: the writer may answer now.
      void this.link.redis.publish(this.link.keys.ack, `${id} ${this.nodeId}`).catch((err: unknown) => this.hooks.onError?.(err, "ack"));
      this.hooks.applied(Object.keys(v));
    } catch (err) {
      this.hooks.onError?.(err, "pubsub message");
    }
  }

  /** Stops the heartbeats and beacons. */
  stop(): void {
    this.stream.stop();
  }

  /** Leaves the live set (while Redis answers) and disconnects. */
  async close(): Promise<void> {
    if (!this.degraded) await this.stream.leave();
    this.link.close();
  }
}

/** Polls `done` every 20 ms until it holds or `ms` have passed. */
export async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
