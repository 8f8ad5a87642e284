import { createRequire } from "node:module";
import type * as IoRedis from "ioredis";

/** ioredis, loaded with the first connection: a node without Redis never carries it. */
let ioredis: typeof IoRedis | undefined;

/**
 * A Redis connection that fails fast while the server is unreachable (no offline queue, one try
 * per command) and keeps reconnecting in the background, so callers can fall back at once.
 */
export function connectRedis(url: string, name: string): IoRedis.Redis {
  ioredis ??= createRequire(import.meta.url)("ioredis") as typeof IoRedis;
  const redis = new ioredis.Redis(url, {
    connectionName: name,
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    lazyConnect: false,
  });
  // Errors surface through the commands (and the circuit breaker); the event must have a listener.
  redis.on("error", () => undefined);
  return redis;
}
