import { Redis } from "ioredis";

/**
 * A Redis connection that fails fast while the server is unreachable (no offline queue, one try
 * per command) and keeps reconnecting in the background, so callers can fall back at once.
 */
export function connectRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
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
