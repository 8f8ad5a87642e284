import { describe, expect, it } from "vitest";
import { Cache } from "./cache.js";

/** The cache without Redis (one node): what the split pieces still do together. */
describe("Cache without Redis", () => {
  it("loads once, hits after, and makes a namespace's keys unreachable on invalidate", async () => {
    const cache = new Cache({ l1MaxBytes: 1 << 20, nodeId: "solo", degradedTtlMs: 60_000 });
    let loads = 0;
    const load = (value: string) => () => Promise.resolve(`${value}${++loads}`);
    const [a, b] = await Promise.all([
      cache.getOrLoad("n", "k", load("v"), { ttlMs: 60_000 }),
      cache.getOrLoad("n", "k", load("v"), { ttlMs: 60_000 }),
    ]);
    expect(a.value).toBe("v1");
    expect(b).toBe(a); // concurrent misses share one load
    expect(cache.peek("n", "k")).toBe(a);
    await cache.getOrLoad("other", "k", load("o"), { ttlMs: 60_000 });

    const versions = await cache.invalidate("n", "n");
    expect([...versions.keys()]).toEqual(["n"]);
    expect(cache.peek("n", "k")).toBeUndefined();
    expect(cache.peek("other", "k")?.value).toBe("o2");
    expect((await cache.getOrLoad("n", "k", load("v"), { ttlMs: 60_000 })).value).toBe("v3");

    // Written through under the version the invalidation answered: the next read is a hit.
    const [version] = (await cache.invalidate("n")).values();
    await cache.put("n", version!, "k", "written", 60_000);
    expect(cache.peek("n", "k")?.value).toBe("written");

    const stats = cache.stats();
    expect(stats).toMatchObject({ mode: "l1", loads: 3, l1: { hits: 3, misses: 4 }, l2: { available: false }, ackTimeouts: 0 });
    await cache.close();
  });

  it("re-loads hot keys of an invalidated namespace in the background", async () => {
    const cache = new Cache({ l1MaxBytes: 1 << 20, nodeId: "warm", degradedTtlMs: 60_000 });
    const warmed: string[] = [];
    cache.registerWarmer("thing", async (args: { id: string }) => {
      warmed.push(args.id);
      await cache.getOrLoad("n", args.id, () => Promise.resolve(`fresh ${args.id}`), { ttlMs: 60_000, warm: { kind: "thing", args } });
    });
    const read = (id: string) =>
      cache.getOrLoad("n", id, () => Promise.resolve(`first ${id}`), { ttlMs: 60_000, warm: { kind: "thing", args: { id } } });
    for (let i = 0; i < 8; i++) await read("hot");
    await cache.invalidate("n");
    await new Promise((r) => setTimeout(r, 120));
    expect(warmed).toContain("hot");
    expect(cache.peek("n", "hot")?.value).toBe("fresh hot");
    expect(cache.stats().warmed).toBeGreaterThan(0);
    await cache.close();
  });

  it("runs every loader when turned off", async () => {
    const cache = new Cache({ l1MaxBytes: 1 << 20, nodeId: "off", enabled: false });
    await cache.getOrLoad("n", "k", () => Promise.resolve("a"), { ttlMs: 60_000 });
    expect((await cache.getOrLoad("n", "k", () => Promise.resolve("b"), { ttlMs: 60_000 })).value).toBe("b");
    expect(cache.peek("n", "k")).toBeUndefined();
    expect(cache.stats().loads).toBe(2);
    await cache.close();
  });
});
