/**
 * The cache's way to Redis: the names of its cluster's keys and channels, a command connection and
 * a subscriber connection, and the circuit breaker that guards reads (a slow Redis must not slow
 * every request; what tells the other nodes of a write goes past it, on `redis` directly).
 */
import CircuitBreaker from "opossum";
import type { Redis } from "ioredis";
import { connectRedis } from "./redis.js";

/** Namespace versions and the saved hot-key list live this long after their last write. */
export const KEY_TTL_S = 7 * 24 * 3600;

/**
 * Every Redis key and channel of one cluster (the nodes that invalidate each other) is under
 * `vta:<cluster>:`, so deployments sharing one Redis never wait for or evict each other.
 */
export interface ClusterKeys {
  prefix: string;
  /** Invalidations and beacons. */
  channel: string;
  /** Acknowledgements of invalidations. */
  ack: string;
  /** The live set: node ids scored by their last heartbeat. */
  nodes: string;
  /** The saved hot-key list. */
  hot: string;
}

export function clusterKeys(cluster: string): ClusterKeys {
  const prefix = `vta:${cluster}:`;
  return { prefix, channel: `${prefix}cache:invalidate`, ack: `${prefix}cache:ack`, nodes: `${prefix}cache:nodes`, hot: `${prefix}hot` };
}

export class RedisLink {
  readonly redis: Redis;
  readonly sub: Redis;
  readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;

  constructor(
    url: string,
    nodeId: string,
    readonly keys: ClusterKeys,
  ) {
    this.redis = connectRedis(url, `vta-cache-${nodeId}`);
    this.sub = connectRedis(url, `vta-cache-sub-${nodeId}`);
    this.breaker = new CircuitBreaker((op: () => Promise<unknown>) => op(), {
      timeout: 1_000,
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      resetTimeout: 1_000,
    });
  }

  /** Whether the command connection is up, whatever the breaker says. */
  get connected(): boolean {
    return this.redis.status === "ready";
  }

  /** Whether reads can be sent now (the connection is up and the breaker closed). */
  get reachable(): boolean {
    return this.connected && !this.breaker.opened;
  }

  /** Reads (and cache fills) go through the breaker. */
  async read<T>(op: (r: Redis) => Promise<T>): Promise<T> {
    const redis = this.redis;
    return (await this.breaker.fire(() => op(redis))) as T;
  }

  close(): void {
    this.breaker.shutdown();
    this.sub.disconnect();
    this.redis.disconnect();
  }
}
