/**
 * Whether this node hears the cluster's invalidations, and its place among the nodes writers wait for:
 * - the subscription: (re)subscribing after a gap means messages may have been missed, so what was
 *   cached locally is forgotten;
 * - beacons: every BEACON_MS the node publishes one on the invalidation channel and counts its
 *   stream current only while the newest of its own beacons to come back was *sent* less than
 *   `currentMs` ago (pub/sub keeps order, so every invalidation published before it was applied).
 *   Sent, not received: when the channel's lag grows, a beacon that arrives now may have left long
 *   before a writer's invalidation that has not arrived yet, and the writer stops waiting for this
 *   node after its acknowledgement timeout (= CURRENT_MS). A link that stalls without an error
 *   looks healthy to the client library; this is how a node notices;
 * - heartbeats into the live set, past the read breaker: a node whose reads are slow is still
 *   alive and must still be waited for.
 */
import { randomUUID } from "node:crypto";
import type { RedisLink } from "./redis-link.js";

const HEARTBEAT_MS = 2_000;
const BEACON_MS = 250;
/** Without its own beacon back for this long, a node trusts nothing it cached (a revoked key fails within a second). */
export const CURRENT_MS = 1_000;
/** A node silent for this long is not waited for. */
export const NODE_TIMEOUT_MS = 6_000;

export interface StreamHooks {
  /** Messages may have been missed: nothing cached locally is trusted any more. */
  gap(): void;
  /** Subscribed again, or an own beacon came back: what could not be told may be told now. */
  back(): Promise<void>;
  onError?: (err: unknown, where: string) => void;
}

export class StreamHealth {
  private subscribed = false;
  /** Whether this node has been subscribed at least once (false during start-up). */
  started = false;
  /** When the newest of this node's own beacons to come back was sent (this node's clock, ms): its invalidation stream was current until then. */
  private lastBeacon = 0;
  /** This instance's beacon (node ids can repeat, e.g. two apps in one test process). */
  private readonly beaconId = randomUUID();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly beacon: NodeJS.Timeout;

  constructor(
    private readonly link: RedisLink,
    private readonly nodeId: string,
    private readonly currentMs: number,
    private readonly hooks: StreamHooks,
  ) {
    link.sub.on("ready", () => void this.resubscribe());
    for (const event of ["close", "end", "reconnecting"]) link.sub.on(event, () => (this.subscribed = false));
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.beacon = setInterval(() => this.sendBeacon(), BEACON_MS);
    this.beacon.unref();
  }

  /** Whether every invalidation published until a moment ago has reached this node. */
  get hearing(): boolean {
    return this.subscribed && this.current;
  }

  private get current(): boolean {
    return performance.now() - this.lastBeacon < this.currentMs;
  }

  private sendBeacon(): void {
    if (this.link.redis.status !== "ready" || !this.subscribed) return;
    this.link.redis
      .publish(this.link.keys.channel, `b ${this.beaconId} ${performance.now()}`)
      .catch((err: unknown) => this.hooks.onError?.(err, "beacon"));
  }

  /** A beacon off the invalidation channel (`b <id> <sent>`); only this node's own count. */
  onBeacon(message: string): void {
    const [, id, sent] = message.split(" ");
    if (id !== this.beaconId) return;
    // Back after a gap: what was cached meanwhile may have missed an invalidation.
    if (!this.current) this.hooks.gap();
    this.lastBeacon = Math.max(this.lastBeacon, Number(sent) || 0);
    void this.hooks.back();
  }

  /** (Re)subscribing after a gap: messages may have been missed, so nothing local is trusted any more. */
  private async resubscribe(): Promise<void> {
    try {
      await this.link.sub.subscribe(this.link.keys.channel, this.link.keys.ack);
      this.hooks.gap();
      this.subscribed = true;
      this.started = true;
      // Current once the first beacon comes back through the new subscription.
      this.sendBeacon();
      await this.beat();
      await this.hooks.back();
    } catch (err) {
      this.hooks.onError?.(err, "subscribe");
    }
  }

  /** Tells the cluster this node is alive (and so must acknowledge invalidations). */
  private async beat(): Promise<void> {
    if (!this.link.connected || !this.subscribed) return;
    const { redis, keys } = this.link;
    await redis
      .multi()
      .zadd(keys.nodes, Date.now(), this.nodeId)
      .zremrangebyscore(keys.nodes, "-inf", Date.now() - 10 * NODE_TIMEOUT_MS)
      .exec()
      .catch((err: unknown) => this.hooks.onError?.(err, "heartbeat"));
  }

  /** Leaves the live set, so writers stop waiting for this node's acknowledgements. */
  async leave(): Promise<void> {
    await this.link.read((r) => r.zrem(this.link.keys.nodes, this.nodeId)).catch(() => undefined);
  }

  stop(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.beacon);
  }
}
