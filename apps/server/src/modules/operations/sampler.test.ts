import { describe, expect, it, vi } from "vitest";
import { Cache } from "../../platform/cache/cache.js";
import type { Db } from "../../platform/db/client.js";
import { RequestStats } from "../../platform/observability/requests.js";
import { Sampler } from "./sampler.js";
import { normalizeSql, SlowQueryLog } from "./slow-queries.js";

describe("Sampler", () => {
  it("under memory pressure sheds half the cache and warns once, without forcing a gc", async () => {
    const cache = new Cache({ l1MaxBytes: 10_000_000, nodeId: "t" });
    for (let i = 0; i < 100; i++) await cache.getOrLoad("ns", `k${i}`, () => Promise.resolve(`value ${i}`), { ttlMs: 60_000 });
    expect(cache.stats().l1.entries).toBe(100);
    const warn = vi.fn();
    const written: unknown[] = [];
    const db = { execute: (q: unknown) => Promise.resolve(written.push(q)) } as unknown as Db;
    const requests = new RequestStats();
    const sampler = new Sampler({
      db,
      nodeId: "t",
      requests,
      cache,
      connections: () => Promise.resolve(3),
      pressureRatio: 0.000001,
      log: { warn, debug: vi.fn() },
    });
    const samples: unknown[] = [];
    sampler.subscribe((s) => samples.push(s));
    vi.useFakeTimers();
    sampler.start();
    await vi.advanceTimersByTimeAsync(2_000);
    sampler.stop();
    vi.useRealTimers();
    requests.close();
    expect(sampler.memoryPressure).toBe(true);
    expect(cache.stats().l1.entries).toBeLessThanOrEqual(25); // halved on each of the two samples
    expect(warn).toHaveBeenCalledTimes(1);
    expect(samples).toHaveLength(2);
    expect(samples[0]).toMatchObject({ values: { activeConnections: 3, heapUsedBytes: expect.any(Number) as unknown } });
    await cache.close();
  });
});

describe("SlowQueryLog", () => {
  it("groups slow statements by their shape, with count, total and worst time", () => {
    const log = new SlowQueryLog(10);
    log.record(5, "select * from agents where id = $1"); // under the threshold
    log.record(20, "select * from agents where name = 'Ada' and n = 3");
    log.record(40, "select * from agents where name = 'Bob' and n = 7");
    expect(log.top()).toEqual([
      { sql: "select * from agents where name = ? and n = ?", count: 2, totalMs: 60, maxMs: 40, lastAt: expect.any(String) as unknown },
    ]);
    expect(normalizeSql("insert into t values ($1, $2, 'x''y', 1.5)")).toBe("insert into t values (?, ?, ?, ?)");
  });
});
