import { EventEmitter } from "node:events";

/**
 * Small messages to whoever listens on a channel, on this node and (with Redis) on every node: a
 * build running on a worker streams its stages to a browser connected to any API node.
 */
export interface EventBus {
  publish(channel: string, message: unknown): Promise<void>;
  /** `ready` resolves once messages published from now on will arrive; `close` unsubscribes. */
  subscribe(channel: string, listener: (message: unknown) => void): Subscription;
  close(): Promise<void>;
}

export interface Subscription {
  ready: Promise<void>;
  close(): void;
}

const PREFIX = "vta:ev:";

/** With Redis, ioredis is loaded here, so a node without Redis does not carry it. */
export async function openEventBus(redisUrl: string | undefined, onError: (err: unknown) => void = () => undefined): Promise<EventBus> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  if (!redisUrl) {
    return {
      publish: (channel, message) => {
        local.emit(channel, message);
        return Promise.resolve();
      },
      subscribe: (channel, listener) => {
        local.on(channel, listener);
        return { ready: Promise.resolve(), close: () => local.off(channel, listener) };
      },
      close: () => Promise.resolve(),
    };
  }
  const { Redis } = await import("ioredis");
  const options = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true };
  const pub = new Redis(redisUrl, options);
  const sub = new Redis(redisUrl, options);
  pub.on("error", onError);
  sub.on("error", onError);
  const subscriptions = new Map<string, { count: number; ready: Promise<void> }>();
  sub.on("message", (channel: string, raw: string) => {
    try {
      local.emit(channel.slice(PREFIX.length), JSON.parse(raw) as unknown);
    } catch (err) {
      onError(err);
    }
  });
  return {
    async publish(channel, message) {
      await pub.publish(PREFIX + channel, JSON.stringify(message));
    },
    subscribe(channel, listener) {
      local.on(channel, listener);
      let entry = subscriptions.get(channel);
      if (entry) entry.count++;
      else {
        entry = { count: 1, ready: sub.subscribe(PREFIX + channel).then(() => undefined, onError) };
        subscriptions.set(channel, entry);
      }
      let closed = false;
      return {
        ready: entry.ready,
        close: () => {
          if (closed) return;
          closed = true;
          local.off(channel, listener);
          const e = subscriptions.get(channel);
          if (e && --e.count === 0) {
            subscriptions.delete(channel);
            sub.unsubscribe(PREFIX + channel).catch(onError);
          }
        },
      };
    },
    async close() {
      local.removeAllListeners();
      pub.disconnect();
      sub.disconnect();
      return Promise.resolve();
    },
  };
}
